package notebook

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// ErrNotGo is wrapped by the error Run and RunFile return for a notebook
// written for another language.
var ErrNotGo = errors.New("not a Go notebook")

// DefaultInterruptGrace is how long Run waits, by default, for a cell to
// return after interrupting it.
const DefaultInterruptGrace = 10 * time.Second

// Options control Run. The zero value runs every cell with no time limit
// and stops at the first failing cell.
type Options struct {
	// Timeout limits each cell's run time; a cell still running then is
	// interrupted (its context is cancelled) and fails with an error
	// named "Timeout". Zero means no limit.
	Timeout time.Duration
	// AllowErrors records a failing cell's error output and goes on with
	// the next cell instead of stopping. A cell tagged
	// "raises-exception" may fail even without it, as in nbclient.
	AllowErrors bool
	// RecordTiming stores when each cell started and finished in its
	// metadata.execution, with nbclient's keys (iopub.status.busy,
	// iopub.execute_input, shell.execute_reply, iopub.status.idle). Off by
	// default: timestamps make every run's output differ.
	RecordTiming bool
	// InterruptGrace is how long to wait for a cell to return once it has
	// been interrupted (by Timeout or by cancelling Run's context) before
	// giving the interpreter up; zero means DefaultInterruptGrace.
	InterruptGrace time.Duration
	// Progress, when set, is called from Run's goroutine when each code
	// cell starts and when it finishes.
	Progress func(Event)
}

// Event reports progress of Run.
type Event struct {
	Cell    int           // the cell's 1-based position among all cells
	Count   int           // its execution count: 1 for the first code cell run
	Total   int           // how many code cells this run executes
	Done    bool          // false when the cell starts, true when it has finished
	Elapsed time.Duration // the cell's run time (when Done)
	Err     *lang.Error   // the cell's error (when Done), nil on success
}

// CellError is returned by Run when a cell fails and errors are not
// allowed. The cell's error output is recorded in the notebook too.
type CellError struct {
	Cell           int // the cell's 1-based position among all cells
	ExecutionCount int
	Err            *lang.Error
}

// Error names the cell and its error, e.g.
// "cell 4 (In [2]): CompileError: 1:1: undefined: x".
func (e *CellError) Error() string {
	return fmt.Sprintf("cell %d (In [%d]): %s", e.Cell, e.ExecutionCount, e.Err.Error())
}

// Unwrap returns the cell's error.
func (e *CellError) Unwrap() error { return e.Err }

// Run executes the notebook's code cells in order with interp, in place:
// each executed cell gets an execution count (1, 2, … in order) and the
// outputs the interpreter produced, as nbclient would record them. Blank
// code cells and cells tagged "skip-execution" are not run; Markdown and
// raw cells are left as they are. metadata.language_info is set from
// interp.Info(), and metadata.kernelspec when the notebook has none.
//
// Run refuses a notebook whose kernelspec or language_info names a
// language other than Go (the error wraps ErrNotGo). It stops at the first
// failing cell, returning a *CellError, unless opts.AllowErrors is set. If
// ctx is cancelled the running cell is interrupted and Run returns an
// error wrapping ctx.Err(). Run never calls interp.Shutdown.
func Run(ctx context.Context, nb *Notebook, interp lang.Interpreter, opts Options) error {
	if err := checkLanguage(nb); err != nil {
		return err
	}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	setKernelMetadata(nb, interp.Info())
	for _, c := range nb.Cells {
		if c.Metadata == nil {
			c.Metadata = map[string]any{}
		}
		if c.executable() {
			c.ExecutionCount = 0
			c.Outputs = nil
		}
	}
	area := newOutputArea()
	total, count := nb.CodeCells(), 0
	for i, c := range nb.Cells {
		if !c.executable() {
			continue
		}
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted before cell %d: %w", i+1, ctx.Err())
		}
		count++
		ev := Event{Cell: i + 1, Count: count, Total: total}
		if opts.Progress != nil {
			opts.Progress(ev)
		}
		res, start, end, err := runCell(ctx, c, count, interp, area, opts)
		if err != nil {
			return err
		}
		if opts.RecordTiming {
			c.Metadata["execution"] = timing(start, end)
		} else {
			delete(c.Metadata, "execution")
		}
		ev.Done, ev.Elapsed, ev.Err = true, end.Sub(start), res.Error
		if opts.Progress != nil {
			opts.Progress(ev)
		}
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted at cell %d (In [%d]): %w", i+1, count, ctx.Err())
		}
		if res.Error != nil && !opts.AllowErrors && !c.hasTag("raises-exception") {
			return &CellError{Cell: i + 1, ExecutionCount: count, Err: res.Error}
		}
	}
	return nil
}

