package jupyter

import (
	"github.com/gonn-dev/gonn/kernel/jupyter/jupytertest"
	"strings"
	"testing"
)

func TestStdinRoundTrip(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())
	id := c.Send("shell", "execute_request", map[string]any{"code": "print before\ninput name?", "allow_stdin": true})
	req := c.Recv("stdin")
	if rc := req.Content; req.Header.MsgType != "input_request" || rc["prompt"] != "name?" || rc["password"] != false || req.Parent.MsgID != id {
		t.Fatalf("input_request: %s %v (parent %s)", req.Header.MsgType, rc, req.Parent.MsgID)
	}
	// A reply to an earlier request is stale and ignored; jupyter_client
	// sends input_reply with an empty parent, which is accepted.
	stale, _ := c.Encode("input_reply", &jupytertest.Header{MsgID: "earlier"}, map[string]any{"value": "stale"})
	c.SendFrames("stdin", stale)
	c.Send("stdin", "input_reply", map[string]any{"value": "gopher"})
	if rc := c.Reply("shell", id).Content; rc["status"] != "ok" {
		t.Fatalf("reply: %v", rc)
	}
	if got := jupytertest.StreamText(c.IOPubUntilIdle(id), "stdout"); got != "before\ngot gopher\n" {
		t.Errorf("output %q", got)
	}
}

func TestStdinNotAllowed(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())
	reply, _ := c.Execute("input name?", map[string]any{"allow_stdin": false})
	rc := reply.Content
	if rc["status"] != "error" || !strings.Contains(rc["evalue"].(string), "allow_stdin is false") {
		t.Errorf("reply: %v", rc)
	}
}

func TestStdinReplyWithoutWaitingCellIsIgnored(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())
	c.Send("stdin", "input_reply", map[string]any{"value": "nobody asked"})
	c.Send("stdin", "something_else", map[string]any{})
	if rc, _ := c.Execute("value ok", nil); rc.Content["status"] != "ok" {
		t.Errorf("reply: %v", rc.Content)
	}
}
