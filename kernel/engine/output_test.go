package engine

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// recorder is a lang.Output that records what a cell sends.
type recorder struct {
	mu       sync.Mutex
	chunks   []chunk
	displays []lang.DisplayData
	inputs   []string // answers for Input, consumed in order
	allowIn  bool
	order    []string // "stream" and "display", in the order they came
}

// chunk is one Stream call.
type chunk struct {
	name, text string
	at         time.Time
}

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.chunks = append(r.chunks, chunk{name, text, time.Now()})
	r.order = append(r.order, "stream")
}

func (r *recorder) Display(d lang.DisplayData) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, d)
	r.order = append(r.order, "display")
}

func (r *recorder) ClearOutput(bool) {}

func (r *recorder) Input(ctx context.Context, prompt string, password bool) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.allowIn {
		return "", lang.ErrStdinNotAllowed
	}
	if len(r.inputs) == 0 {
		return "", context.Canceled
	}
	s := r.inputs[0]
	r.inputs = r.inputs[1:]
	return s, nil
}

// text returns everything streamed under name.
func (r *recorder) text(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, c := range r.chunks {
		if c.name == name {
			b.WriteString(c.text)
		}
	}
	return b.String()
}

func newTestSession(t *testing.T) *testSession {
	t.Helper()
	e, err := New(Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { e.Shutdown(false) })
	return &testSession{t: t, e: e}
}

// testSession runs cells on one engine.
type testSession struct {
	t     *testing.T
	e     *Engine
	count int
}

// run executes a cell and returns its result and output.
func (s *testSession) run(code string) (lang.Result, *recorder) {
	return s.runCtx(context.Background(), code)
}

func (s *testSession) runCtx(ctx context.Context, code string) (lang.Result, *recorder) {
	s.count++
	out := &recorder{}
	res := s.e.Execute(ctx, lang.ExecuteRequest{Code: code, ExecutionCount: s.count, StoreHistory: true}, out)
	return res, out
}

// ok runs a cell that must succeed and returns its text/plain result.
func (s *testSession) ok(code string) (string, *recorder) {
	s.t.Helper()
	res, out := s.run(code)
	if res.Error != nil {
		s.t.Fatalf("cell %q failed: %s: %s\n%s\nstderr: %s", code, res.Error.EName, res.Error.EValue,
			strings.Join(res.Error.Traceback, "\n"), out.text("stderr"))
	}
	if res.Data == nil {
		return "", out
	}
	text, _ := res.Data["text/plain"].(string)
	return text, out
}

// fails runs a cell that must fail and returns its error.
func (s *testSession) fails(code string) (*lang.Error, *recorder) {
	s.t.Helper()
	res, out := s.run(code)
	if res.Error == nil {
		s.t.Fatalf("cell %q succeeded (result %v), want an error", code, res.Data)
	}
	return res.Error, out
}
