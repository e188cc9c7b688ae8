package jupyter

import (
	"fmt"
	"github.com/gonn-dev/gonn/kernel/jupyter/jupytertest"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestKernelInfoOnShellAndControl(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())
	for _, channel := range []string{"shell", "control"} {
		t.Run(channel, func(t *testing.T) {
			id := c.Send(channel, "kernel_info_request", nil)
			r := c.Reply(channel, id)
			if r.Header.MsgType != "kernel_info_reply" || r.Header.Version != ProtocolVersion {
				t.Fatalf("got %s version %s", r.Header.MsgType, r.Header.Version)
			}
			got := r.Content
			li := got["language_info"].(map[string]any)
			if got["status"] != "ok" || got["protocol_version"] != ProtocolVersion || got["implementation"] != "fake" ||
				li["name"] != "fake" || li["file_extension"] != ".fake" || li["mimetype"] != "text/x-fake" ||
				got["banner"] != "fake kernel" || len(got["help_links"].([]any)) != 1 {
				t.Errorf("kernel_info_reply content: %v", got)
			}
			if ts := jupytertest.Types(c.IOPubUntilIdle(id)); !reflect.DeepEqual(ts, []string{"status:busy", "status:idle"}) {
				t.Errorf("iopub for kernel_info: %v", ts)
			}
		})
	}
}

func TestExecuteSequence(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())

	reply, io := c.Execute("print hello\nvalue 42", nil)
	want := []string{"status:busy", "execute_input", "stream", "execute_result", "status:idle"}
	if ts := jupytertest.Types(io); !reflect.DeepEqual(ts, want) {
		t.Fatalf("iopub sequence %v, want %v", ts, want)
	}
	if got := io[1].Content; got["code"] != "print hello\nvalue 42" || got["execution_count"] != 1.0 {
		t.Errorf("execute_input: %v", got)
	}
	if got := io[2].Content; got["name"] != "stdout" || got["text"] != "hello\n" {
		t.Errorf("stream: %v", got)
	}
	res := io[3].Content
	if res["execution_count"] != 1.0 || res["data"].(map[string]any)["text/plain"] != "42" {
		t.Errorf("execute_result: %v", res)
	}
	if got := reply.Content; got["status"] != "ok" || got["execution_count"] != 1.0 {
		t.Errorf("execute_reply: %v", got)
	}

	cases := []struct {
		name      string
		code      string
		extra     map[string]any
		count     float64
		iopub     []string
		userExprs bool
	}{
		{"second cell counts 2", "print x", nil, 2, []string{"status:busy", "execute_input", "stream", "status:idle"}, false},
		{"silent shows nothing and does not count", "print x\nvalue 1", map[string]any{"silent": true}, 2,
			[]string{"status:busy", "status:idle"}, false},
		{"store_history false does not count", "value 1", map[string]any{"store_history": false}, 2,
			[]string{"status:busy", "execute_input", "execute_result", "status:idle"}, false},
		{"counting resumes", "", nil, 3, []string{"status:busy", "execute_input", "status:idle"}, false},
		{"user expressions", "print cell", map[string]any{"user_expressions": map[string]any{"a": "value 2\nprint hidden"}}, 4,
			[]string{"status:busy", "execute_input", "stream", "status:idle"}, true},
		{"stderr and stdout keep their order", "print a\neprint b\nprint c", nil, 5,
			[]string{"status:busy", "execute_input", "stream", "stream", "stream", "status:idle"}, false},
		{"goroutine output", "goroutine", nil, 6, []string{"status:busy", "execute_input", "stream", "status:idle"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			reply, io := c.Execute(tc.code, tc.extra)
			if ts := jupytertest.Types(io); !reflect.DeepEqual(ts, tc.iopub) {
				t.Errorf("iopub %v, want %v", ts, tc.iopub)
			}
			rc := reply.Content
			if rc["status"] != "ok" || rc["execution_count"] != tc.count {
				t.Errorf("reply %v, want count %v", rc, tc.count)
			}
			ue := rc["user_expressions"].(map[string]any)
			want := map[string]any{}
			if tc.userExprs {
				want["a"] = map[string]any{"status": "ok", "data": map[string]any{"text/plain": "2"}, "metadata": map[string]any{}}
			}
			if !reflect.DeepEqual(ue, want) {
				t.Errorf("user_expressions %v, want %v", ue, want)
			}
		})
	}
}

