package engine

import (
	"errors"
	"fmt"
	"go/scanner"
	"reflect"
	"regexp"
	"strings"

	"github.com/traefik/yaegi/interp"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// Errors of the pipeline. Each becomes a lang.Error in describe, with its
// position translated from the line space to the cell's own lines.

// syntaxError is a parse error.
type syntaxError struct {
	list scanner.ErrorList
	// cellRelative is set when the positions count lines of the cell
	// itself rather than the line space.
	cellRelative bool
}

func (e syntaxError) Error() string { return e.list.Error() }

// compileError is an error of yaegi's compiler, or of the pipeline before
// it, whose message may start with "line:col: " in the line space.
type compileError struct{ msg string }

func (e compileError) Error() string { return e.msg }

// panicError is a panic of the cell's code, with yaegi's trace of it.
type panicError struct {
	value any
	trace []string // "line:col: panic: main.f(...)", innermost first
}

func (e panicError) Error() string { return fmt.Sprint(e.value) }

// runtimeError is any other error yaegi returns from running code.
type runtimeError struct{ msg string }

func (e runtimeError) Error() string { return e.msg }

// interrupted is returned when the cell's context is cancelled.
type interrupted struct{}

func (interrupted) Error() string { return "interrupted" }

func (interrupted) describe() *lang.Error {
	return &lang.Error{
		EName:  "Interrupted",
		EValue: "the cell was interrupted",
		Traceback: []string{
			red("Interrupted") + ": the cell was interrupted; variables keep the values they had when it stopped",
		},
	}
}

// panicError converts yaegi's recovered panic, taking the trace lines
// yaegi wrote while unwinding.
func (e *Engine) panicError(p interp.Panic) error {
	v := p.Value
	if rv, ok := v.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
		v = rv.Interface()
	}
	return panicError{value: v, trace: e.trace.take()}
}

// versioned matches the names the pipeline gives to versions of types.
var versioned = regexp.MustCompile(`\b([\pL_][\pL\pN_]*?)` + versionSep + `\d+\b`)

// cellPackage matches the package yaegi gives the names cells declare.
var cellPackage = regexp.MustCompile(`(^|[^\pL\pN_.])main\.`)

// cleanMessage removes the pipeline's internals from a yaegi message.
func cleanMessage(msg string) string {
	msg = versioned.ReplaceAllString(msg, "$1")
	msg = strings.ReplaceAll(msg, hookAlias+".Show", "show")
	return msg
}

// describe turns an error of the pipeline into what the user sees.
func (e *Engine) describe(err error, c *cellRun) *lang.Error {
	var (
		syn  syntaxError
		comp compileError
		pan  panicError
		run  runtimeError
		intr interrupted
		own  *lang.Error // of a magic, ready to show
	)
	switch {
	case errors.As(err, &intr):
		return intr.describe()
	case errors.As(err, &own):
		return own
	case errors.As(err, &syn):
		return e.describeSyntax(syn, c)
	case errors.As(err, &comp):
		return e.describePositioned("CompileError", comp.msg, c)
	case errors.As(err, &pan):
		return e.describePanic(pan, c)
	case errors.As(err, &run):
		return e.describePositioned("RuntimeError", run.msg, c)
	}
	return &lang.Error{EName: "Error", EValue: err.Error(), Traceback: []string{red("Error") + ": " + err.Error()}}
}

// describeSyntax reports the first parse error (and how many more).
func (e *Engine) describeSyntax(s syntaxError, c *cellRun) *lang.Error {
	first := s.list[0]
	var pos position
	ok := false
	if s.cellRelative {
		pos, ok = position{cell: c.lines, line: first.Pos.Line, col: first.Pos.Column}, true
	} else if cell, line, found := e.lines.locate(first.Pos.Line); found {
		pos, ok = position{cell: cell, line: line, col: first.Pos.Column}, true
	}
	msg := cleanMessage(first.Msg)
	if len(s.list) > 1 {
		msg += fmt.Sprintf(" (and %d more errors)", len(s.list)-1)
	}
	where := ""
	if ok {
		where = pos.format(c.lines.first) + ": "
	}
	tb := []string{red("SyntaxError") + ": " + where + msg}
	if ok {
		tb = append(tb, snippet(pos)...)
	}
	return &lang.Error{EName: "SyntaxError", EValue: where + msg, Traceback: tb}
}

