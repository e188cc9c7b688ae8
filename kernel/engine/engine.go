package engine

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"io"
	"log"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/gonn-dev/gonn/display"
	"github.com/gonn-dev/gonn/kernel/assist"
	"github.com/gonn-dev/gonn/kernel/engine/capture"
	"github.com/gonn-dev/gonn/kernel/lang"
)

// Options configure an Engine. The zero value is a usable engine that
// captures the output of interpreted code only.
type Options struct {
	// CaptureStdio redirects the process's file descriptors 1 and 2 into
	// the engine while it lives (dup2), so that what compiled packages and
	// the Go runtime write to standard output and error reaches the cell's
	// output too. The kernel binary sets it. Only one engine per process
	// can capture; New fails for a second one.
	CaptureStdio bool

	// Log receives engine diagnostics, never cell output; nil discards
	// them. With CaptureStdio, a Log writing to os.Stderr is switched to
	// the original standard error, which would otherwise be captured.
	Log *log.Logger

	// Version is reported as the implementation version by Info; empty
	// means "dev".
	Version string

	// Symbols are extra yaegi symbol tables (as produced by yaegi extract)
	// that cells can import, in addition to the standard library and the
	// packages the engine preloads.
	Symbols []interp.Exports

	// MaxStack bounds the stack of every goroutine of the process, so that
	// runaway recursion fails fast instead of eating all memory (the
	// failure is fatal for the process: Jupyter restarts the kernel).
	// Zero means 256 MiB; negative leaves the Go default alone. The limit
	// is process-wide (runtime/debug.SetMaxStack).
	MaxStack int
}

// Engine runs cells of Go. Create it with New; it is safe for concurrent
// use, but cells run one at a time.
type Engine struct {
	opts Options
	log  *log.Logger

	interp *interp.Interpreter
	lines  *lineSpace
	pkgs   *packageIndex

	display *display.Displayer // what display's functions show through
	assist  *assist.Assistant  // completion, inspection, is_complete

	stdout, stderr *capture.Stream
	redirect       *capture.Redirection
	trace          *traceBuffer // yaegi's panic trace lines

	mu   sync.Mutex // serialises Execute and Shutdown; guards the fields below
	sess *session
	// interruptedFrom are the goroutines that called ExecuteWithContext
	// for a program that was interrupted; yaegi's goroutines they started
	// may still run (inside compiled code). stuck are such goroutines
	// found alive, abandoned those the user stopped waiting for.
	interruptedFrom []int64
	stuck           []int64
	abandoned       map[int64]bool
	closed          bool
	current         *cellRun // the running cell, nil between cells

	out  atomic.Pointer[outputRef] // where streams go: the running or the last cell
	cell atomic.Pointer[cellRun]   // the running cell, for hooks called by cell code
	// values are the interpreter's globals as the last cell left them, for
	// completion and inspection, which run beside cells (see scope.Value).
	values atomic.Pointer[map[string]reflect.Value]
}

// outputRef boxes a lang.Output for atomic.Pointer.
type outputRef struct{ lang.Output }

// cellRun is the state of the cell being executed.
type cellRun struct {
	ctx   context.Context
	lines cellLines
	count int

	data []reflect.Value // the cell's data literals (see data.go)
	main token.Pos       // where the cell declares func main, if it does

	mu    sync.Mutex
	shown []any // the values of the trailing expression, if shown
	show  bool

	inputRefused atomic.Bool // the user was told that the client takes no input
}

// defaultMaxStack is the stack limit set by New unless Options say otherwise.
const defaultMaxStack = 256 << 20

