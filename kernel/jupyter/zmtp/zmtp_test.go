package zmtp

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/security/null"
)

// testLog collects a socket's log lines so tests can assert on them.
type testLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *testLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *testLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *testLog) logger() *log.Logger { return log.New(l, "", 0) }

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func listenRouter(t *testing.T, opts Options) *Router {
	t.Helper()
	r, err := ListenRouter("tcp://127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r
}

func tcpEndpoint(a net.Addr) string { return "tcp://" + a.String() }

// dial connects a zmq4 socket (the reference implementation) to ep.
func dial(t *testing.T, sock zmq4.Socket, ep string) zmq4.Socket {
	t.Helper()
	if err := sock.Dial(ep); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sock.Close() })
	return sock
}

// echo serves r by sending every message back to its sender.
func echo(ctx context.Context, r *Router) {
	for {
		m, err := r.Recv(ctx)
		if err != nil {
			return
		}
		_ = r.Send(m)
	}
}

func recvTimeout(t *testing.T, s zmq4.Socket) zmq4.Msg {
	t.Helper()
	type res struct {
		m   zmq4.Msg
		err error
	}
	c := make(chan res, 1)
	go func() { m, err := s.Recv(); c <- res{m, err} }()
	select {
	case r := <-c:
		if r.err != nil {
			t.Fatalf("recv: %v", r.err)
		}
		return r.m
	case <-time.After(10 * time.Second):
		t.Fatal("recv: timed out")
	}
	return zmq4.Msg{}
}

func TestRouterEchoesToDealers(t *testing.T) {
	ctx := testCtx(t)
	r := listenRouter(t, Options{})
	go echo(ctx, r)
	ep := tcpEndpoint(r.Addr())
	named := dial(t, zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("alice"))), ep)
	anon1 := dial(t, zmq4.NewDealer(ctx), ep)
	anon2 := dial(t, zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity(""))), ep)

	cases := []struct {
		name   string
		sock   zmq4.Socket
		frames [][]byte
	}{
		{"named", named, [][]byte{[]byte("hello")}},
		{"empty frames", named, [][]byte{{}, []byte("a"), {}}},
		{"long frame", anon1, [][]byte{bytes.Repeat([]byte("x"), 300), []byte("y")}},
		{"large frame", anon2, [][]byte{bytes.Repeat([]byte("z"), 3<<20)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.sock.SendMulti(zmq4.NewMsgFrom(c.frames...)); err != nil {
				t.Fatal(err)
			}
			got := recvTimeout(t, c.sock)
			if len(got.Frames) != len(c.frames) {
				t.Fatalf("got %d frames, want %d", len(got.Frames), len(c.frames))
			}
			for i := range got.Frames {
				if !bytes.Equal(got.Frames[i], c.frames[i]) {
					t.Errorf("frame %d differs (len %d vs %d)", i, len(got.Frames[i]), len(c.frames[i]))
				}
			}
		})
	}
}

