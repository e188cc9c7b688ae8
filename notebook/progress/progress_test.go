package progress

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gonn-dev/gonn/kernel/lang"
	"github.com/gonn-dev/gonn/notebook"
)

// clock is a fake time source advanced by the test.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func reporter(terminal bool) (*Reporter, *bytes.Buffer, *clock) {
	var buf bytes.Buffer
	c := &clock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	r := New(&buf, terminal)
	r.now = c.now
	return r, &buf, c
}

func TestPlainLines(t *testing.T) {
	r, buf, c := reporter(false)
	r.Start("dir/intro.ipynb")
	r.Event(notebook.Event{Cell: 2, Count: 1, Total: 2})
	c.advance(1500 * time.Millisecond)
	r.Event(notebook.Event{Cell: 2, Count: 1, Total: 2, Done: true, Elapsed: 1500 * time.Millisecond})
	r.Event(notebook.Event{Cell: 4, Count: 2, Total: 2})
	r.Event(notebook.Event{Cell: 4, Count: 2, Total: 2, Done: true, Elapsed: 300 * time.Microsecond, Err: &lang.Error{EName: "panic"}})
	r.Printf("gonn run: \x1b[31mcoloured\x1b[0m error")
	c.advance(500 * time.Millisecond)
	r.Finish("wrote %s", "intro.out.ipynb")
	r.Close()
	want := "intro.ipynb: cell 1/2 (In [1]) ok in 1.5s\n" +
		"intro.ipynb: cell 2/2 (In [2]) failed in 300µs\n" +
		"gonn run: coloured error\n" +
		"intro.ipynb: wrote intro.out.ipynb (2s)\n"
	if buf.String() != want {
		t.Errorf("got:\n%q\nwant:\n%q", buf.String(), want)
	}
}

func TestTerminalStatusLine(t *testing.T) {
	r, buf, c := reporter(true)
	r.Start("intro.ipynb")
	r.Event(notebook.Event{Cell: 1, Count: 1, Total: 3})
	c.advance(2 * time.Second)
	r.mu.Lock()
	r.drawStatus() // what the ticker does
	r.mu.Unlock()
	r.Printf("gonn run: \x1b[31mred\x1b[0m")
	r.Event(notebook.Event{Cell: 1, Count: 1, Total: 3, Done: true, Elapsed: 2 * time.Second})
	r.Finish("wrote x")
	r.Close()
	out := buf.String()
	for _, want := range []string{
		"\r\x1b[Kintro.ipynb  cell 1/3  In [1]  0s  (total 0s)",
		"\r\x1b[Kintro.ipynb  cell 1/3  In [1]  2s  (total 2s)",
		"\r\x1b[Kgonn run: \x1b[31mred\x1b[0m\n", // message keeps colour, status line cleared first
		"done  (total 2s)\r\x1b[Kintro.ipynb: wrote x (2s)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("terminal output lacks %q:\n%q", want, out)
		}
	}
}

func TestTickerRedraws(t *testing.T) {
	var buf lockedBuffer
	r := New(&buf, true)
	r.Start("nb.ipynb")
	r.Event(notebook.Event{Cell: 1, Count: 1, Total: 1})
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(buf.String(), "\r\x1b[K") < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	r.Event(notebook.Event{Cell: 1, Count: 1, Total: 1, Done: true})
	r.Close()
	if n := strings.Count(buf.String(), "cell 1/1"); n < 3 {
		t.Errorf("status drawn %d times; the ticker should redraw it while the cell runs", n)
	}
}

// lockedBuffer is a bytes.Buffer safe for the ticker goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