func TestUserExpressions(t *testing.T) {
	exprs := map[string]any{"ok": "value 42", "bad": "error no such thing"}
	cases := []struct {
		name  string
		fake  *fakeInterp
		code  string
		count int // cells the fake runs
		want  map[string]any
	}{
		{"evaluated by the protocol layer", newFake(), "print x", 3, map[string]any{
			"ok": map[string]any{"status": "ok", "data": map[string]any{"text/plain": "42"}, "metadata": map[string]any{}},
			"bad": map[string]any{"status": "error", "ename": "TestError", "evalue": "no such thing",
				"traceback": []any{"TestError: no such thing"}},
		}},
		{"evaluated by the engine", &fakeInterp{gates: map[string]chan struct{}{}, userExprs: true}, "print x", 1, map[string]any{
			"ok":  map[string]any{"status": "ok", "data": map[string]any{"text/plain": "engine: value 42"}, "metadata": map[string]any{}},
			"bad": map[string]any{"status": "ok", "data": map[string]any{"text/plain": "engine: error no such thing"}, "metadata": map[string]any{}},
		}},
		{"not after a failed cell", newFake(), "error cell failed", 1, map[string]any{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tk := startKernel(t, tc.fake)
			c := connect(t, tk.Connection())
			reply, io := c.Execute(tc.code, map[string]any{"user_expressions": exprs})
			if got := reply.Content["user_expressions"]; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("user_expressions\n got %v\nwant %v", got, tc.want)
			}
			if n := len(tc.fake.cells()); n != tc.count {
				t.Errorf("the engine ran %d cells, want %d", n, tc.count)
			}
			// Expressions show nothing and do not count.
			if ts := jupytertest.Types(io); len(ts) > 5 {
				t.Errorf("iopub %v", ts)
			}
			if r, _ := c.Execute("value next", nil); r.Content["execution_count"] != 2.0 {
				t.Errorf("next count %v", r.Content["execution_count"])
			}
		})
	}
}

func TestExecuteError(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())
	reply, io := c.Execute("print before\nerror it broke", nil)
	if ts := jupytertest.Types(io); !reflect.DeepEqual(ts, []string{"status:busy", "execute_input", "stream", "error", "status:idle"}) {
		t.Fatalf("iopub %v", ts)
	}
	e := io[3].Content
	if e["ename"] != "TestError" || e["evalue"] != "it broke" || len(e["traceback"].([]any)) != 1 {
		t.Errorf("error message: %v", e)
	}
	rc := reply.Content
	if rc["status"] != "error" || rc["ename"] != "TestError" || rc["execution_count"] != 1.0 {
		t.Errorf("reply: %v", rc)
	}
	// A panicking engine is an error too, and the kernel goes on.
	reply, _ = c.Execute("panic", nil)
	if rc := reply.Content; rc["status"] != "error" || rc["ename"] != "KernelPanic" {
		t.Errorf("reply to a panicking cell: %v", rc)
	}
	reply, _ = c.Execute("value ok", nil)
	if rc := reply.Content; rc["status"] != "ok" {
		t.Errorf("after the panic: %v", rc)
	}
}

// waitQueued waits until n execute requests are queued behind the
// running one.
func waitQueued(t *testing.T, k *Kernel, n int) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		k.queue.mu.Lock()
		got := len(k.queue.jobs)
		k.queue.mu.Unlock()
		if got >= n {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("fewer than %d requests queued", n)
}

func TestStopOnErrorAbortsQueuedCells(t *testing.T) {
	for _, stop := range []bool{true, false} {
		t.Run(fmt.Sprint("stop_on_error=", stop), func(t *testing.T) {
			fake := newFake()
			tk := startKernel(t, fake)
			c := connect(t, tk.Connection())
			req := func(code string) map[string]any {
				return map[string]any{"code": code, "stop_on_error": stop}
			}
			first := c.Send("shell", "execute_request", req("wait go\nerror first fails"))
			second := c.Send("shell", "execute_request", req("print second"))
			third := c.Send("shell", "execute_request", req("print third"))
			waitQueued(t, tk.Kernel, 2)
			fake.open("go")
			if rc := c.Reply("shell", first).Content; rc["status"] != "error" {
				t.Fatalf("first: %v", rc)
			}
			want := "ok"
			if stop {
				want = "aborted"
			}
			for _, id := range []string{second, third} {
				if rc := c.Reply("shell", id).Content; rc["status"] != want {
					t.Errorf("queued cell: status %v, want %v", rc["status"], want)
				}
			}
			if ran := len(fake.cells()); stop && ran != 1 || !stop && ran != 3 {
				t.Errorf("%d cells ran", ran)
			}
			// Cells sent after the abort run normally.
			if rc, _ := c.Execute("print later", nil); rc.Content["status"] != "ok" {
				t.Errorf("later cell: %v", rc.Content)
			}
		})
	}
}