func TestRouterRoutesByIdentity(t *testing.T) {
	ctx := testCtx(t)
	r := listenRouter(t, Options{})
	ep := tcpEndpoint(r.Addr())
	a := dial(t, zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("a"))), ep)
	b := dial(t, zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("b"))), ep)
	for _, d := range []zmq4.Socket{a, b} {
		if err := d.Send(zmq4.NewMsgString("hi")); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	for range 2 {
		m, err := r.Recv(ctx)
		if err != nil {
			t.Fatal(err)
		}
		seen[string(m[0])] = true
	}
	if !seen["a"] || !seen["b"] {
		t.Fatalf("identities seen: %v", seen)
	}
	for range 50 {
		for _, id := range []string{"b", "a"} {
			if err := r.Send([][]byte{[]byte(id), []byte("to " + id)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range []struct {
		sock zmq4.Socket
		id   string
	}{{a, "a"}, {b, "b"}} {
		for range 50 {
			if got := string(recvTimeout(t, c.sock).Frames[0]); got != "to "+c.id {
				t.Fatalf("dealer %s got %q", c.id, got)
			}
		}
	}
	if err := r.Send([][]byte{[]byte("nobody"), []byte("x")}); err != ErrNoPeer {
		t.Fatalf("send to unknown identity: %v, want ErrNoPeer", err)
	}
}

func TestRouterServesREQ(t *testing.T) {
	// The heartbeat channel: jupyter_client's REQ sends [empty, "ping"].
	ctx := testCtx(t)
	r := listenRouter(t, Options{})
	go echo(ctx, r)
	req := dial(t, zmq4.NewReq(ctx), tcpEndpoint(r.Addr()))
	for i := range 20 {
		want := fmt.Sprintf("ping %d", i)
		if err := req.Send(zmq4.NewMsgString(want)); err != nil {
			t.Fatal(err)
		}
		if got := string(recvTimeout(t, req).Frames[0]); got != want {
			t.Fatalf("got %q want %q", got, want)
		}
	}
}

func TestEndpoints(t *testing.T) {
	cases := []struct{ name, ep string }{
		{"ipv4", "tcp://127.0.0.1:0"},
		{"ipv6", Endpoint("tcp", "::1", 0)},
		{"ipc", "ipc://" + filepath.Join(t.TempDir(), "kernel-1")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := testCtx(t)
			r, err := ListenRouter(c.ep, Options{})
			if err != nil {
				if c.name == "ipv6" && strings.Contains(err.Error(), "assign requested address") {
					t.Skip("no IPv6 loopback here")
				}
				t.Fatal(err)
			}
			defer r.Close()
			go echo(ctx, r)
			ep := c.ep
			if strings.HasPrefix(ep, "tcp") {
				host, _, _ := net.SplitHostPort(r.Addr().String())
				_, port, _ := net.SplitHostPort(r.Addr().String())
				ep = "tcp://" + net.JoinHostPort(host, port)
			}
			d := dial(t, zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("x"))), ep)
			if err := d.Send(zmq4.NewMsgString("ok")); err != nil {
				t.Fatal(err)
			}
			if got := string(recvTimeout(t, d).Frames[0]); got != "ok" {
				t.Fatalf("got %q", got)
			}
		})
	}
	if _, err := ListenRouter("udp://127.0.0.1:0", Options{}); err == nil {
		t.Error("udp endpoint accepted")
	}
	if _, err := ListenRouter("127.0.0.1:0", Options{}); err == nil {
		t.Error("endpoint without transport accepted")
	}
	if got := Endpoint("tcp", "::1", 5); got != "tcp://[::1]:5" {
		t.Errorf("Endpoint IPv6 = %q", got)
	}
	if got := Endpoint("ipc", "/tmp/k", 5); got != "ipc:///tmp/k-5" {
		t.Errorf("Endpoint ipc = %q", got)
	}
}

func TestPubFiltersByTopic(t *testing.T) {
	ctx := testCtx(t)
	p, err := ListenPub("tcp://127.0.0.1:0", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	all := zmq4.NewSub(ctx)
	dial(t, all, tcpEndpoint(p.Addr()))
	_ = all.SetOption(zmq4.OptionSubscribe, "")
	some := zmq4.NewSub(ctx)
	dial(t, some, tcpEndpoint(p.Addr()))
	_ = some.SetOption(zmq4.OptionSubscribe, "kernel.a")
	waitSubscribed(t, p, []byte("kernel.a"), 2)

	p.Publish([][]byte{[]byte("kernel.b.status"), []byte("1")}, false)
	p.Publish([][]byte{[]byte("kernel.a.status"), []byte("2")}, false)
	if got := string(recvTimeout(t, all).Frames[1]); got != "1" {
		t.Fatalf("all: first message %q", got)
	}
	if got := string(recvTimeout(t, all).Frames[1]); got != "2" {
		t.Fatalf("all: second message %q", got)
	}
	if got := string(recvTimeout(t, some).Frames[1]); got != "2" {
		t.Fatalf("filtered subscriber got %q, want only the kernel.a message", got)
	}
}

// waitSubscribed waits until n peers of p match topic.
func waitSubscribed(t *testing.T, p *Pub, topic []byte, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		k := 0
		for _, s := range p.livePeers() {
			if s.subscribed(topic) {
				k++
			}
		}
		if k >= n {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("fewer than %d subscribers for %q", n, topic)
}

// rawPeer is a hand-driven ZMTP client: zmq4 does its handshake, and the
// test writes and reads frames itself to send what no well-behaved
// library would.
type rawPeer struct {
	conn net.Conn
	r    *bufio.Reader
}

func dialRaw(t *testing.T, addr net.Addr, typ zmq4.SocketType, id string) *rawPeer {
	t.Helper()
	c, err := net.Dial("tcp", addr.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if _, err := zmq4.Open(c, null.Security(), typ, zmq4.SocketIdentity(id), false, nil); err != nil {
		t.Fatal(err)
	}
	return &rawPeer{conn: c, r: bufio.NewReader(c)}
}

func (p *rawPeer) write(t *testing.T, bufs net.Buffers) {
	t.Helper()
	if _, err := bufs.WriteTo(p.conn); err != nil {
		t.Fatal(err)
	}
}

func (p *rawPeer) read(t *testing.T) ([][]byte, bool) {
	t.Helper()
	_ = p.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	frames, cmd, err := readMessage(p.r, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	return frames, cmd
}

func TestPingIsAnsweredAndNeverDelivered(t *testing.T) {
	ctx := testCtx(t)
	r := listenRouter(t, Options{})
	go echo(ctx, r)
	p := dialRaw(t, r.Addr(), zmq4.Dealer, "raw")
	p.write(t, commandFrame("PING", []byte{0, 10, 'c', 't', 'x'}))
	p.write(t, appendFrames(nil, [][]byte{[]byte("after ping")}))
	frames, cmd := p.read(t)
	if !cmd {
		t.Fatalf("first reply is a message %q, want the PONG command", frames)
	}
	name, body, _ := parseCommand(frames[0])
	if name != "PONG" || string(body) != "ctx" {
		t.Fatalf("got command %q %q, want PONG ctx", name, body)
	}
	frames, cmd = p.read(t)
	if cmd || string(frames[0]) != "after ping" {
		t.Fatalf("got %q (command %v), want the echoed message only", frames, cmd)
	}
}

func TestOversizedMessageIsDroppedAndConnectionSurvives(t *testing.T) {
	ctx := testCtx(t)
	var logs testLog
	r := listenRouter(t, Options{MaxMessageBytes: 1 << 20, Log: logs.logger()})
	go echo(ctx, r)
	p := dialRaw(t, r.Addr(), zmq4.Dealer, "big")
	p.write(t, appendFrames(nil, [][]byte{bytes.Repeat([]byte("a"), 600<<10), bytes.Repeat([]byte("b"), 600<<10)}))
	p.write(t, appendFrames(nil, [][]byte{[]byte("small")}))
	frames, _ := p.read(t)
	if string(frames[0]) != "small" {
		t.Fatalf("got %q", frames[0])
	}
	if !strings.Contains(logs.String(), "larger than") {
		t.Errorf("the drop was not logged: %q", logs.String())
	}
}

func TestHostileInputClosesOnlyThatConnection(t *testing.T) {
	cases := []struct {
		name string
		log  string // expected in the socket's log
		send func(t *testing.T, c net.Conn)
	}{
		{"malformed READY metadata", "panicked", func(t *testing.T, c net.Conn) {
			// A valid greeting, then a READY whose metadata property claims
			// more bytes than it has: zmq4's parser panics on this.
			greeting := make([]byte, 64)
			greeting[0], greeting[9], greeting[10] = 0xff, 0x7f, 3
			copy(greeting[12:], "NULL")
			body := append([]byte("\x05READY"), 5, 'a', 'b', 'c', 'd', 'e')
			_, _ = c.Write(append(greeting, append([]byte{flagCommand, byte(len(body))}, body...)...))
		}},
		{"not ZMTP", "handshake", func(t *testing.T, c net.Conn) { _, _ = c.Write([]byte("GET / HTTP/1.1\r\n\r\n")) }},
		{"huge declared frame", "handshake frame of", func(t *testing.T, c net.Conn) {
			// 64 GiB: zmq4 would try to allocate it and the runtime would
			// abort the process, which no recover can catch.
			greeting := make([]byte, 64)
			greeting[0], greeting[9], greeting[10] = 0xff, 0x7f, 3
			copy(greeting[12:], "NULL")
			_, _ = c.Write(greeting)
			_, _ = c.Write([]byte{flagCommand | flagLong, 0, 0, 0, 0x10, 0, 0, 0, 0})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := testCtx(t)
			var logs testLog
			r := listenRouter(t, Options{Log: logs.logger(), HandshakeTimeout: 2 * time.Second})
			go echo(ctx, r)
			bad, err := net.Dial("tcp", r.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer bad.Close()
			c.send(t, bad)
			good := dial(t, zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("good"))), tcpEndpoint(r.Addr()))
			if err := good.Send(zmq4.NewMsgString("still there?")); err != nil {
				t.Fatal(err)
			}
			if got := string(recvTimeout(t, good).Frames[0]); got != "still there?" {
				t.Fatalf("got %q", got)
			}
			deadline := time.Now().Add(5 * time.Second)
			for !strings.Contains(logs.String(), c.log) && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			if !strings.Contains(logs.String(), c.log) {
				t.Errorf("log %q lacks %q", logs.String(), c.log)
			}
		})
	}
}

func TestSilentConnectionDoesNotBlockOthers(t *testing.T) {
	ctx := testCtx(t)
	r := listenRouter(t, Options{HandshakeTimeout: time.Minute})
	go echo(ctx, r)
	silent, err := net.Dial("tcp", r.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	d := dial(t, zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("d"))), tcpEndpoint(r.Addr()))
	if err := d.Send(zmq4.NewMsgString("x")); err != nil {
		t.Fatal(err)
	}
	recvTimeout(t, d)
}

// stalledPeer connects with a tiny receive buffer and never reads.
func stalledPeer(t *testing.T, addr net.Addr, typ zmq4.SocketType, id string) *rawPeer {
	t.Helper()
	p := dialRaw(t, addr, typ, id)
	if tc, ok := p.conn.(*net.TCPConn); ok {
		_ = tc.SetReadBuffer(4096)
	}
	return p
}

func TestStalledSubscriberDoesNotStallOthers(t *testing.T) {
	ctx := testCtx(t)
	var logs testLog
	p, err := ListenPub("tcp://127.0.0.1:0", Options{
		SendQueueBytes: 8 << 20, WriteTimeout: time.Second, Log: logs.logger()})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	stalled := stalledPeer(t, p.Addr(), zmq4.Sub, "")
	stalled.write(t, appendFrames(nil, [][]byte{{1}}))
	good := zmq4.NewSub(ctx)
	dial(t, good, tcpEndpoint(p.Addr()))
	_ = good.SetOption(zmq4.OptionSubscribe, "")
	waitSubscribed(t, p, []byte("t"), 2)

	const n = 40
	chunk := bytes.Repeat([]byte("x"), 1<<20)
	received := make(chan string)
	go func() {
		for {
			m, err := good.Recv()
			if err != nil {
				close(received)
				return
			}
			received <- string(m.Frames[1][:min(len(m.Frames[1]), 6)])
		}
	}()
	next := func() string {
		select {
		case s := <-received:
			return s
		case <-time.After(10 * time.Second):
			t.Fatal("healthy subscriber stalled")
		}
		return ""
	}
	for range n {
		// Publish in step with the healthy reader, as the kernel's
		// iopub pacing does; the stalled peer's queue fills up meanwhile.
		p.Publish([][]byte{[]byte("t"), chunk}, false)
		if got := next(); got != "xxxxxx" {
			t.Fatalf("healthy subscriber got %q", got)
		}
		for _, s := range p.livePeers() {
			s.mu.Lock()
			q := s.queued
			s.mu.Unlock()
			if q > 8<<20+(1<<20)+64 {
				t.Fatalf("a peer's queue holds %d bytes, over its 8 MiB bound", q)
			}
		}
	}
	p.Publish([][]byte{[]byte("t"), []byte("status")}, true)
	if got := next(); got != "status" {
		t.Fatalf("healthy subscriber got %q, want the kept status message", got)
	}
	deadline := time.Now().Add(10 * time.Second)
	for p.Subscribers() > 1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if p.Subscribers() != 1 {
		t.Fatalf("stalled subscriber was not disconnected; %d subscribers", p.Subscribers())
	}
	if !strings.Contains(logs.String(), "accepted no data") {
		t.Errorf("disconnect not logged: %q", logs.String())
	}
}

func TestStalledDealerDoesNotBlockRouter(t *testing.T) {
	ctx := testCtx(t)
	r := listenRouter(t, Options{SendQueueBytes: 1 << 20, WriteTimeout: time.Minute})
	stalled := stalledPeer(t, r.Addr(), zmq4.Dealer, "stalled")
	stalled.write(t, appendFrames(nil, [][]byte{[]byte("hello")}))
	if _, err := r.Recv(ctx); err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("y"), 64<<10)
	full := false
	for range 2000 {
		err := r.Send([][]byte{[]byte("stalled"), chunk})
		if err == ErrQueueFull {
			full = true
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if !full {
		t.Fatal("a peer that never reads never filled its queue")
	}
	go echo(ctx, r)
	d := dial(t, zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("other"))), tcpEndpoint(r.Addr()))
	if err := d.Send(zmq4.NewMsgString("ping")); err != nil {
		t.Fatal(err)
	}
	if got := string(recvTimeout(t, d).Frames[0]); got != "ping" {
		t.Fatalf("got %q", got)
	}
}

func TestCloseFlushesQueuedMessages(t *testing.T) {
	ctx := testCtx(t)
	r, err := ListenRouter("tcp://127.0.0.1:0", Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := dial(t, zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("d"))), tcpEndpoint(r.Addr()))
	if err := d.Send(zmq4.NewMsgString("req")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Recv(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		if err := r.Send([][]byte{[]byte("d"), []byte(fmt.Sprint(i))}); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		if got := string(recvTimeout(t, d).Frames[0]); got != fmt.Sprint(i) {
			t.Fatalf("message %d: got %q", i, got)
		}
	}
	if _, err := r.Recv(ctx); err != ErrClosed {
		t.Fatalf("Recv after Close: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestReadMessage(t *testing.T) {
	long := bytes.Repeat([]byte("L"), 70000)
	cases := []struct {
		name    string
		wire    []byte
		frames  [][]byte
		command bool
		err     error
	}{
		{"one frame", []byte{0, 3, 'a', 'b', 'c'}, [][]byte{[]byte("abc")}, false, nil},
		{"two frames", []byte{1, 1, 'a', 0, 0}, [][]byte{[]byte("a"), {}}, false, nil},
		{"long frame", append([]byte{2, 0, 0, 0, 0, 0, 1, 0x11, 0x70}, long...), [][]byte{long}, false, nil},
		{"command", []byte{4, 2, 1, 'x'}, [][]byte{{1, 'x'}}, true, nil},
		{"reserved bits", []byte{0x80, 0}, nil, false, errProtocol},
		{"multi-frame command", []byte{5, 0, 4, 0}, nil, false, errProtocol},
		{"command inside message", []byte{1, 0, 4, 0}, nil, false, errProtocol},
		{"truncated body", []byte{0, 5, 'a'}, nil, false, io.ErrUnexpectedEOF},
		{"truncated size", []byte{2, 0, 0}, nil, false, io.ErrUnexpectedEOF},
		{"too large", wireOf([][]byte{make([]byte, 60000), make([]byte, 60000)}), nil, false, ErrTooLarge},
		{"too large, cut short", []byte{0, 200, 'a'}, nil, false, io.ErrUnexpectedEOF},
		{"absurd size", []byte{2, 0xff, 0, 0, 0, 0, 0, 0, 0}, nil, false, errProtocol},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			frames, cmd, err := readMessage(bufio.NewReader(bytes.NewReader(c.wire)), 100000)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("err = %v, want %v", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cmd != c.command || len(frames) != len(c.frames) {
				t.Fatalf("got %d frames (command %v)", len(frames), cmd)
			}
			for i := range frames {
				if !bytes.Equal(frames[i], c.frames[i]) {
					t.Fatalf("frame %d differs", i)
				}
			}
		})
	}
}

// wireOf encodes a message the way a peer's writer does.
func wireOf(frames [][]byte) []byte {
	var b bytes.Buffer
	bufs := appendFrames(nil, frames)
	_, _ = bufs.WriteTo(&b)
	return b.Bytes()
}

func FuzzReadMessage(f *testing.F) {
	f.Add([]byte{0, 3, 'a', 'b', 'c'})
	f.Add([]byte{1, 1, 'a', 0, 0})
	f.Add([]byte{4, 5, 4, 'P', 'I', 'N', 'G'})
	f.Add([]byte{2, 0, 0, 0, 0, 0, 0, 1, 0})
	f.Fuzz(func(t *testing.T, wire []byte) {
		frames, cmd, err := readMessage(bufio.NewReader(bytes.NewReader(wire)), 1<<16)
		if err != nil {
			return
		}
		// What was read must encode back to a prefix of the input.
		var out bytes.Buffer
		var bufs net.Buffers
		if cmd {
			bufs = net.Buffers{frameHeader(flagCommand, len(frames[0])), frames[0]}
		} else {
			bufs = appendFrames(nil, frames)
		}
		_, _ = bufs.WriteTo(&out)
		if n := out.Len(); n > len(wire) {
			t.Fatalf("re-encoded %d bytes from %d", n, len(wire))
		}
		if cmd && len(frames) != 1 {
			t.Fatalf("command with %d frames", len(frames))
		}
	})
}
