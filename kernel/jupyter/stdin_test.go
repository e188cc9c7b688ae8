package jupyter

import (
	"strings"
	"testing"
)

func TestStdinRoundTrip(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())
	id := c.send("shell", "execute_request", map[string]any{"code": "print before\ninput name?", "allow_stdin": true})
	req := c.recv("stdin")
	if rc := content(req); req.header.MsgType != "input_request" || rc["prompt"] != "name?" || rc["password"] != false || parentID(req) != id {
		t.Fatalf("input_request: %s %v (parent %s)", req.header.MsgType, rc, parentID(req))
	}
	// A reply to an earlier request is stale and ignored; jupyter_client
	// sends input_reply with an empty parent, which is accepted.
	stale, _ := c.codec.encode(outgoing{msgType: "input_reply", parent: []byte(`{"msg_id":"earlier"}`),
		content: map[string]any{"value": "stale"}})
	c.sendFrames("stdin", stale)
	c.send("stdin", "input_reply", map[string]any{"value": "gopher"})
	if rc := content(c.reply("shell", id)); rc["status"] != "ok" {
		t.Fatalf("reply: %v", rc)
	}
	if got := streamText(c.iopubUntilIdle(id), "stdout"); got != "before\ngot gopher\n" {
		t.Errorf("output %q", got)
	}
}

func TestStdinNotAllowed(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())
	reply, _ := c.execute("input name?", map[string]any{"allow_stdin": false})
	rc := content(reply)
	if rc["status"] != "error" || !strings.Contains(rc["evalue"].(string), "allow_stdin is false") {
		t.Errorf("reply: %v", rc)
	}
}

func TestStdinReplyWithoutWaitingCellIsIgnored(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())
	c.send("stdin", "input_reply", map[string]any{"value": "nobody asked"})
	c.send("stdin", "something_else", map[string]any{})
	if rc, _ := c.execute("value ok", nil); content(rc)["status"] != "ok" {
		t.Errorf("reply: %v", content(rc))
	}
}
