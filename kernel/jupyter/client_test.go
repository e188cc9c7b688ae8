package jupyter

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/gonn-dev/gonn/kernel/lang"
)

const testKey = "d7f1c4a2-test-key"

// timeout bounds every wait in these tests; nothing should come near it.
const timeout = 10 * time.Second

// testKernel is a kernel served by Run in the background.
type testKernel struct {
	*Kernel
	done chan error
	logs *logBuffer
}

// logBuffer collects the kernel's log.
type logBuffer struct {
	mu sync.Mutex
	sb strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sb.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sb.String()
}

// startKernel starts a kernel on free loopback ports.
func startKernel(t *testing.T, interp lang.Interpreter, configure ...func(*Config)) *testKernel {
	t.Helper()
	logs := &logBuffer{}
	cfg := Config{
		Connection:  ConnectionInfo{IP: "127.0.0.1", Key: testKey, SignatureScheme: "hmac-sha256"},
		Interpreter: interp,
		Log:         log.New(logs, "", log.Lmicroseconds),
	}
	for _, f := range configure {
		f(&cfg)
	}
	k, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tk := &testKernel{Kernel: k, done: make(chan error, 1), logs: logs}
	go func() { tk.done <- k.Run(context.Background()) }()
	t.Cleanup(func() {
		select {
		case <-tk.done:
		default:
			k.requestStop(false)
			select {
			case <-tk.done:
			case <-time.After(timeout):
				t.Errorf("kernel did not stop")
			}
		}
		if t.Failed() {
			t.Logf("kernel log:\n%s", logs.String())
		}
	})
	return tk
}

// waitStopped waits for Run to return.
func (tk *testKernel) waitStopped(t *testing.T) {
	t.Helper()
	select {
	case err := <-tk.done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		tk.done <- nil
	case <-time.After(timeout):
		t.Fatal("kernel did not stop")
	}
}

// testClient is a Jupyter client written with zmq4's own sockets.
type testClient struct {
	t      *testing.T
	codec  *codec
	ctx    context.Context
	cancel context.CancelFunc
	socks  map[string]zmq4.Socket
	in     map[string]chan *message
}

// connect dials every channel of the kernel, subscribes to iopub and
// waits until iopub delivers (the slow-joiner dance of jupyter_client).
func connect(t *testing.T, ci ConnectionInfo) *testClient {
	t.Helper()
	c := dial(t, ci)
	c.waitReady()
	return c
}

func dial(t *testing.T, ci ConnectionInfo) *testClient {
	t.Helper()
	cd, err := newCodec("hmac-sha256", ci.Key, "tester")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &testClient{t: t, codec: cd, ctx: ctx, cancel: cancel,
		socks: map[string]zmq4.Socket{}, in: map[string]chan *message{}}
	id := zmq4.WithID(zmq4.SocketIdentity(cd.session))
	for _, ch := range []struct {
		name string
		sock zmq4.Socket
		port int
	}{
		{"shell", zmq4.NewDealer(ctx, id), ci.ShellPort},
		{"control", zmq4.NewDealer(ctx, id), ci.ControlPort},
		{"stdin", zmq4.NewDealer(ctx, id), ci.StdinPort},
		{"iopub", zmq4.NewSub(ctx), ci.IOPubPort},
	} {
		if err := ch.sock.Dial(ci.endpoint(ch.port)); err != nil {
			t.Fatalf("dial %s: %v", ch.name, err)
		}
		c.socks[ch.name] = ch.sock
		c.in[ch.name] = make(chan *message, 100000)
	}
	for name, sock := range c.socks {
		go c.read(name, sock, c.in[name])
	}
	_ = c.socks["iopub"].SetOption(zmq4.OptionSubscribe, "")
	t.Cleanup(c.close)
	return c
}

func (c *testClient) close() {
	c.cancel()
	for _, s := range c.socks {
		_ = s.Close()
	}
}

// read decodes (and so verifies) everything the kernel sends on a channel.
func (c *testClient) read(name string, sock zmq4.Socket, in chan<- *message) {
	for {
		msg, err := sock.Recv()
		if err != nil {
			return
		}
		m, err := c.codec.decode(msg.Frames)
		if err != nil {
			c.t.Errorf("%s: the kernel sent an undecodable message: %v", name, err)
			continue
		}
		in <- m
	}
}

