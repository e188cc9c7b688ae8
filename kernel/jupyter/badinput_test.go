package jupyter

import (
	"bufio"
	"encoding/binary"
	"github.com/gonn-dev/gonn/kernel/jupyter/jupytertest"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/security/null"
)

// TestBadInputIsDroppedOrAnswered sends each kind of bad message on the
// shell channel, then a valid kernel_info_request: a dropped message gets
// nothing, an answered one an error reply, and the valid request is
// answered either way.
func TestBadInputIsDroppedOrAnswered(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())
	other, _ := newCodec("hmac-sha256", "not the key", "mallory")
	valid := func() [][]byte {
		f, _ := c.Encode("kernel_info_request", nil, nil)
		return f
	}
	// signed builds a correctly signed message from raw parts.
	signed := func(h, content string) [][]byte {
		return [][]byte{[]byte(delimiter), c.Sign([]byte(h), []byte("{}"), []byte("{}"), []byte(content)),
			[]byte(h), []byte("{}"), []byte("{}"), []byte(content)}
	}
	hdr := func(msgType string) string {
		return `{"msg_id":"bad-1","msg_type":"` + msgType + `","session":"s","username":"u","date":"2026-01-01T00:00:00Z","version":"5.3"}`
	}
	// A message the kernel accepts once, and must not accept again.
	replayed, replayedID := c.Encode("kernel_info_request", nil, nil)
	c.SendFrames("shell", replayed)
	c.Reply("shell", replayedID)
	cases := []struct {
		name   string
		frames [][]byte
		ename  string // "" when the message must be dropped
		log    string // expected in the kernel's log
	}{
		{"no delimiter", valid()[1:], "", "delimiter"},
		{"too few frames", valid()[:4], "", "fewer than"},
		{"missing signature", func() [][]byte { f := valid(); f[1] = nil; return f }(), "", "signature"},
		{"wrong signature", func() [][]byte { f := valid(); f[1] = []byte(strings.Repeat("0", 64)); return f }(), "", "signature"},
		{"signed with another key", func() [][]byte {
			f, _ := other.encode(outgoing{msgType: "kernel_info_request"})
			return f
		}(), "", "signature"},
		{"header not JSON", signed(`{"msg_id": "x", `, "{}"), "", "header"},
		{"header without msg_type", signed(`{"msg_id":"x"}`, "{}"), "", "header"},
		{"content not JSON", signed(hdr("execute_request"), `{"code": `), "BadRequest", "malformed"},
		{"content of the wrong shape", signed(hdr("execute_request"), `{"code": 5}`), "BadRequest", "bad execute_request content"},
		{"history with a bad access type", signed(hdr("history_request"), `{"hist_access_type":"sideways","output":false,"raw":true}`), "BadRequest", ""},
		{"unknown request", signed(hdr("teleport_request"), `{}`), "UnknownMessageType", ""},
		{"unknown message", signed(hdr("teleport"), `{}`), "", "unknown type"},
		{"replayed message", replayed, "", "replayed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.SendFrames("shell", tc.frames)
			id := c.Send("shell", "kernel_info_request", nil)
			if tc.ename != "" {
				r := c.Recv("shell")
				if rc := r.Content; r.Parent.MsgID != "bad-1" || rc["status"] != "error" || rc["ename"] != tc.ename {
					t.Errorf("bad request answered with %s %v", r.Header.MsgType, rc)
				}
			}
			c.Reply("shell", id)
			if !strings.Contains(tk.logs.String(), tc.log) {
				t.Errorf("the kernel log does not mention %q:\n%s", tc.log, tk.logs.String())
			}
		})
	}
}

func TestHugeCellIsAnswered(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())
	code := "len\n" + strings.Repeat("x", 10<<20)
	reply, io := c.Execute(code, nil)
	if reply.Content["status"] != "ok" {
		t.Fatalf("reply %v", reply.Content)
	}
	var result map[string]any
	for _, m := range io {
		if m.Header.MsgType == "execute_result" {
			result = m.Content
		}
	}
	if result == nil || result["data"].(map[string]any)["text/plain"] != "10485764" {
		t.Errorf("result %v", result)
	}
	if rc, _ := c.Execute("value next", nil); rc.Content["status"] != "ok" {
		t.Error("the next request failed")
	}
}

