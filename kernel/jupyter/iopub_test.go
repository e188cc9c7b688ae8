package jupyter

import (
	"fmt"
	"github.com/gonn-dev/gonn/kernel/jupyter/jupytertest"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestStreamCoalescing(t *testing.T) {
	const lines = 100000
	var want strings.Builder
	for i := range lines {
		fmt.Fprintf(&want, "line %d\n", i)
	}
	cases := []struct {
		name      string
		configure func(*Config)
		maxMsgs   int
	}{
		// ~1.1 MB in 64 KiB messages, plus a few flushed by the timer.
		{"defaults", nil, 100},
		// A tiny queue makes the cell wait for iopub instead of losing output.
		{"queue of 4 KiB", func(c *Config) { c.IOPubQueueBytes = 4 << 10 }, lines},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var conf []func(*Config)
			if tc.configure != nil {
				conf = append(conf, tc.configure)
			}
			tk := startKernel(t, newFake(), conf...)
			c := connect(t, tk.Connection())
			reply, io := c.Execute(fmt.Sprintf("printn %d", lines), nil)
			if reply.Content["status"] != "ok" {
				t.Fatalf("reply %v", reply.Content)
			}
			n := 0
			for _, m := range io {
				if m.Header.MsgType == "stream" {
					n++
				}
			}
			if got := jupytertest.StreamText(io, "stdout"); got != want.String() {
				t.Fatalf("received %d bytes of output, want %d", len(got), want.Len())
			}
			if n > tc.maxMsgs {
				t.Errorf("%d stream messages for %d lines, want at most %d", n, lines, tc.maxMsgs)
			}
			t.Logf("%d lines in %d stream messages", lines, n)
		})
	}
}

// TestStreamIsRealTime checks that output is not held back until the cell
// ends: the cell blocks after its first line until the test has received
// that line.
func TestStreamIsRealTime(t *testing.T) {
	fake := newFake()
	tk := startKernel(t, fake)
	c := connect(t, tk.Connection())
	id := c.Send("shell", "execute_request", map[string]any{"code": "print first\nwait more\nprint second"})
	for {
		m := c.Recv("iopub")
		if m.Header.MsgType == "stream" {
			if got := m.Content["text"]; got != "first\n" {
				t.Fatalf("first stream %q", got)
			}
			break
		}
	}
	fake.open("more")
	c.Reply("shell", id)
	if got := jupytertest.StreamText(c.IOPubUntilIdle(id), "stdout"); got != "second\n" {
		t.Errorf("rest of output %q", got)
	}
}

func TestStreamChunksKeepUTF8Whole(t *testing.T) {
	tk := startKernel(t, newFake(), func(c *Config) { c.StreamChunkBytes = 7 })
	c := connect(t, tk.Connection())
	text := strings.Repeat("héllo wörld ✓ 𝛑 ", 50)
	_, io := c.Execute("print "+text, nil)
	var got strings.Builder
	for _, m := range io {
		if m.Header.MsgType == "stream" {
			s := m.Content["text"].(string)
			if !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) {
				t.Fatalf("a chunk splits a character: %q", s)
			}
			got.WriteString(s)
		}
	}
	if got.String() != text+"\n" {
		t.Errorf("output %q", got.String())
	}
}

func TestCutRunes(t *testing.T) {
	cases := []struct {
		s    string
		n    int
		want int
	}{
		{"abc", 5, 3},
		{"abc", 2, 2},
		{"é", 1, 2},      // at least one whole rune
		{"aé", 2, 1},     // not half of é
		{"𝛑x", 3, 4},     // a 4-byte rune is taken whole
		{"ab𝛑", 3, 2},    // cut before it
		{"ab𝛑", 6, 6},    // all of it
		{"\xffab", 1, 1}, // invalid bytes count as one
	}
	for _, c := range cases {
		if got := cutRunes(c.s, c.n); got != c.want {
			t.Errorf("cutRunes(%q, %d) = %d, want %d", c.s, c.n, got, c.want)
		}
	}
}
