package jupyter

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"sync"
	"time"
)

// ProtocolVersion is the version of the Jupyter messaging protocol this
// package speaks; it is set in the header of every message it sends.
const ProtocolVersion = "5.3"

// delimiter separates the routing identities from the message proper.
const delimiter = "<IDS|MSG>"

// Errors of the wire decoder. Each decode error wraps one of them.
var (
	errNoDelimiter  = errors.New("no <IDS|MSG> delimiter frame")
	errTooFewFrames = errors.New("fewer than the five frames after <IDS|MSG>")
	errSignature    = errors.New("bad HMAC signature")
	errReplayed     = errors.New("replayed message (its signature was seen before)")
	errHeader       = errors.New("malformed header")
	errNotObject    = errors.New("not a JSON object")
)

// header is a Jupyter message header.
type header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// message is a decoded incoming message. The JSON parts are kept raw: the
// header is echoed verbatim as the parent of replies, and content is
// decoded by the handler that knows its shape.
type message struct {
	identities [][]byte
	header     header
	rawHeader  json.RawMessage
	parent     json.RawMessage
	metadata   json.RawMessage
	content    json.RawMessage
	buffers    [][]byte
}

// codec signs, verifies, encodes and decodes messages of one session.
type codec struct {
	key      []byte
	hash     func() hash.Hash
	session  string
	username string
	seen     signatures
}

// signatures remembers the most recent signatures of accepted messages,
// so that a captured message cannot be replayed to the kernel (as
// ipykernel's Session also refuses).
type signatures struct {
	mu   sync.Mutex
	set  map[string]struct{}
	ring []string
	next int
}

// rememberedSignatures bounds the replay check's memory (about 8 MB).
const rememberedSignatures = 1 << 16

// add records sig and reports whether it is new.
func (s *signatures) add(sig []byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.set == nil {
		s.set = make(map[string]struct{})
		s.ring = make([]string, rememberedSignatures)
	}
	if _, dup := s.set[string(sig)]; dup {
		return false
	}
	if old := s.ring[s.next]; old != "" {
		delete(s.set, old)
	}
	s.ring[s.next] = string(sig)
	s.set[s.ring[s.next]] = struct{}{}
	s.next = (s.next + 1) % len(s.ring)
	return true
}

// newCodec returns a codec for a connection file's signature_scheme and
// key. An empty key disables signing, as the messaging spec allows.
func newCodec(scheme, key, username string) (*codec, error) {
	c := &codec{key: []byte(key), session: newID(), username: username}
	switch scheme {
	case "hmac-sha256", "":
		c.hash = sha256.New
	case "hmac-sha512":
		c.hash = sha512.New
	default:
		return nil, fmt.Errorf("unsupported signature_scheme %q (want hmac-sha256)", scheme)
	}
	return c, nil
}

// signature returns the hex HMAC of the four signed frames, or "" when
// signing is disabled.
func (c *codec) signature(parts ...[]byte) []byte {
	if len(c.key) == 0 {
		return nil
	}
	mac := hmac.New(c.hash, c.key)
	for _, p := range parts {
		mac.Write(p)
	}
	sum := mac.Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// decode parses and verifies the frames of one incoming message (routing
// identities first). It never panics; every failure is an error saying
// what is wrong. When only the parent_header, metadata or content is
// malformed, the message is returned along with the error, so that the
// request can still be answered with an error reply.
func (c *codec) decode(frames [][]byte) (*message, error) {
	d := -1
	for i, f := range frames {
		if string(f) == delimiter {
			d = i
			break
		}
	}
	if d < 0 {
		return nil, errNoDelimiter
	}
	if len(frames)-d-1 < 5 {
		return nil, fmt.Errorf("%w: got %d", errTooFewFrames, len(frames)-d-1)
	}
	sig, h, parent, meta, content := frames[d+1], frames[d+2], frames[d+3], frames[d+4], frames[d+5]
	if len(c.key) > 0 {
		want := c.signature(h, parent, meta, content)
		if !hmac.Equal(bytes.ToLower(sig), want) {
			return nil, errSignature
		}
		if !c.seen.add(want) {
			return nil, errReplayed
		}
	}
	m := &message{
		identities: frames[:d],
		rawHeader:  h,
		parent:     parent,
		metadata:   meta,
		content:    content,
		buffers:    frames[d+6:],
	}
	if err := json.Unmarshal(h, &m.header); err != nil || !isObject(h) {
		return nil, fmt.Errorf("%w: %v", errHeader, jsonError(h, err))
	}
	if m.header.MsgID == "" || m.header.MsgType == "" {
		return nil, fmt.Errorf("%w: msg_id and msg_type are required", errHeader)
	}
	for _, part := range []struct {
		name string
		raw  []byte
	}{{"parent_header", parent}, {"metadata", meta}, {"content", content}} {
		if !isObject(part.raw) || !json.Valid(part.raw) {
			return m, fmt.Errorf("%s: %w", part.name, errNotObject)
		}
	}
	return m, nil
}

// jsonError explains why raw is not a usable JSON object.
func jsonError(raw []byte, err error) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("%w: %.40q", errNotObject, raw)
}

// isObject reports whether raw starts like a JSON object.
func isObject(raw []byte) bool {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	return len(raw) > 0 && raw[0] == '{'
}

// outgoing is a message the kernel sends.
type outgoing struct {
	identities [][]byte        // routing prefix (ROUTER) or topic (PUB)
	msgType    string          // header.msg_type
	parent     json.RawMessage // the request's header, verbatim; nil for {}
	metadata   any             // nil for {}
	content    any
}

var emptyObject = json.RawMessage("{}")

// encode builds the signed frames of m.
func (c *codec) encode(m outgoing) ([][]byte, error) {
	h, err := json.Marshal(header{
		MsgID:    newID(),
		Session:  c.session,
		Username: c.username,
		Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"),
		MsgType:  m.msgType,
		Version:  ProtocolVersion,
	})
	if err != nil {
		return nil, err
	}
	parent := m.parent
	if len(parent) == 0 {
		parent = emptyObject
	}
	meta, err := marshalObject(m.metadata)
	if err != nil {
		return nil, fmt.Errorf("%s metadata: %w", m.msgType, err)
	}
	content, err := marshalObject(m.content)
	if err != nil {
		return nil, fmt.Errorf("%s content: %w", m.msgType, err)
	}
	frames := make([][]byte, 0, len(m.identities)+6)
	frames = append(frames, m.identities...)
	frames = append(frames, []byte(delimiter), c.signature(h, parent, meta, content), h, parent, meta, content)
	return frames, nil
}

// marshalObject encodes v, turning nil into {}.
func marshalObject(v any) ([]byte, error) {
	if v == nil {
		return emptyObject, nil
	}
	if raw, ok := v.(json.RawMessage); ok {
		return raw, nil
	}
	return json.Marshal(v)
}

// newID returns a random UUID-shaped identifier.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