func TestClientDisconnectingMidReplyLosesNothingForOthers(t *testing.T) {
	tk := startKernel(t, newFake())
	gone := connect(t, tk.Connection())
	gone.Send("shell", "execute_request", map[string]any{"code": "printn 200000\nlen\n" + strings.Repeat("y", 4<<20)})
	gone.Send("shell", "kernel_info_request", nil)
	gone.Close()

	c := connect(t, tk.Connection())
	reply, io := c.Execute("print still here", nil)
	if reply.Content["status"] != "ok" || jupytertest.StreamText(io, "stdout") != "still here\n" {
		t.Errorf("reply %v, output %q", reply.Content, jupytertest.StreamText(io, "stdout"))
	}
}

// TestZMTPCommandsAreNotMessages connects a hand-driven ZMTP peer that
// sends a PING command (as libzmq does with ZMQ_HEARTBEAT_IVL) before a
// request: the PING is answered with PONG and never reaches the kernel
// as a message; the request is answered.
func TestZMTPCommandsAreNotMessages(t *testing.T) {
	tk := startKernel(t, newFake())
	ci := tk.Connection()
	conn, err := net.Dial("tcp", net.JoinHostPort(ci.IP, strconv.Itoa(ci.ShellPort)))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := zmq4.Open(conn, null.Security(), zmq4.Dealer, zmq4.SocketIdentity("raw"), false, nil); err != nil {
		t.Fatal(err)
	}
	cd, _ := newCodec("hmac-sha256", ci.Key, "raw")
	req, _ := cd.encode(outgoing{msgType: "kernel_info_request"})
	ping := []byte{0x04, 7, 4, 'P', 'I', 'N', 'G', 0, 10}
	if _, err := conn.Write(append(ping, rawFrames(req)...)); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(timeout))
	r := bufio.NewReader(conn)
	first := readRawFrames(t, r)
	if len(first) != 1 || !strings.HasPrefix(string(first[0]), "\x04PONG") {
		t.Fatalf("first answer %q, want PONG", first)
	}
	m, err := cd.decode(readRawFrames(t, r))
	if err != nil || m.header.MsgType != "kernel_info_reply" {
		t.Fatalf("reply: %v %v", m, err)
	}
	if strings.Contains(tk.logs.String(), "dropped") {
		t.Errorf("the PING reached the message decoder:\n%s", tk.logs.String())
	}
}

// rawFrames encodes a message in ZMTP 3 framing.
func rawFrames(frames [][]byte) []byte {
	var out []byte
	for i, f := range frames {
		flags := byte(0)
		if i < len(frames)-1 {
			flags = 1
		}
		if len(f) > 255 {
			out = append(out, flags|2)
			out = binary.BigEndian.AppendUint64(out, uint64(len(f)))
		} else {
			out = append(out, flags, byte(len(f)))
		}
		out = append(out, f...)
	}
	return out
}

// readRawFrames reads one ZMTP message or command.
func readRawFrames(t *testing.T, r *bufio.Reader) [][]byte {
	t.Helper()
	var frames [][]byte
	for {
		flags, err := r.ReadByte()
		if err != nil {
			t.Fatal(err)
		}
		var size uint64
		if flags&2 != 0 {
			var b [8]byte
			if _, err := io.ReadFull(r, b[:]); err != nil {
				t.Fatal(err)
			}
			size = binary.BigEndian.Uint64(b[:])
		} else {
			s, err := r.ReadByte()
			if err != nil {
				t.Fatal(err)
			}
			size = uint64(s)
		}
		body := make([]byte, size)
		if _, err := io.ReadFull(r, body); err != nil {
			t.Fatal(err)
		}
		frames = append(frames, body)
		if flags&1 == 0 {
			return frames
		}
	}
}
