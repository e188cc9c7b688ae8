// Package jupytertest is a Jupyter client for tests of kernels. It dials
// a kernel's channels with github.com/go-zeromq/zmq4's own sockets, signs
// what it sends and checks the signature of everything it receives with
// its own HMAC code, so a test of gonn's protocol layer does not rely on
// that layer's encoder to judge it.
//
// Every wait is bounded by Client.Timeout; a timeout or a malformed
// message from the kernel fails the test.
package jupytertest

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// Connection says where a kernel listens: the fields of a connection file
// that a client needs.
type Connection struct {
	Transport   string `json:"transport"`
	IP          string `json:"ip"`
	ShellPort   int    `json:"shell_port"`
	IOPubPort   int    `json:"iopub_port"`
	StdinPort   int    `json:"stdin_port"`
	ControlPort int    `json:"control_port"`
	HBPort      int    `json:"hb_port"`
	Key         string `json:"key"`
}

// ReadConnectionFile reads a connection file.
func ReadConnectionFile(path string) (Connection, error) {
	var c Connection
	data, err := os.ReadFile(path)
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Endpoint returns the ZeroMQ endpoint of one of the connection's ports.
func (c Connection) Endpoint(port int) string {
	if c.Transport == "ipc" {
		return fmt.Sprintf("ipc://%s-%d", c.IP, port)
	}
	return "tcp://" + net.JoinHostPort(c.IP, strconv.Itoa(port))
}

// Header is a message header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is a message received from the kernel, its signature checked.
type Message struct {
	Channel  string // "shell", "control", "stdin" or "iopub"
	Header   Header
	Parent   Header // the request's header; zero for none
	Metadata map[string]any
	Content  map[string]any
	Buffers  [][]byte
}

// Type returns the msg_type, with the execution_state appended for status
// messages ("status:busy").
func (m *Message) Type() string {
	if m.Header.MsgType == "status" {
		return "status:" + fmt.Sprint(m.Content["execution_state"])
	}
	return m.Header.MsgType
}

// Client is a connected Jupyter client.
type Client struct {
	T       testing.TB    // the test that failures are reported to
	Session string        // the session id, also the shell and stdin identity
	Timeout time.Duration // bounds every wait (default 15 s)

	key    []byte
	conn   Connection
	ctx    context.Context
	cancel context.CancelFunc
	socks  map[string]zmq4.Socket
	in     map[string]chan *Message
}

// Dial connects to every channel of the kernel and subscribes to iopub.
// The client is closed when the test ends.
func Dial(t testing.TB, conn Connection) *Client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	c := &Client{T: t, Session: newID(), Timeout: 15 * time.Second, key: []byte(conn.Key), conn: conn,
		ctx: ctx, cancel: cancel, socks: map[string]zmq4.Socket{}, in: map[string]chan *Message{}}
	// Like jupyter_client, shell and stdin share the session as identity,
	// so that input requests reach this client.
	id := zmq4.WithID(zmq4.SocketIdentity(c.Session))
	socks := map[string]zmq4.Socket{
		"shell":   zmq4.NewDealer(ctx, id),
		"control": zmq4.NewDealer(ctx, id),
		"stdin":   zmq4.NewDealer(ctx, id),
		"iopub":   zmq4.NewSub(ctx),
	}
	ports := map[string]int{"shell": conn.ShellPort, "control": conn.ControlPort, "stdin": conn.StdinPort, "iopub": conn.IOPubPort}
	for _, name := range []string{"shell", "control", "stdin", "iopub"} {
		if err := socks[name].Dial(conn.Endpoint(ports[name])); err != nil {
			cancel()
			t.Fatalf("jupytertest: dial %s: %v", name, err)
		}
		c.socks[name] = socks[name]
		c.in[name] = make(chan *Message, 1<<16)
	}
	_ = c.socks["iopub"].SetOption(zmq4.OptionSubscribe, "")
	for name, sock := range c.socks {
		go c.read(name, sock, c.in[name])
	}
	t.Cleanup(c.Close)
	return c
}

// Connect dials and then waits until the kernel answers and iopub
// delivers (see WaitReady).
func Connect(t testing.TB, conn Connection) *Client {
	t.Helper()
	c := Dial(t, conn)
	c.WaitReady()
	return c
}