// New creates an engine: a yaegi interpreter with the standard library and
// the preloaded packages, output streams, and (with CaptureStdio) the
// redirection of file descriptors 1 and 2.
func New(opts Options) (*Engine, error) {
	e := &Engine{
		opts:  opts,
		log:   opts.Log,
		lines: newLineSpace(),
		sess:  newSession(),
		trace: &traceBuffer{},

		abandoned: map[int64]bool{},
	}
	if e.log == nil {
		e.log = log.New(io.Discard, "", 0)
	}
	switch {
	case opts.MaxStack == 0:
		debug.SetMaxStack(defaultMaxStack)
	case opts.MaxStack > 0:
		debug.SetMaxStack(opts.MaxStack)
	}
	var err error
	if e.stdout, err = capture.NewStream(func(s string) { e.stream("stdout", s) }); err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	if e.stderr, err = capture.NewStream(func(s string) { e.stream("stderr", s) }); err != nil {
		e.stdout.Close()
		return nil, fmt.Errorf("engine: %w", err)
	}
	if opts.CaptureStdio {
		if e.redirect, err = capture.Redirect(e.stdout.File(), e.stderr.File()); err != nil {
			e.stdout.Close()
			e.stderr.Close()
			return nil, fmt.Errorf("engine: %w", err)
		}
		if w := e.log.Writer(); w == os.Stderr {
			e.log.SetOutput(e.redirect.Stderr())
		}
	}
	quietYaegiLog()
	if err := e.initInterpreter(); err != nil {
		e.Shutdown(false)
		return nil, err
	}
	e.assist = e.newAssistant()
	e.keepValues()
	return e, nil
}

// initInterpreter creates the yaegi interpreter and loads the symbols.
func (e *Engine) initInterpreter() error {
	stdin := &stdinReader{e: e}
	e.interp = interp.New(interp.Options{
		Stdin:        stdin,
		Stdout:       e.stdout.File(),
		Stderr:       e.trace,
		Unrestricted: true,
	})
	tables := []interp.Exports{stdlib.Symbols, execSymbols()}
	tables = append(tables, preloaded()...)
	tables = append(tables, e.opts.Symbols...)
	tables = append(tables, e.hostSymbols(), e.overrides(), e.inputSymbols(stdin))
	for _, t := range tables {
		if err := e.interp.Use(t); err != nil {
			return fmt.Errorf("engine: loading symbols: %w", err)
		}
	}
	e.pkgs = newPackageIndex(tables)
	// Executing with a context also switches yaegi to cancellable channel
	// operations, which it decides when it compiles: without this, the
	// first cell's <-ch could not be interrupted.
	prog, err := e.interp.Compile(`import ` + hookAlias + ` "` + hookPath + `"`)
	if err == nil {
		_, err = e.interp.ExecuteWithContext(context.Background(), prog)
	}
	if err != nil {
		return fmt.Errorf("engine: importing the kernel hooks: %w", err)
	}
	return nil
}

// Info describes gonn for kernel_info_reply.
func (e *Engine) Info() lang.Info {
	v := e.opts.Version
	if v == "" {
		v = "dev"
	}
	goVersion := strings.TrimPrefix(runtime.Version(), "go")
	return lang.Info{
		Implementation:        "gonn",
		ImplementationVersion: v,
		Banner: "gonn " + v + ": Go " + goVersion + " interpreted by yaegi v0.16.1, " +
			"with nnlib, gonum and gonum/plot preloaded",
		Language: lang.Language{
			Name:           "go",
			Version:        goVersion,
			MIMEType:       "text/x-go",
			FileExtension:  ".go",
			PygmentsLexer:  "go",
			CodeMirrorMode: "go",
		},
		HelpLinks: []lang.HelpLink{
			{Text: "Go standard library", URL: "https://pkg.go.dev/std"},
			{Text: "yaegi", URL: "https://github.com/traefik/yaegi"},
			{Text: "gonum", URL: "https://pkg.go.dev/gonum.org/v1/gonum"},
			{Text: "gonum/plot", URL: "https://pkg.go.dev/gonum.org/v1/plot"},
		},
	}
}

