package capture

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// sink collects what a Stream forwards.
type sink struct {
	mu     sync.Mutex
	chunks []string
}

func (s *sink) add(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chunks = append(s.chunks, text)
}

func (s *sink) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.chunks, "")
}

func newStream(t *testing.T) (*Stream, *sink) {
	t.Helper()
	var out sink
	s, err := NewStream(out.add)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, &out
}

// TestFlush checks that Flush returns only after what was written before
// it reached the sink, and that the marker never does.
func TestFlush(t *testing.T) {
	s, out := newStream(t)
	for i := 0; i < 100; i++ {
		s.File().WriteString("line\n")
		if err := s.Flush(); err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(out.text(), "line\n"); got != i+1 {
			t.Fatalf("after flush %d the sink has %d lines", i+1, got)
		}
	}
	if strings.Contains(out.text(), "gonn-flush") {
		t.Error("the flush marker leaked into the output")
	}
}

// TestRunesNotSplit writes a multi-byte text one byte at a time and checks
// that every chunk is valid UTF-8.
func TestRunesNotSplit(t *testing.T) {
	s, out := newStream(t)
	text := "aé世🙂z"
	for i := 0; i < len(text); i++ {
		s.File().Write([]byte{text[i]})
		time.Sleep(time.Millisecond)
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if out.text() != text {
		t.Errorf("got %q, want %q", out.text(), text)
	}
	for _, c := range out.chunks {
		if !utf8.ValidString(c) {
			t.Errorf("chunk %q splits a rune", c)
		}
	}
}

// TestInvalidUTF8 checks that invalid bytes arrive as U+FFFD.
func TestInvalidUTF8(t *testing.T) {
	s, out := newStream(t)
	s.File().Write([]byte("a\xffb\n"))
	s.Flush()
	if got := out.text(); got != "a\uFFFDb\n" {
		t.Errorf("got %q", got)
	}
}

// TestForward checks the splitting of what the reader received: markers
// cut anywhere, runes cut anywhere.
func TestForward(t *testing.T) {
	var out sink
	s := &Stream{sink: out.add, marker: []byte("\x00MARK\x00"), flushed: make(chan struct{}, 10)}
	cases := []struct {
		name    string
		reads   []string
		want    string
		flushes int
	}{
		{"plain", []string{"abc", "def"}, "abcdef", 0},
		{"whole marker", []string{"ab\x00MARK\x00cd"}, "abcd", 1},
		{"marker cut", []string{"ab\x00MA", "RK\x00cd"}, "abcd", 1},
		{"marker cut at every byte", []string{"x\x00", "M", "A", "R", "K", "\x00", "y"}, "xy", 1},
		{"rune cut", []string{"\xe4\xb8", "\x96"}, "世", 0},
		{"prefix that is not a marker", []string{"a\x00M", "Z"}, "a\x00MZ", 0},
		{"two markers", []string{"\x00MARK\x00\x00MARK\x00"}, "", 2},
	}
	for _, c := range cases {
		out.chunks = nil
		for len(s.flushed) > 0 {
			<-s.flushed
		}
		var pending []byte
		for _, r := range c.reads {
			pending = s.forward(append(pending, r...))
		}
		s.emit(pending)
		if got := out.text(); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
		if len(s.flushed) != c.flushes {
			t.Errorf("%s: %d flushes, want %d", c.name, len(s.flushed), c.flushes)
		}
		for _, ch := range out.chunks {
			if bytes.Contains([]byte(ch), []byte("MARK")) {
				t.Errorf("%s: marker in %q", c.name, ch)
			}
		}
	}
}

// TestCloseForwardsRest checks that Close delivers what was written last.
func TestCloseForwardsRest(t *testing.T) {
	var out sink
	s, err := NewStream(out.add)
	if err != nil {
		t.Fatal(err)
	}
	s.File().WriteString("tail")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if out.text() != "tail" {
		t.Errorf("got %q", out.text())
	}
	if err := s.Flush(); err == nil {
		t.Error("Flush on a closed stream succeeded")
	}
}

// BenchmarkStream measures the throughput of a stream: 64-byte lines
// written and forwarded.
func BenchmarkStream(b *testing.B) {
	var n int
	s, err := NewStream(func(text string) { n += len(text) })
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	line := []byte(strings.Repeat("x", 63) + "\n")
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		s.File().Write(line)
	}
	s.Flush()
}