// describePositioned reports a message that may start with a position.
func (e *Engine) describePositioned(ename, msg string, c *cellRun) *lang.Error {
	pos, rest, ok := e.lines.splitPos(msg)
	rest = plainMessage(cleanMessage(rest))
	if ename == "CompileError" {
		rest = cellPackage.ReplaceAllString(rest, "$1") // Go names a cell's types without a package
	}
	if !ok {
		return &lang.Error{EName: ename, EValue: rest, Traceback: []string{red(ename) + ": " + rest}}
	}
	value := pos.format(c.lines.first) + ": " + rest
	tb := append([]string{red(ename) + ": " + value}, snippet(pos)...)
	return &lang.Error{EName: ename, EValue: value, Traceback: tb}
}

// describePanic reports a panic with the interpreted call stack.
func (e *Engine) describePanic(p panicError, c *cellRun) *lang.Error {
	if x, ok := p.value.(exitRequest); ok {
		msg := x.String() + ": the cell stopped, the kernel keeps running (restart the kernel to start afresh)"
		if x.by == "" {
			msg = x.String() + " was called: the cell stopped, the kernel keeps running (restart the kernel to start afresh)"
		}
		return &lang.Error{EName: "Exit", EValue: msg, Traceback: []string{red("Exit") + ": " + msg}}
	}
	value := fmt.Sprint(p.value)
	var inner *position
	if _, isErr := p.value.(error); isErr {
		// yaegi's run-time errors start with the position of the
		// failing node; the trace tells it better, if there is one.
		if pos, rest, ok := e.lines.splitPos(value); ok {
			value, inner = rest, &pos
		} else if where := leadingPos.FindString(value); where != "" {
			value = value[len(where):]
		}
	}
	value = plainMessage(cleanMessage(value))
	var frames []string
	traced := false
	for _, l := range p.trace {
		pos, fn, ok := e.traceFrame(l)
		if !ok {
			continue
		}
		frame := fmt.Sprintf("    %s  %s", pos.format(c.lines.first), fn)
		if len(frames) > 0 && frames[len(frames)-1] == frame {
			continue // the cell's wrapper function and the cell itself
		}
		frames = append(frames, frame)
		if !traced {
			traced, inner = true, &pos
		}
	}
	evalue := value
	if inner != nil {
		evalue = inner.format(c.lines.first) + ": " + value
	}
	tb := []string{red("panic") + ": " + value}
	if len(frames) > 0 {
		tb = append(tb, "", "goroutine of the cell, innermost call first:")
		tb = append(tb, frames...)
	}
	if inner != nil {
		tb = append(tb, "")
		tb = append(tb, snippet(*inner)...)
	}
	return &lang.Error{EName: "panic", EValue: evalue, Traceback: tb}
}

// traceFrame reads a line of yaegi's panic trace, "4711:3: panic:
// main.f(...)": the position and the function as the user wrote it.
func (e *Engine) traceFrame(l string) (position, string, bool) {
	pos, rest, ok := e.lines.splitPos(l)
	if !ok {
		return position{}, "", false
	}
	return pos, cleanFunc(strings.TrimSuffix(strings.TrimPrefix(rest, "panic: "), "(...)")), true
}

// parseTraceLine formats one line of yaegi's panic trace for the user.
func (e *Engine) parseTraceLine(l string) (string, bool) {
	pos, fn, ok := e.traceFrame(l)
	if !ok {
		return "", false
	}
	cur := 0
	if c := e.cell.Load(); c != nil {
		cur = c.lines.first
	}
	return pos.format(cur) + "  " + fn, true
}

// cleanFunc names a function of yaegi's trace the way the user wrote it.
func cleanFunc(fn string) string {
	fn = strings.TrimPrefix(fn, "main.")
	switch fn {
	case "main", "_", "func":
		return "(cell)"
	}
	if f, ok := strings.CutSuffix(fn, ".func"); ok {
		return "function literal in " + cleanMessage(f)
	}
	return cleanMessage(fn)
}

// snippet shows the line of pos with a caret under its column.
func snippet(pos position) []string {
	line, ok := pos.sourceLine()
	if !ok || len(line) > 500 {
		return nil
	}
	prefix := fmt.Sprintf("%5d | ", pos.line)
	caret := strings.Repeat(" ", len(prefix)-2) + "| "
	col := pos.col - 1
	if col > len(line) {
		col = len(line)
	}
	for _, r := range line[:max(col, 0)] {
		if r == '\t' {
			caret += "\t"
		} else {
			caret += " "
		}
	}
	return []string{prefix + line, caret + "^"}
}

// red colours a word for terminals and notebook tracebacks.
func red(s string) string { return "\x1b[0;31m" + s + "\x1b[0m" }
