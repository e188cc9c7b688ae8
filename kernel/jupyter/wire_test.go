package jupyter

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"testing"
)

// jupyterClientFrames loads a message serialized and signed by
// jupyter_client's own Session (an independent implementation).
func jupyterClientFrames(t testing.TB) (key string, frames [][]byte) {
	t.Helper()
	data, err := os.ReadFile("testdata/jupyter_client_execute_request.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Key    string   `json:"key"`
		Frames []string `json:"frames"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	for _, f := range v.Frames {
		frames = append(frames, []byte(f))
	}
	return v.Key, frames
}

func TestDecodeJupyterClientMessage(t *testing.T) {
	key, frames := jupyterClientFrames(t)
	c, err := newCodec("hmac-sha256", key, "kernel")
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.decode(frames)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if len(m.identities) != 1 || string(m.identities[0]) != "client-identity" {
		t.Errorf("identities %q", m.identities)
	}
	h := m.header
	if h.MsgType != "execute_request" || h.Username != "alice" || h.Session != "0f4e2b9a-session" || h.Version != "5.3" {
		t.Errorf("header %+v", h)
	}
	var req executeRequest
	if err := json.Unmarshal(m.content, &req); err != nil || req.Code != `fmt.Println("héllo")` || !orTrue(req.AllowStdin) {
		t.Errorf("content %+v (%v)", req, err)
	}
	// Our signature of the same frames is jupyter_client's, byte for byte.
	if got := c.signature(frames[3], frames[4], frames[5], frames[6]); !bytes.Equal(got, frames[2]) {
		t.Errorf("signature %s, jupyter_client's %s", got, frames[2])
	}
	// The same frames again are a replay.
	if _, err := c.decode(frames); !errors.Is(err, errReplayed) {
		t.Errorf("decoding the same message twice: %v", err)
	}
	// The same message with another key is refused.
	other, _ := newCodec("hmac-sha256", "another key", "kernel")
	if _, err := other.decode(frames); !errors.Is(err, errSignature) {
		t.Errorf("decode with the wrong key: %v", err)
	}
}

func TestDecodeRejectsBadFrames(t *testing.T) {
	key, good := jupyterClientFrames(t)
	c, _ := newCodec("hmac-sha256", key, "kernel")
	// resign builds a message from its parts with a valid signature, so
	// that only the part under test is wrong.
	resign := func(h, p, m, content string) [][]byte {
		return [][]byte{[]byte("id"), []byte(delimiter), c.signature([]byte(h), []byte(p), []byte(m), []byte(content)),
			[]byte(h), []byte(p), []byte(m), []byte(content)}
	}
	validHeader := `{"msg_id":"1","msg_type":"kernel_info_request","session":"s","username":"u","date":"","version":"5.3"}`
	with := func(i int, v string) [][]byte {
		f := append([][]byte(nil), good...)
		f[i] = []byte(v)
		return f
	}
	cases := []struct {
		name   string
		frames [][]byte
		err    error
	}{
		{"no frames", nil, errNoDelimiter},
		{"no delimiter", append(append([][]byte(nil), good[:1]...), good[2:]...), errNoDelimiter},
		{"too few frames", good[:6], errTooFewFrames},
		{"missing signature", with(2, ""), errSignature},
		{"wrong signature", with(2, "00"+string(good[2][2:])), errSignature},
		{"signature not hex", with(2, "zz"), errSignature},
		{"tampered content", with(6, `{"code":"rm -rf /"}`), errSignature},
		{"header not JSON", resign(`{"msg_id":`, "{}", "{}", "{}"), errHeader},
		{"header not an object", resign(`["msg_id"]`, "{}", "{}", "{}"), errHeader},
		{"header without msg_type", resign(`{"msg_id":"1"}`, "{}", "{}", "{}"), errHeader},
		{"header without msg_id", resign(`{"msg_type":"kernel_info_request"}`, "{}", "{}", "{}"), errHeader},
		{"header field of the wrong type", resign(`{"msg_id":1,"msg_type":"x"}`, "{}", "{}", "{}"), errHeader},
		{"parent not an object", resign(validHeader, "null", "{}", "{}"), errNotObject},
		{"metadata not JSON", resign(validHeader, "{}", "{", "{}"), errNotObject},
		{"content not an object", resign(validHeader, "{}", "{}", `"code"`), errNotObject},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := c.decode(tc.frames); !errors.Is(err, tc.err) {
				t.Errorf("decode: %v, want %v", err, tc.err)
			}
		})
	}
	if _, err := c.decode(resign(validHeader, "{}", "{}", "{}")); err != nil {
		t.Errorf("the well-formed control case fails: %v", err)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	for _, key := range []string{"k", ""} {
		c, _ := newCodec("hmac-sha256", key, "kernel")
		frames, err := c.encode(outgoing{identities: [][]byte{[]byte("peer")}, msgType: "stream",
			parent: json.RawMessage(`{"msg_id":"p"}`), content: streamContent{Name: "stdout", Text: "hé\x00llo\n"}})
		if err != nil {
			t.Fatal(err)
		}
		if key == "" && len(frames[2]) != 0 {
			t.Errorf("unsigned session sent signature %q", frames[2])
		}
		m, err := c.decode(frames)
		if err != nil {
			t.Fatalf("key %q: %v", key, err)
		}
		var sc streamContent
		_ = json.Unmarshal(m.content, &sc)
		if m.header.MsgType != "stream" || m.header.Version != ProtocolVersion || m.header.Session != c.session ||
			sc.Text != "hé\x00llo\n" || !bytes.Equal(m.parent, []byte(`{"msg_id":"p"}`)) || string(m.identities[0]) != "peer" {
			t.Errorf("round trip: %+v %+v", m.header, sc)
		}
	}
	if _, err := newCodec("hmac-md5", "k", "u"); err == nil {
		t.Error("hmac-md5 accepted")
	}
}

// FuzzDecode feeds the decoder frames split at NUL bytes. With signed
// set, the fuzzer's frames get a correct signature, so that the JSON
// checks behind the signature check are reached too.
func FuzzDecode(f *testing.F) {
	_, frames := jupyterClientFrames(f)
	f.Add(bytes.Join(frames, []byte{0}), true)
	f.Add(bytes.Join(frames, []byte{0}), false)
	f.Add([]byte("<IDS|MSG>\x00\x00{}\x00{}\x00{}\x00{}"), true)
	f.Add([]byte(`<IDS|MSG>`+"\x00\x00"+`{"msg_id":"1","msg_type":"x"}`+"\x00{}\x00{}\x00[]"), true)
	c, _ := newCodec("hmac-sha256", "fuzz key", "kernel")
	f.Fuzz(func(t *testing.T, data []byte, signed bool) {
		frames := bytes.Split(data, []byte{0})
		d := -1
		for i, fr := range frames {
			if string(fr) == delimiter {
				d = i
				break
			}
		}
		if signed && d >= 0 && len(frames) >= d+6 {
			frames[d+1] = c.signature(frames[d+2], frames[d+3], frames[d+4], frames[d+5])
		}
		m, err := c.decode(frames)
		if err != nil {
			return
		}
		if m.header.MsgID == "" || m.header.MsgType == "" {
			t.Fatalf("accepted a header without msg_id or msg_type: %s", m.rawHeader)
		}
		// What was accepted can be answered: a reply to it encodes and
		// decodes, with the request's header as its parent.
		out, err := c.encode(outgoing{identities: m.identities, msgType: "reply", parent: m.rawHeader, content: m.content})
		if err != nil {
			t.Fatalf("encoding a reply: %v", err)
		}
		back, err := c.decode(out)
		if err != nil {
			t.Fatalf("decoding our own reply: %v", err)
		}
		if !bytes.Equal(back.parent, m.rawHeader) {
			t.Fatalf("parent header changed")
		}
		// And a changed byte in the signed part breaks the signature.
		if len(out[len(m.identities)+2]) > 0 {
			out[len(m.identities)+2][0] ^= 1
			if _, err := c.decode(out); err == nil {
				t.Fatalf("a tampered header passed the signature check")
			}
		}
	})
}

func TestReplayMemoryIsBounded(t *testing.T) {
	var s signatures
	for i := range rememberedSignatures + 10 {
		if !s.add([]byte(fmt.Sprint(i))) {
			t.Fatalf("signature %d reported as seen", i)
		}
	}
	if len(s.set) != rememberedSignatures {
		t.Errorf("%d signatures remembered", len(s.set))
	}
	if s.add([]byte(fmt.Sprint(rememberedSignatures + 5))) {
		t.Error("a recent signature was forgotten")
	}
	if !s.add([]byte("0")) {
		t.Error("the oldest signature was not forgotten")
	}
}