func TestInterrupt(t *testing.T) {
	cases := []struct {
		name      string
		code      string
		interrupt func(c *jupytertest.Client, k *Kernel)
	}{
		{"interrupt_request", "sleep", func(c *jupytertest.Client, k *Kernel) {
			id := c.Send("control", "interrupt_request", nil)
			if rc := c.Reply("control", id).Content; rc["status"] != "ok" {
				c.T.Errorf("interrupt_reply: %v", rc)
			}
		}},
		{"Kernel.Interrupt (SIGINT)", "sleep", func(c *jupytertest.Client, k *Kernel) {
			if !k.Interrupt() {
				c.T.Error("Interrupt found no running cell")
			}
		}},
		{"while waiting for input", "input name?", func(c *jupytertest.Client, k *Kernel) {
			c.Recv("stdin") // the input_request
			id := c.Send("control", "interrupt_request", nil)
			c.Reply("control", id)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tk := startKernel(t, newFake())
			c := connect(t, tk.Connection())
			id := c.Send("shell", "execute_request", map[string]any{"code": tc.code, "allow_stdin": true})
			// Wait until the cell runs: its execute_input is published.
			for m := c.Recv("iopub"); m.Header.MsgType != "execute_input"; m = c.Recv("iopub") {
			}
			tc.interrupt(c, tk.Kernel)
			rc := c.Reply("shell", id).Content
			if rc["status"] != "error" || !strings.Contains(fmt.Sprint(rc["ename"], rc["evalue"]), "nterrupt") {
				t.Fatalf("reply after interrupt: %v", rc)
			}
			// Interrupting an idle kernel is harmless (shutdown does it).
			iid := c.Send("control", "interrupt_request", nil)
			if rc := c.Reply("control", iid).Content; rc["status"] != "ok" {
				t.Errorf("idle interrupt_reply: %v", rc)
			}
			if rc, _ := c.Execute("value after", nil); rc.Content["status"] != "ok" {
				t.Errorf("after interrupt: %v", rc.Content)
			}
		})
	}
}

func TestControlAnswersWhileACellRuns(t *testing.T) {
	fake := newFake()
	tk := startKernel(t, fake)
	c := connect(t, tk.Connection())
	id := c.Send("shell", "execute_request", map[string]any{"code": "wait end"})
	for m := c.Recv("iopub"); m.Header.MsgType != "execute_input"; m = c.Recv("iopub") {
	}
	// Shell requests other than execute are answered while the cell runs,
	// and the kernel is re-asserted busy after each of their idles.
	for _, ch := range []string{"control", "shell"} {
		kid := c.Send(ch, "kernel_info_request", nil)
		c.Reply(ch, kid)
		io := c.IOPubUntilIdle(kid)
		if next := c.Recv("iopub"); next.Parent.MsgID != id || next.Content["execution_state"] != "busy" {
			t.Errorf("after %s kernel_info idle: %s %v, want busy for the running cell (%v)", ch, next.Header.MsgType, next.Content, jupytertest.Types(io))
		}
	}
	cid := c.Send("shell", "complete_request", map[string]any{"code": "pr", "cursor_pos": 2})
	if rc := c.Reply("shell", cid).Content; len(rc["matches"].([]any)) != 2 {
		t.Errorf("complete while running: %v", rc)
	}
	fake.open("end")
	if rc := c.Reply("shell", id).Content; rc["status"] != "ok" {
		t.Errorf("cell: %v", rc)
	}
}