// Execute runs one cell. See lang.Interpreter.
func (e *Engine) Execute(ctx context.Context, req lang.ExecuteRequest, out lang.Output) (res lang.Result) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return errorResult(&lang.Error{EName: "EngineClosed", EValue: "the engine has been shut down"})
	}
	if req.Silent || out == nil {
		out = lang.Discard
	}
	e.out.Store(&outputRef{out})
	if err := e.waitSettled(ctx); err != nil {
		e.flush()
		return errorResult(err)
	}

	c := &cellRun{ctx: ctx, count: req.ExecutionCount, lines: e.lines.add(req.ExecutionCount, req.Code)}
	e.current = c
	e.cell.Store(c)
	e.trace.reset()
	defer func() {
		if r := recover(); r != nil {
			e.log.Printf("engine: internal error: %v\n%s", r, debug.Stack())
			res = errorResult(&lang.Error{
				EName:     "InternalError",
				EValue:    fmt.Sprint(r),
				Traceback: []string{"gonn: internal error in the engine: " + fmt.Sprint(r)},
			})
		}
		e.flush()
		e.cell.Store(nil)
		e.current = nil
		if ctx.Err() == nil { // an interrupted cell's goroutine may still be writing them
			e.keepValues()
		}
	}()

	start := time.Now()
	payload, err := e.runInput(ctx, c, req.Code)
	e.flush() // streams come before the result
	e.log.Printf("engine: cell %d ran in %v", req.ExecutionCount, time.Since(start))
	var (
		data, meta map[string]any
		failed     *lang.Error
		ok         bool
	)
	if err != nil {
		failed = e.describe(err, c)
	} else {
		data, meta, failed, ok = c.result()
	}
	if failed != nil {
		res := errorResult(failed)
		res.Payload = payload // pages asked for before the failure
		return res
	}
	r := lang.Result{Payload: payload}
	if ok && !req.Silent {
		r.Data, r.Metadata = data, meta
	}
	if len(req.UserExpressions) > 0 {
		r.UserExpressions = e.userExpressions(ctx, req)
	}
	return r
}

// userExpressions evaluates the user_expressions of a request after its
// cell succeeded, each as a cell of its own whose output is discarded,
// and returns their results in the format of the messaging spec.
func (e *Engine) userExpressions(ctx context.Context, req lang.ExecuteRequest) map[string]any {
	out := make(map[string]any, len(req.UserExpressions))
	prev := e.out.Load()
	defer e.out.Store(prev)
	for name, code := range req.UserExpressions {
		e.out.Store(&outputRef{lang.Discard})
		c := &cellRun{ctx: ctx, count: req.ExecutionCount, lines: e.lines.add(req.ExecutionCount, code)}
		e.current = c
		e.cell.Store(c)
		err := e.runCell(ctx, c, code)
		e.flush()
		data, meta, failed, ok := c.result()
		if err != nil {
			failed = e.describe(err, c)
		}
		if failed != nil {
			out[name] = map[string]any{"status": "error", "ename": failed.EName, "evalue": failed.EValue, "traceback": failed.Traceback}
			continue
		}
		if !ok {
			data = map[string]any{"text/plain": ""}
		}
		if meta == nil {
			meta = map[string]any{}
		}
		out[name] = map[string]any{"status": "ok", "data": data, "metadata": meta}
	}
	return out
}

// Shutdown stops capturing output and releases the engine's streams. The
// interpreter itself cannot be freed while goroutines it started run.
func (e *Engine) Shutdown(restart bool) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	var errs []error
	if e.redirect != nil {
		errs = append(errs, e.redirect.Restore())
	}
	// The interpreter holds the writing ends as os.Stdout and os.Stderr of
	// goroutines that may still run; closing them makes such writes fail
	// instead of blocking.
	if e.stdout != nil {
		errs = append(errs, e.stdout.Close())
	}
	if e.stderr != nil {
		errs = append(errs, e.stderr.Close())
	}
	return errors.Join(errs...)
}

// stream forwards captured text to the current output.
func (e *Engine) stream(name, text string) {
	if ref := e.out.Load(); ref != nil {
		ref.Stream(name, text)
		return
	}
	e.log.Printf("engine: %s output outside any cell: %q", name, text)
}

// flush waits until everything written so far reached the output.
func (e *Engine) flush() {
	if err := e.stdout.Flush(); err != nil {
		e.log.Printf("engine: %v", err)
	}
	if err := e.stderr.Flush(); err != nil {
		e.log.Printf("engine: %v", err)
	}
}

// errorResult wraps an error for Execute.
func errorResult(err *lang.Error) lang.Result { return lang.Result{Error: err} }

// traceBuffer collects what yaegi writes to its Options.Stderr: the lines
// of a panic's trace, innermost frame first.
type traceBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (t *traceBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.buf.Len() < 1<<20 {
		t.buf.Write(p)
	}
	return len(p), nil
}

// take returns the collected lines and clears the buffer.
func (t *traceBuffer) take() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := strings.TrimRight(t.buf.String(), "\n")
	t.buf.Reset()
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func (t *traceBuffer) reset() { t.take() }

// valueOf is reflect.ValueOf, for symbol tables.
func valueOf(v any) reflect.Value { return reflect.ValueOf(v) }