// send sends a request and returns its msg_id.
func (c *testClient) send(channel, msgType string, content any) string {
	c.t.Helper()
	frames, err := c.codec.encode(outgoing{msgType: msgType, content: content})
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendFrames(channel, frames)
	return headerID(frames, 0)
}

func (c *testClient) sendFrames(channel string, frames [][]byte) {
	c.t.Helper()
	if err := c.socks[channel].SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatal(err)
	}
}

// recv returns the next message on a channel.
func (c *testClient) recv(channel string) *message {
	c.t.Helper()
	select {
	case m := <-c.in[channel]:
		return m
	case <-time.After(timeout):
		c.t.Fatalf("%s: nothing received within %v", channel, timeout)
	}
	return nil
}

// reply waits for the reply to msgID on a channel; any other reply there
// fails the test (requests on one channel are answered in order).
func (c *testClient) reply(channel, msgID string) *message {
	c.t.Helper()
	m := c.recv(channel)
	if p := parentID(m); p != msgID {
		c.t.Fatalf("%s: got %s for %s, want the reply to %s", channel, m.header.MsgType, p, msgID)
	}
	return m
}

// iopubUntilIdle collects the iopub messages for parent msgID, from its
// busy to its idle status inclusive, skipping other parents' messages.
func (c *testClient) iopubUntilIdle(msgID string) []*message {
	c.t.Helper()
	var got []*message
	for {
		m := c.recv("iopub")
		if parentID(m) != msgID {
			continue
		}
		got = append(got, m)
		if m.header.MsgType == "status" && content(m)["execution_state"] == "idle" {
			return got
		}
	}
}

// waitReady repeats kernel_info_request until iopub traffic arrives.
func (c *testClient) waitReady() {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		id := c.send("shell", "kernel_info_request", nil)
		c.reply("shell", id)
		select {
		case <-c.in["iopub"]:
			c.drain("iopub", 100*time.Millisecond)
			return
		case <-time.After(200 * time.Millisecond):
		}
	}
	c.t.Fatal("iopub never delivered")
}

// drain discards what arrives on a channel until it is quiet for d.
func (c *testClient) drain(channel string, d time.Duration) {
	for {
		select {
		case <-c.in[channel]:
		case <-time.After(d):
			return
		}
	}
}

// execute runs code and returns the reply and the iopub messages of it.
func (c *testClient) execute(code string, extra map[string]any) (*message, []*message) {
	c.t.Helper()
	req := map[string]any{"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true}
	for k, v := range extra {
		req[k] = v
	}
	id := c.send("shell", "execute_request", req)
	reply := c.reply("shell", id)
	return reply, c.iopubUntilIdle(id)
}

func parentID(m *message) string {
	var h header
	_ = json.Unmarshal(m.parent, &h)
	return h.MsgID
}

func content(m *message) map[string]any {
	var c map[string]any
	if err := json.Unmarshal(m.content, &c); err != nil {
		panic(err)
	}
	return c
}

// types lists the msg_types of messages.
func types(ms []*message) []string {
	var ts []string
	for _, m := range ms {
		t := m.header.MsgType
		if t == "status" {
			t += ":" + content(m)["execution_state"].(string)
		}
		ts = append(ts, t)
	}
	return ts
}

// streamText concatenates the text of the stream messages named name.
func streamText(ms []*message, name string) string {
	var sb strings.Builder
	for _, m := range ms {
		if m.header.MsgType == "stream" && content(m)["name"] == name {
			sb.WriteString(content(m)["text"].(string))
		}
	}
	return sb.String()
}

// reqSocket dials a REQ socket, as jupyter_client's heartbeat does.
func reqSocket(t *testing.T, c *testClient, endpoint string) zmq4.Socket {
	t.Helper()
	req := zmq4.NewReq(c.ctx)
	if err := req.Dial(endpoint); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = req.Close() })
	return req
}

// roundTrip sends one frame on a REQ socket and returns the answer.
func roundTrip(t *testing.T, req zmq4.Socket, s string) string {
	t.Helper()
	if err := req.Send(zmq4.NewMsgString(s)); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		m, err := req.Recv()
		if err != nil || len(m.Frames) == 0 {
			got <- fmt.Sprint("error: ", err)
			return
		}
		got <- string(m.Frames[0])
	}()
	select {
	case s := <-got:
		return s
	case <-time.After(timeout):
		t.Fatal("no answer")
	}
	return ""
}
