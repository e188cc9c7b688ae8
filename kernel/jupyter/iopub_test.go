package jupyter

import (
	"fmt"
	"github.com/gonn-dev/gonn/kernel/jupyter/jupytertest"
	"reflect"
	"strings"
	"testing"
	"time"
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
		bounded   bool // whether the message count is bounded by coalescing
	}{
		{"defaults", nil, true},
		// A tiny queue makes the cell wait for iopub instead of losing
		// output; chunks then go out as soon as the queue is full.
		{"queue of 4 KiB", func(c *Config) { c.IOPubQueueBytes = 4 << 10 }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var conf []func(*Config)
			if tc.configure != nil {
				conf = append(conf, tc.configure)
			}
			tk := startKernel(t, newFake(), conf...)
			c := connect(t, tk.Connection())
			start := time.Now()
			reply, io := c.Execute(fmt.Sprintf("printn %d", lines), nil)
			elapsed := time.Since(start)
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
			// At most one message per 64 KiB, plus one per 50 ms interval
			// that the cell spent printing (however slow the machine is).
			limit := want.Len()/(64<<10) + int(elapsed/(50*time.Millisecond)) + 2
			if tc.bounded && n > limit {
				t.Errorf("%d stream messages for %d lines in %v, want at most %d", n, lines, elapsed, limit)
			}
			t.Logf("%d lines in %d stream messages (%v)", lines, n, elapsed)
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

// TestDisplayUpdatesAreCoalesced updates a display 10,000 times in a tight
// loop: the client gets far fewer update_display_data messages, the last
// of them with the final state, and updates of another display or other
// output keep their place.
func TestDisplayUpdatesAreCoalesced(t *testing.T) {
	tk := startKernel(t, newFake())
	c := connect(t, tk.Connection())
	start := time.Now()
	_, io := c.Execute("display a\nupdates a\nprint between\nupdate b\nupdates a", nil)
	elapsed := time.Since(start)
	var updates []*jupytertest.Message
	var order []string
	for _, m := range io {
		switch m.Header.MsgType {
		case "update_display_data":
			updates = append(updates, m)
			order = append(order, "update "+m.Content["transient"].(map[string]any)["display_id"].(string))
		case "stream", "display_data":
			order = append(order, m.Header.MsgType)
		}
	}
	last := updates[len(updates)-1].Content["data"].(map[string]any)["text/plain"]
	if last != "update 9999" {
		t.Errorf("last update shows %q, want the final state", last)
	}
	if limit := 2*int(elapsed/(50*time.Millisecond)) + 6; len(updates) > limit {
		t.Errorf("%d update messages in %v for 20,001 updates, want at most %d", len(updates), elapsed, limit)
	}
	// The first update of a after the display, the stream, b's update
	// and the last update of a stay in order.
	compact := []string{}
	for _, o := range order {
		if len(compact) == 0 || compact[len(compact)-1] != o {
			compact = append(compact, o)
		}
	}
	want := []string{"display_data", "update a", "stream", "update b", "update a"}
	if !reflect.DeepEqual(compact, want) {
		t.Errorf("order %v, want %v", compact, want)
	}
	t.Logf("20,001 updates in %d messages (%v)", len(updates), elapsed)
}