func TestShutdown(t *testing.T) {
	for _, restart := range []bool{false, true} {
		t.Run(fmt.Sprint("restart=", restart), func(t *testing.T) {
			fake := newFake()
			tk := startKernel(t, fake)
			ci := tk.Connection()
			c := connect(t, ci)
			running := c.Send("shell", "execute_request", map[string]any{"code": "sleep"})
			for m := c.Recv("iopub"); m.Header.MsgType != "execute_input"; m = c.Recv("iopub") {
			}
			id := c.Send("control", "shutdown_request", map[string]any{"restart": restart})
			rc := c.Reply("control", id).Content
			if rc["status"] != "ok" || rc["restart"] != restart {
				t.Fatalf("shutdown_reply: %v", rc)
			}
			// The running cell was interrupted and answered.
			if rc := c.Reply("shell", running).Content; rc["status"] != "error" {
				t.Errorf("running cell: %v", rc)
			}
			sawShutdown := false
			for _, m := range c.IOPubUntilIdle(id) {
				sawShutdown = sawShutdown || m.Header.MsgType == "shutdown_reply"
			}
			if !sawShutdown {
				t.Error("no shutdown_reply on iopub")
			}
			tk.waitStopped(t)
			if !reflect.DeepEqual(fake.shutdown, []bool{restart}) {
				t.Errorf("Interpreter.Shutdown calls: %v", fake.shutdown)
			}
			if !restart {
				return
			}
			// The client restarts the kernel on the same ports.
			tk2 := startKernel(t, newFake(), func(cfg *Config) { cfg.Connection = ci })
			c2 := connect(t, tk2.Connection())
			if rc, _ := c2.Execute("value back", nil); rc.Content["status"] != "ok" {
				t.Errorf("after restart: %v", rc.Content)
			}
		})
	}
}

func TestShutdownOnShell(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())
	id := c.Send("shell", "shutdown_request", map[string]any{"restart": false})
	c.Reply("shell", id)
	tk.waitStopped(t)
}

func TestHeartbeat(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())
	for i := range 3 {
		ping := fmt.Sprintf("ping %d", i)
		if got := c.Heartbeat(ping); got != ping {
			t.Fatalf("heartbeat echoed %q, want %q", got, ping)
		}
	}
}

func TestDisplayAndClear(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())
	_, io := c.Execute("display d1\nupdate d1\nclear\ndisplay", nil)
	want := []string{"status:busy", "execute_input", "display_data", "update_display_data", "clear_output", "display_data", "status:idle"}
	if ts := jupytertest.Types(io); !reflect.DeepEqual(ts, want) {
		t.Fatalf("iopub %v, want %v", ts, want)
	}
	d := io[2].Content
	if d["transient"].(map[string]any)["display_id"] != "d1" || d["data"].(map[string]any)["text/plain"] != "shown d1" {
		t.Errorf("display_data: %v", d)
	}
	u := io[3].Content
	if u["transient"].(map[string]any)["display_id"] != "d1" || u["data"].(map[string]any)["text/plain"] != "updated d1" {
		t.Errorf("update_display_data: %v", u)
	}
	if io[4].Content["wait"] != true {
		t.Errorf("clear_output: %v", io[4].Content)
	}
	if tr := io[5].Content["transient"].(map[string]any); len(tr) != 0 {
		t.Errorf("display without id has transient %v", tr)
	}
}

func TestPagerPayload(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())
	reply, _ := c.Execute("page some help", nil)
	p := reply.Content["payload"].([]any)
	if len(p) != 1 || p[0].(map[string]any)["source"] != "page" {
		t.Errorf("payload %v", p)
	}
}

