package engine

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/traefik/yaegi/interp"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// compiledPrint is compiled code that writes to the process's standard
// output and error, for the tests of fd capture.
func compiledPrint(s string) {
	fmt.Println("compiled stdout:", s)
	fmt.Fprintln(os.Stderr, "compiled stderr:", s)
}

// TestOutputStreams checks every way interpreted code writes output.
func TestOutputStreams(t *testing.T) {
	cases := []struct {
		code           string
		stdout, stderr string
	}{
		{`fmt.Println("a", 1)`, "a 1\n", ""},
		{`fmt.Print("no newline")`, "no newline", ""},
		{`fmt.Printf("%03d|", 7)`, "007|", ""},
		{`fmt.Fprintln(os.Stdout, "to os.Stdout")`, "to os.Stdout\n", ""},
		{`fmt.Fprintln(os.Stderr, "to os.Stderr")`, "", "to os.Stderr\n"},
		{`os.Stdout.WriteString("raw\n")`, "raw\n", ""},
		{`os.Stderr.Write([]byte("raw err\n"))`, "", "raw err\n"},
		{`println("builtin", 2)`, "builtin 2\n", ""},
		{`log.SetFlags(0)
log.Println("logged")`, "", "logged\n"},
		{`w := bufio.NewWriter(os.Stdout)
fmt.Fprintf(w, "buffered %d\n", 3)
w.Flush()`, "buffered 3\n", ""},
		{`fmt.Println("héllo, 世界 🙂")`, "héllo, 世界 🙂\n", ""},
	}
	s := newTestSession(t)
	for _, c := range cases {
		_, out := s.ok(c.code)
		if got := out.text("stdout"); got != c.stdout {
			t.Errorf("%q: stdout %q, want %q", c.code, got, c.stdout)
		}
		if got := out.text("stderr"); got != c.stderr {
			t.Errorf("%q: stderr %q, want %q", c.code, got, c.stderr)
		}
	}
}

// seenWaiter lets a cell wait until the test has received some output:
// the cell calls the compiled function Wait, which returns once the
// recorder has seen the text (or after a minute, and then false).
type seenWaiter struct {
	once sync.Once
	seen chan struct{}
}

func (w *seenWaiter) wait() bool {
	select {
	case <-w.seen:
		return true
	case <-time.After(time.Minute):
		return false
	}
}

// watchOutput is a recorder that tells w when want has been streamed.
type watchOutput struct {
	recorder
	want string
	w    *seenWaiter
}

func (o *watchOutput) Stream(name, text string) {
	o.recorder.Stream(name, text)
	if strings.Contains(o.recorder.text(name), o.want) {
		o.w.once.Do(func() { close(o.w.seen) })
	}
}

// TestStreamingWhileRunning checks that output reaches the client while
// the cell still runs: the cell prints a line, then waits until the test
// has received it; without streaming it would wait in vain.
func TestStreamingWhileRunning(t *testing.T) {
	w := &seenWaiter{seen: make(chan struct{})}
	e, err := New(Options{Symbols: []interp.Exports{{
		"gonn.test/probe/probe": {"Wait": reflect.ValueOf(w.wait), "Print": reflect.ValueOf(compiledPrint)},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Shutdown(false)
	out := &watchOutput{want: "first line\n", w: w}
	code := "import \"gonn.test/probe\"\nfmt.Println(\"first line\")\nok := probe.Wait()\nfmt.Println(\"second line\")\nok"
	res := e.Execute(context.Background(), lang.ExecuteRequest{Code: code, ExecutionCount: 1}, out)
	if res.Error != nil {
		t.Fatalf("cell failed: %v", res.Error)
	}
	if got := res.Data["text/plain"]; got != "true" {
		t.Fatalf("the cell did not see its first line streamed before it ended (Wait returned %v)", got)
	}
	if got := out.text("stdout"); got != "first line\nsecond line\n" {
		t.Errorf("stdout %q", got)
	}
	if first := out.chunks[0].text; strings.Contains(first, "second") {
		t.Errorf("first chunk %q already holds the second line", first)
	}
}

// TestManyLines checks that 100 000 lines all arrive, in order, and
// before Execute returns.
func TestManyLines(t *testing.T) {
	s := newTestSession(t)
	const n = 100000
	_, out := s.ok(fmt.Sprintf("for i := 0; i < %d; i++ {\n\tfmt.Println(i)\n}", n))
	lines := strings.Split(strings.TrimSuffix(out.text("stdout"), "\n"), "\n")
	if len(lines) != n {
		t.Fatalf("got %d lines, want %d", len(lines), n)
	}
	for i, l := range lines {
		if l != fmt.Sprint(i) {
			t.Fatalf("line %d is %q", i, l)
		}
	}
	t.Logf("%d lines arrived in %d chunks", n, len(out.chunks))
}

// TestOutputIsUTF8 checks that chunks never split a rune, even when a
// cell writes one byte at a time.
func TestOutputIsUTF8(t *testing.T) {
	s := newTestSession(t)
	_, out := s.ok("b := []byte(\"é世🙂\")\nfor i := range b {\n\tos.Stdout.Write(b[i : i+1])\n\ttime.Sleep(time.Millisecond)\n}")
	for _, c := range out.chunks {
		if !utf8.ValidString(c.text) {
			t.Errorf("chunk %q is not valid UTF-8", c.text)
		}
	}
	if got := out.text("stdout"); got != "é世🙂" {
		t.Errorf("stdout %q", got)
	}
}

// TestOutputAfterCell checks where output of a goroutine that outlives
// its cell goes: to the last cell's output, as in IPython.
func TestOutputAfterCell(t *testing.T) {
	s := newTestSession(t)
	_, out := s.ok("go func() {\n\ttime.Sleep(100 * time.Millisecond)\n\tfmt.Println(\"late\")\n}()")
	deadline := time.Now().Add(10 * time.Second)
	for out.text("stdout") == "" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := out.text("stdout"); got != "late\n" {
		t.Errorf("late output %q, want it in the cell that started the goroutine", got)
	}
}

// TestStdin checks that fmt.Scan reads lines the user types (input_request).
func TestStdin(t *testing.T) {
	s := newTestSession(t)
	s.count++
	out := &recorder{allowIn: true, inputs: []string{"Ada 36"}}
	res := s.e.Execute(context.Background(), lang.ExecuteRequest{
		Code: "var name string\nvar age int\nfmt.Scan(&name, &age)\nfmt.Sprint(name, \" is \", age)", ExecutionCount: s.count, AllowStdin: true,
	}, out)
	if res.Error != nil || res.Data["text/plain"] != `"Ada is 36"` {
		t.Fatalf("got %v %v", res.Data, res.Error)
	}
	// Without stdin, reading fails and says why (see also TestInputRefused).
	e, _ := s.fails("var x int\n_, err := fmt.Scan(&x)\nif err != nil { panic(err) }")
	if !strings.Contains(e.EValue, "allow_stdin is false") {
		t.Errorf("got %q, want the cause", e.EValue)
	}
}

// TestSilent checks that a silent cell runs but shows nothing.
func TestSilent(t *testing.T) {
	s := newTestSession(t)
	out := &recorder{}
	res := s.e.Execute(context.Background(), lang.ExecuteRequest{Code: "z := 4\nfmt.Println(\"hidden\")\nz", Silent: true}, out)
	if res.Error != nil || res.Data != nil || len(out.chunks) != 0 {
		t.Errorf("silent cell: %v %v %v", res.Data, res.Error, out.chunks)
	}
	if got, _ := s.ok("z"); got != "4" {
		t.Errorf("z = %q", got)
	}
}
