package notebook

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gonn-dev/gonn/kernel/engine"
	"github.com/gonn-dev/gonn/kernel/lang"
)

// newEngine starts the real gonn engine, shut down when the test ends.
func newEngine(t *testing.T) *engine.Engine {
	t.Helper()
	e, err := engine.New(engine.Options{})
	if err != nil {
		t.Fatalf("engine.New: %v", err)
	}
	t.Cleanup(func() { e.Shutdown(false) })
	return e
}

// readFixture reads a notebook from testdata.
func readFixture(t *testing.T, name string) *Notebook {
	t.Helper()
	nb, err := Read(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

// runWithEngine runs nb with a fresh engine.
func runWithEngine(t *testing.T, nb *Notebook, opts Options) error {
	t.Helper()
	return Run(context.Background(), nb, newEngine(t), opts)
}

func TestRunEndToEnd(t *testing.T) {
	nb := readFixture(t, "hello.ipynb")
	var events []Event
	if err := runWithEngine(t, nb, Options{Progress: func(ev Event) { events = append(events, ev) }}); err != nil {
		t.Fatal(err)
	}
	byID := map[string]*Cell{}
	for _, c := range nb.Cells {
		byID[c.ID] = c
	}
	for _, tc := range []struct {
		id    string
		count int
		want  []*Output
	}{
		{"print", 1, []*Output{stream("stdout", "hello\nworld\n")}},
		{"value", 2, []*Output{{Type: ExecuteResultOutput, ExecutionCount: 2, Data: map[string]any{"text/plain": "42"}, Metadata: map[string]any{}}}},
		{"blank", 0, nil},
		{"progress", 3, []*Output{stream("stdout", "step 3/3\r\ndone\n")}},
		{"again", 4, []*Output{{Type: ExecuteResultOutput, ExecutionCount: 4, Data: map[string]any{"text/plain": "84"}, Metadata: map[string]any{}}}},
	} {
		c := byID[tc.id]
		if c.ExecutionCount != tc.count {
			t.Errorf("cell %s: execution count %d, want %d", tc.id, c.ExecutionCount, tc.count)
		}
		if got := dump(c.Outputs); got != dump(tc.want) {
			t.Errorf("cell %s outputs:\n got %s\nwant %s", tc.id, got, dump(tc.want))
		}
	}
	li, _ := nb.Metadata["language_info"].(map[string]any)
	if li["name"] != "go" || li["mimetype"] != "text/x-go" {
		t.Errorf("language_info = %v", li)
	}
	if len(events) != 8 || events[0].Done || !events[1].Done || events[7].Count != 4 || events[7].Total != 4 || events[7].Cell != 6 {
		t.Errorf("progress events = %+v", events)
	}

	path := filepath.Join(t.TempDir(), "hello.out.ipynb")
	if err := nb.Write(path); err != nil {
		t.Fatal(err)
	}
	validateNBFormat(t, path)

	// A second run with a fresh engine writes the same bytes.
	again := readFixture(t, "hello.ipynb")
	if err := runWithEngine(t, again, Options{}); err != nil {
		t.Fatal(err)
	}
	first, _ := nb.Marshal()
	second, _ := again.Marshal()
	if !bytes.Equal(first, second) {
		t.Errorf("two runs differ:\n%s", firstDifference(first, second))
	}
}

func TestRunStopsAtFirstError(t *testing.T) {
	nb := readFixture(t, "failing.ipynb")
	err := runWithEngine(t, nb, Options{})
	var ce *CellError
	if !errors.As(err, &ce) {
		t.Fatalf("Run error = %v, want a *CellError", err)
	}
	if ce.Cell != 2 || ce.ExecutionCount != 2 || ce.Err.EName != "panic" || !strings.Contains(ce.Err.EValue, "broken cell") {
		t.Errorf("CellError = %+v (%v)", ce, ce.Err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "cell 2 (In [2]): panic: ") {
		t.Errorf("message %q does not name the cell first", msg)
	}
	if out := nb.Cells[1].Outputs; len(out) != 1 || out[0].Type != ErrorOutput {
		t.Errorf("failing cell outputs: %s", dump(out))
	}
	if c := nb.Cells[2]; c.ExecutionCount != 0 || len(c.Outputs) != 0 {
		t.Errorf("the cell after the failure ran: count %d, outputs %s", c.ExecutionCount, dump(c.Outputs))
	}
}

func TestRunAllowErrors(t *testing.T) {
	nb := readFixture(t, "failing.ipynb")
	if err := runWithEngine(t, nb, Options{AllowErrors: true}); err != nil {
		t.Fatalf("Run with AllowErrors: %v", err)
	}
	if out := nb.Cells[1].Outputs; len(out) != 1 || out[0].EName != "panic" {
		t.Errorf("error not recorded: %s", dump(out))
	}
	if got := dump(nb.Cells[2].Outputs); got != dump([]*Output{stream("stdout", "after\n")}) || nb.Cells[2].ExecutionCount != 3 {
		t.Errorf("cell after the error: count %d, outputs %s", nb.Cells[2].ExecutionCount, got)
	}
}

func TestRunTags(t *testing.T) {
	nb := &Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{}, Cells: []*Cell{
		{Type: CodeCell, Source: `panic("expected")`, Metadata: map[string]any{"tags": []any{"raises-exception"}}},
		{Type: CodeCell, Source: `fmt.Println("skipped")`, Metadata: map[string]any{"tags": []any{"skip-execution"}},
			ExecutionCount: 7, Outputs: []*Output{stream("stdout", "from an earlier run\n")}},
		{Type: CodeCell, Source: `fmt.Println("runs")`},
	}}
	if err := runWithEngine(t, nb, Options{}); err != nil {
		t.Fatalf("a raises-exception cell stopped the run: %v", err)
	}
	if nb.Cells[1].ExecutionCount != 7 || len(nb.Cells[1].Outputs) != 1 {
		t.Errorf("skip-execution cell was touched: %+v", nb.Cells[1])
	}
	if nb.Cells[2].ExecutionCount != 2 {
		t.Errorf("count after a skipped cell = %d, want 2", nb.Cells[2].ExecutionCount)
	}
}

// A help query answers through Jupyter's pager; a headless run has none, so
// the page is kept as the cell's output, the way JupyterLab shows it inline.
func TestRunKeepsPagerOutput(t *testing.T) {
	nb := &Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{}, Cells: []*Cell{
		{Type: CodeCell, Source: "strings.ToUpper?"},
		{Type: CodeCell, Source: "1 + 1"},
	}}
	if err := runWithEngine(t, nb, Options{}); err != nil {
		t.Fatal(err)
	}
	out := nb.Cells[0].Outputs
	if len(out) != 1 || out[0].Type != DisplayDataOutput {
		t.Fatalf("help query outputs: %s", dump(out))
	}
	text, _ := out[0].Data["text/plain"].(string)
	if !strings.Contains(text, "func ToUpper(s string) string") {
		t.Errorf("page text does not show ToUpper's signature:\n%s", text)
	}
	if out := nb.Cells[1].Outputs; len(out) != 1 || out[0].Data["text/plain"] != "2" {
		t.Errorf("the cell after the help query: %s", dump(out))
	}
}

func TestRunTimeoutInterruptsTheCell(t *testing.T) {
	nb := &Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{}, Cells: []*Cell{
		{Type: CodeCell, Source: "n := 0\nfor {\n\tn++\n}"},
		{Type: CodeCell, Source: "time.Sleep(time.Hour)"},
		{Type: CodeCell, Source: `fmt.Println("still alive")`},
	}}
	// The limit leaves the last, trivial cell ample time on a loaded machine.
	if err := runWithEngine(t, nb, Options{Timeout: 1500 * time.Millisecond, AllowErrors: true}); err != nil {
		t.Fatal(err)
	}
	for _, c := range nb.Cells[:2] {
		if len(c.Outputs) != 1 || c.Outputs[0].EName != "Timeout" || !strings.Contains(c.Outputs[0].EValue, "1.5s") {
			t.Errorf("cell %q outputs: %s", c.Source, dump(c.Outputs))
		}
	}
	if got := dump(nb.Cells[2].Outputs); got != dump([]*Output{stream("stdout", "still alive\n")}) {
		t.Errorf("the engine did not recover after the timeouts: %s", got)
	}

	nb.Cells = nb.Cells[:1]
	err := runWithEngine(t, nb, Options{Timeout: 100 * time.Millisecond})
	var ce *CellError
	if !errors.As(err, &ce) || ce.Err.EName != "Timeout" {
		t.Errorf("without AllowErrors a timeout = %v, want a Timeout CellError", err)
	}
}