// runCell executes one cell under its own context and records its outputs.
// It fails only when the interpreter does not return after an interrupt.
func runCell(ctx context.Context, c *Cell, count int, interp lang.Interpreter, area *outputArea, opts Options) (res lang.Result, start, end time.Time, err error) {
	cellCtx, cancel := context.WithCancel(ctx)
	if opts.Timeout > 0 {
		cellCtx, cancel = context.WithTimeout(ctx, opts.Timeout)
	}
	defer cancel()
	req := lang.ExecuteRequest{
		Code:           c.Source,
		StoreHistory:   true,
		StopOnError:    !opts.AllowErrors,
		ExecutionCount: count,
	}
	c.ExecutionCount = count
	area.begin(c)
	start = time.Now()
	done := make(chan lang.Result, 1)
	go func() { done <- execute(cellCtx, interp, req, area) }()
	select {
	case res = <-done:
	case <-cellCtx.Done():
		grace := opts.InterruptGrace
		if grace <= 0 {
			grace = DefaultInterruptGrace
		}
		select {
		case res = <-done:
		case <-time.After(grace):
			area.end(lang.Result{}, count)
			return res, start, time.Now(), fmt.Errorf("cell %d did not stop within %v of being interrupted; giving the interpreter up", count, grace)
		}
	}
	end = time.Now()
	if res.Error != nil && ctx.Err() == nil && errors.Is(cellCtx.Err(), context.DeadlineExceeded) {
		res.Error = timeoutError(opts.Timeout, res.Error)
	}
	area.end(res, count)
	return res, start, end, nil
}

// execute calls interp.Execute, turning a panic into an error result.
func execute(ctx context.Context, interp lang.Interpreter, req lang.ExecuteRequest, out lang.Output) (res lang.Result) {
	defer func() {
		if p := recover(); p != nil {
			msg := fmt.Sprint(p)
			res = lang.Result{Error: &lang.Error{EName: "panic", EValue: msg, Traceback: []string{"panic in the interpreter: " + msg}}}
		}
	}()
	return interp.Execute(ctx, req, out)
}

// timeoutError is the error recorded for a cell interrupted by the
// timeout; the interpreter's own report follows in the traceback.
func timeoutError(limit time.Duration, interrupted *lang.Error) *lang.Error {
	msg := fmt.Sprintf("the cell did not finish within %v and was interrupted", limit)
	return &lang.Error{
		EName:     "Timeout",
		EValue:    msg,
		Traceback: append([]string{"Timeout: " + msg}, interrupted.Traceback...),
	}
}

// timing is nbclient's metadata.execution for a cell run from start to end.
func timing(start, end time.Time) map[string]any {
	ts := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }
	return map[string]any{
		"iopub.status.busy":   ts(start),
		"iopub.execute_input": ts(start),
		"shell.execute_reply": ts(end),
		"iopub.status.idle":   ts(end),
	}
}

// checkLanguage refuses notebooks that name a language other than Go.
func checkLanguage(nb *Notebook) error {
	if l := nb.Language(); l != "" && l != "go" {
		return fmt.Errorf("%w: it is written for %s; gonn runs Go notebooks only", ErrNotGo, l)
	}
	return nil
}

// setKernelMetadata records the interpreter's language_info, and a
// kernelspec when the notebook has none, as a Jupyter client would.
func setKernelMetadata(nb *Notebook, info lang.Info) {
	li := map[string]any{
		"name":            info.Language.Name,
		"version":         info.Language.Version,
		"mimetype":        info.Language.MIMEType,
		"file_extension":  info.Language.FileExtension,
		"pygments_lexer":  info.Language.PygmentsLexer,
		"codemirror_mode": info.Language.CodeMirrorMode,
	}
	if info.Language.NBConvertExporter != "" {
		li["nbconvert_exporter"] = info.Language.NBConvertExporter
	}
	for k, v := range li {
		if v == "" {
			delete(li, k)
		}
	}
	nb.Metadata["language_info"] = li
	if _, ok := nb.Metadata["kernelspec"]; !ok && info.Implementation != "" {
		nb.Metadata["kernelspec"] = map[string]any{
			"name":         info.Implementation,
			"display_name": "Go (" + info.Implementation + ")",
			"language":     info.Language.Name,
		}
	}
}