// Close closes the client's sockets.
func (c *Client) Close() {
	c.cancel()
	for _, s := range c.socks {
		_ = s.Close()
	}
}

// read verifies and decodes everything the kernel sends on a channel.
func (c *Client) read(name string, sock zmq4.Socket, in chan<- *Message) {
	for {
		msg, err := sock.Recv()
		if err != nil {
			return
		}
		m, err := c.decode(name, msg.Frames)
		if err != nil {
			if c.ctx.Err() == nil {
				c.T.Errorf("jupytertest: %s: the kernel sent a bad message: %v", name, err)
			}
			continue
		}
		in <- m
	}
}

// Sign returns the hex HMAC-SHA256 of parts under the connection's key.
func (c *Client) Sign(parts ...[]byte) []byte {
	if len(c.key) == 0 {
		return nil
	}
	mac := hmac.New(sha256.New, c.key)
	for _, p := range parts {
		mac.Write(p)
	}
	return []byte(hex.EncodeToString(mac.Sum(nil)))
}

func (c *Client) decode(channel string, frames [][]byte) (*Message, error) {
	d := -1
	for i, f := range frames {
		if string(f) == "<IDS|MSG>" {
			d = i
			break
		}
	}
	if d < 0 || len(frames) < d+6 {
		return nil, fmt.Errorf("%d frames, no complete message", len(frames))
	}
	if want := c.Sign(frames[d+2 : d+6]...); !hmac.Equal(want, frames[d+1]) {
		return nil, fmt.Errorf("signature %q, want %q", frames[d+1], want)
	}
	m := &Message{Channel: channel, Buffers: frames[d+6:]}
	for i, v := range []any{&m.Header, &m.Parent, &m.Metadata, &m.Content} {
		if err := json.Unmarshal(frames[d+2+i], v); err != nil {
			return nil, fmt.Errorf("frame %d: %w", d+2+i, err)
		}
	}
	if m.Header.MsgID == "" || m.Header.MsgType == "" || m.Header.Session == "" || m.Header.Date == "" || m.Header.Version == "" {
		return nil, fmt.Errorf("incomplete header %+v", m.Header)
	}
	if _, err := time.Parse(time.RFC3339Nano, m.Header.Date); err != nil {
		return nil, fmt.Errorf("header date: %w", err)
	}
	return m, nil
}

// Encode builds the signed frames of a request (no routing identities).
// parent may be nil.
func (c *Client) Encode(msgType string, parent *Header, content any) (frames [][]byte, msgID string) {
	msgID = newID()
	h, _ := json.Marshal(Header{MsgID: msgID, Session: c.Session, Username: "tester",
		Date: time.Now().UTC().Format(time.RFC3339Nano), MsgType: msgType, Version: "5.3"})
	p := []byte("{}")
	if parent != nil {
		p, _ = json.Marshal(parent)
	}
	if content == nil {
		content = map[string]any{}
	}
	body, err := json.Marshal(content)
	if err != nil {
		c.T.Fatalf("jupytertest: %v", err)
	}
	meta := []byte("{}")
	return [][]byte{[]byte("<IDS|MSG>"), c.Sign(h, p, meta, body), h, p, meta, body}, msgID
}

// Send sends a request on a channel and returns its msg_id.
func (c *Client) Send(channel, msgType string, content any) string {
	c.T.Helper()
	frames, id := c.Encode(msgType, nil, content)
	c.SendFrames(channel, frames)
	return id
}

// SendFrames sends raw frames on a channel.
func (c *Client) SendFrames(channel string, frames [][]byte) {
	c.T.Helper()
	if err := c.socks[channel].SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.T.Fatalf("jupytertest: send on %s: %v", channel, err)
	}
}

// Recv returns the next message on a channel.
func (c *Client) Recv(channel string) *Message {
	c.T.Helper()
	select {
	case m := <-c.in[channel]:
		return m
	case <-time.After(c.Timeout):
		c.T.Fatalf("jupytertest: %s: nothing received within %v", channel, c.Timeout)
	}
	return nil
}