func TestRunCancelled(t *testing.T) {
	nb := &Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{}, Cells: []*Cell{
		{Type: CodeCell, Source: "time.Sleep(time.Hour)"},
		{Type: CodeCell, Source: `fmt.Println("never")`},
	}}
	ctx, cancel := context.WithCancel(context.Background())
	progress := func(ev Event) {
		if !ev.Done {
			time.AfterFunc(50*time.Millisecond, cancel)
		}
	}
	err := Run(ctx, nb, newEngine(t), Options{Progress: progress, AllowErrors: true})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "interrupted at cell 1") {
		t.Errorf("Run after cancel = %v", err)
	}
	if nb.Cells[1].ExecutionCount != 0 {
		t.Error("a cell ran after the run was cancelled")
	}
}

func TestRunRefusesOtherLanguages(t *testing.T) {
	nb := readFixture(t, "python.ipynb")
	err := runWithEngine(t, nb, Options{})
	if !errors.Is(err, ErrNotGo) || !strings.Contains(err.Error(), "python") {
		t.Errorf("Run of a Python notebook = %v, want ErrNotGo naming python", err)
	}
	if len(nb.Cells[0].Outputs) != 0 {
		t.Error("a cell of the Python notebook was executed")
	}
}

func TestRunRecordTiming(t *testing.T) {
	nb := readFixture(t, "hello.ipynb")
	nb.Cells[1].Metadata["execution"] = map[string]any{"iopub.status.busy": "stale"}
	if err := runWithEngine(t, nb, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, ok := nb.Cells[1].Metadata["execution"]; ok {
		t.Error("stale metadata.execution kept although timing is off")
	}
	if err := runWithEngine(t, nb, Options{RecordTiming: true}); err != nil {
		t.Fatal(err)
	}
	iso := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`)
	exec, _ := nb.Cells[1].Metadata["execution"].(map[string]any)
	for _, key := range []string{"iopub.status.busy", "iopub.execute_input", "shell.execute_reply", "iopub.status.idle"} {
		if s, _ := exec[key].(string); !iso.MatchString(s) {
			t.Errorf("metadata.execution[%q] = %q", key, s)
		}
	}
	if _, ok := nb.Cells[0].Metadata["execution"]; ok {
		t.Error("a Markdown cell got timing")
	}
	path := filepath.Join(t.TempDir(), "timed.ipynb")
	if err := nb.Write(path); err != nil {
		t.Fatal(err)
	}
	validateNBFormat(t, path)
}

// stubborn is an interpreter that breaks the lang.Interpreter contract:
// it ignores interrupts, or panics. The real engine does neither, so a fake
// is the only way to show that Run survives such an engine.
type stubborn struct {
	panics  bool
	release chan struct{}
	calls   atomic.Int32
}

func (s *stubborn) Info() lang.Info             { return lang.Info{Language: lang.Language{Name: "go"}} }
func (s *stubborn) Shutdown(restart bool) error { return nil }
func (s *stubborn) Execute(ctx context.Context, req lang.ExecuteRequest, out lang.Output) lang.Result {
	s.calls.Add(1)
	if s.panics {
		panic("engine bug")
	}
	<-s.release
	return lang.Result{}
}

func TestRunGivesUpAStuckInterpreter(t *testing.T) {
	s := &stubborn{release: make(chan struct{})}
	defer close(s.release)
	nb := &Notebook{NBFormat: 4, Metadata: map[string]any{}, Cells: []*Cell{{Type: CodeCell, Source: "x"}, {Type: CodeCell, Source: "y"}}}
	err := Run(context.Background(), nb, s, Options{Timeout: 20 * time.Millisecond, InterruptGrace: 20 * time.Millisecond, AllowErrors: true})
	if err == nil || !strings.Contains(err.Error(), "did not stop") {
		t.Errorf("Run = %v, want it to give the interpreter up", err)
	}
	if s.calls.Load() != 1 {
		t.Errorf("Execute called %d times; a stuck interpreter must not get another cell", s.calls.Load())
	}
}

func TestRunSurvivesAPanickingInterpreter(t *testing.T) {
	nb := &Notebook{NBFormat: 4, Metadata: map[string]any{}, Cells: []*Cell{{Type: CodeCell, Source: "x"}}}
	err := Run(context.Background(), nb, &stubborn{panics: true}, Options{})
	var ce *CellError
	if !errors.As(err, &ce) || ce.Err.EName != "panic" || !strings.Contains(ce.Err.EValue, "engine bug") {
		t.Errorf("Run = %v, want the panic as a cell error", err)
	}
}