func TestCompleteInspectIsComplete(t *testing.T) {
	fake := newFake()
	cases := []struct {
		name    string
		msgType string
		content map[string]any
		full    map[string]any // reply content fields with the fake's optional interfaces
		bare    map[string]any // and without them
	}{
		{"complete", "complete_request", map[string]any{"code": "x := pr", "cursor_pos": 7},
			map[string]any{"status": "ok", "matches": []any{"print", "printn"}, "cursor_start": 5.0, "cursor_end": 7.0, "metadata": map[string]any{}},
			map[string]any{"status": "ok", "matches": []any{}, "cursor_start": 7.0, "cursor_end": 7.0, "metadata": map[string]any{}}},
		{"complete counts code points", "complete_request", map[string]any{"code": "é pr", "cursor_pos": 4},
			map[string]any{"status": "ok", "matches": []any{"print", "printn"}, "cursor_start": 2.0, "cursor_end": 4.0, "metadata": map[string]any{}},
			map[string]any{"status": "ok", "matches": []any{}, "cursor_start": 4.0, "cursor_end": 4.0, "metadata": map[string]any{}}},
		{"complete with cursor past the end", "complete_request", map[string]any{"code": "pa", "cursor_pos": 99},
			map[string]any{"status": "ok", "matches": []any{"panic"}, "cursor_start": 0.0, "cursor_end": 2.0, "metadata": map[string]any{}},
			map[string]any{"status": "ok", "matches": []any{}, "cursor_start": 2.0, "cursor_end": 2.0, "metadata": map[string]any{}}},
		{"inspect found", "inspect_request", map[string]any{"code": "print", "cursor_pos": 2, "detail_level": 1},
			map[string]any{"status": "ok", "found": true, "data": map[string]any{"text/plain": "print TEXT (detail 1)"}, "metadata": map[string]any{}},
			map[string]any{"status": "ok", "found": false, "data": map[string]any{}, "metadata": map[string]any{}}},
		{"inspect not found", "inspect_request", map[string]any{"code": "zzz", "cursor_pos": 1},
			map[string]any{"status": "ok", "found": false, "data": map[string]any{}, "metadata": map[string]any{}},
			map[string]any{"status": "ok", "found": false, "data": map[string]any{}, "metadata": map[string]any{}}},
		{"is_complete incomplete", "is_complete_request", map[string]any{"code": "print \\"},
			map[string]any{"status": "incomplete", "indent": "  "}, map[string]any{"status": "unknown"}},
		{"is_complete complete", "is_complete_request", map[string]any{"code": "print"},
			map[string]any{"status": "complete"}, map[string]any{"status": "unknown"}},
		{"is_complete invalid", "is_complete_request", map[string]any{"code": "!"},
			map[string]any{"status": "invalid"}, map[string]any{"status": "unknown"}},
	}
	full := connect(t, startKernel(t, fake).Connection())
	bare := connect(t, startKernel(t, bareInterp{fake}).Connection())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, v := range []struct {
				c    *jupytertest.Client
				want map[string]any
			}{{full, tc.full}, {bare, tc.bare}} {
				id := v.c.Send("shell", tc.msgType, tc.content)
				r := v.c.Reply("shell", id)
				if r.Header.MsgType != replyType(tc.msgType) {
					t.Errorf("reply type %s", r.Header.MsgType)
				}
				if got := r.Content; !reflect.DeepEqual(got, v.want) {
					t.Errorf("got %v\nwant %v", got, v.want)
				}
			}
		})
	}
}

func TestCommsAndUnknownMessages(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())
	id := c.Send("shell", "comm_info_request", map[string]any{})
	if rc := c.Reply("shell", id).Content; rc["status"] != "ok" || len(rc["comms"].(map[string]any)) != 0 {
		t.Errorf("comm_info_reply: %v", rc)
	}
	id = c.Send("shell", "comm_open", map[string]any{"comm_id": "c1", "target_name": "jupyter.widget", "data": map[string]any{}})
	closed := false
	for _, m := range c.IOPubUntilIdle(id) {
		closed = closed || m.Header.MsgType == "comm_close" && m.Content["comm_id"] == "c1"
	}
	if !closed {
		t.Error("comm_open for an unknown target was not answered with comm_close")
	}
	for _, ch := range []string{"shell", "control"} {
		id = c.Send(ch, "frobnicate_request", map[string]any{})
		r := c.Reply(ch, id)
		if rc := r.Content; r.Header.MsgType != "frobnicate_reply" || rc["status"] != "error" || rc["ename"] != "UnknownMessageType" {
			t.Errorf("%s: %s %v", ch, r.Header.MsgType, rc)
		}
	}
	c.Send("shell", "frobnicate", map[string]any{}) // not a request: ignored
	id = c.Send("control", "execute_request", map[string]any{"code": "print x"})
	if rc := c.Reply("control", id).Content; rc["status"] != "error" {
		t.Errorf("execute on control: %v", rc)
	}
	id = c.Send("shell", "connect_request", map[string]any{})
	if rc := c.Reply("shell", id).Content; rc["shell_port"] != float64(tk.Connection().ShellPort) {
		t.Errorf("connect_reply: %v", rc)
	}
}