// TryRecv returns the next message on a channel, or nil if none arrives
// within d.
func (c *Client) TryRecv(channel string, d time.Duration) *Message {
	select {
	case m := <-c.in[channel]:
		return m
	case <-time.After(d):
		return nil
	}
}

// Reply waits for the reply to msgID on a channel. Requests on one
// channel are answered in order, so any other message fails the test.
func (c *Client) Reply(channel, msgID string) *Message {
	c.T.Helper()
	m := c.Recv(channel)
	if m.Parent.MsgID != msgID {
		c.T.Fatalf("jupytertest: %s: got %s to %q, want the reply to %q", channel, m.Header.MsgType, m.Parent.MsgID, msgID)
	}
	return m
}

// IOPubUntilIdle returns the iopub messages whose parent is msgID, up to
// and including its status idle; messages of other parents are skipped.
func (c *Client) IOPubUntilIdle(msgID string) []*Message {
	c.T.Helper()
	var got []*Message
	for {
		m := c.Recv("iopub")
		if m.Parent.MsgID != msgID {
			continue
		}
		got = append(got, m)
		if m.Type() == "status:idle" {
			return got
		}
	}
}

// WaitFor skips iopub messages until one of type msgType (as Type
// reports it) arrives, and returns it.
func (c *Client) WaitFor(msgType string) *Message {
	c.T.Helper()
	for {
		if m := c.Recv("iopub"); m.Type() == msgType {
			return m
		}
	}
}

// WaitReady sends kernel_info_request until the kernel has answered one
// and iopub has delivered something after it, as jupyter_client does: a
// PUB socket drops what it publishes before a subscriber has joined.
func (c *Client) WaitReady() {
	c.T.Helper()
	deadline := time.Now().Add(c.Timeout)
	for time.Now().Before(deadline) {
		id := c.Send("shell", "kernel_info_request", nil)
		c.Reply("shell", id)
		if c.TryRecv("iopub", 300*time.Millisecond) != nil {
			c.Drain("iopub", 100*time.Millisecond)
			return
		}
	}
	c.T.Fatalf("jupytertest: iopub delivered nothing within %v", c.Timeout)
}

// Drain discards what arrives on a channel until it is quiet for d.
func (c *Client) Drain(channel string, d time.Duration) {
	for c.TryRecv(channel, d) != nil {
	}
}

// Execute sends execute_request for code (extra overrides the request's
// fields) and returns the reply and the iopub messages of the request.
func (c *Client) Execute(code string, extra map[string]any) (reply *Message, iopub []*Message) {
	c.T.Helper()
	req := map[string]any{"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true}
	for k, v := range extra {
		req[k] = v
	}
	id := c.Send("shell", "execute_request", req)
	reply = c.Reply("shell", id)
	return reply, c.IOPubUntilIdle(id)
}

// Heartbeat sends payload to the heartbeat channel over a new REQ socket
// and returns what comes back.
func (c *Client) Heartbeat(payload string) string {
	c.T.Helper()
	req := zmq4.NewReq(c.ctx)
	defer req.Close()
	if err := req.Dial(c.conn.Endpoint(c.conn.HBPort)); err != nil {
		c.T.Fatalf("jupytertest: dial heartbeat: %v", err)
	}
	if err := req.Send(zmq4.NewMsgString(payload)); err != nil {
		c.T.Fatalf("jupytertest: heartbeat: %v", err)
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
	case <-time.After(c.Timeout):
		c.T.Fatalf("jupytertest: heartbeat: no echo within %v", c.Timeout)
	}
	return ""
}

// Types lists the Type of each message.
func Types(ms []*Message) []string {
	ts := make([]string, len(ms))
	for i, m := range ms {
		ts[i] = m.Type()
	}
	return ts
}

// StreamText concatenates the text of the stream messages named name.
func StreamText(ms []*Message, name string) string {
	var sb strings.Builder
	for _, m := range ms {
		if m.Header.MsgType == "stream" && m.Content["name"] == name {
			sb.WriteString(fmt.Sprint(m.Content["text"]))
		}
	}
	return sb.String()
}

// Of returns the first message of type msgType (as Type reports it), or
// nil.
func Of(ms []*Message, msgType string) *Message {
	for _, m := range ms {
		if m.Type() == msgType {
			return m
		}
	}
	return nil
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
