package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"reflect"
	"runtime"
	"strconv"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// compile compiles an AST node (a file or a block) with the interpreter.
// yaegi sometimes panics on code it cannot handle; that becomes an error.
func (e *Engine) compile(n ast.Node) (prog *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = compileError{msg: fmt.Sprintf("yaegi could not compile this code (%v)", r)}
		}
	}()
	prog, err = e.interp.CompileAST(n)
	if err != nil {
		return nil, compileError{msg: err.Error()}
	}
	return prog, nil
}

// execute runs a compiled program under ctx.
//
// yaegi runs the program in a goroutine of its own and, when ctx is
// cancelled, returns at once while that goroutine stops at its next
// interpreted instruction, or later if it is inside compiled code. The
// engine remembers which goroutine called ExecuteWithContext, so that the
// next cell can wait until yaegi's goroutine is gone (waitSettled): the
// interpreter must not run two programs at once.
func (e *Engine) execute(ctx context.Context, prog *interp.Program) (reflect.Value, error) {
	gid := goroutineID()
	res, err := e.interp.ExecuteWithContext(ctx, prog)
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		e.stuck = gid
		return res, interrupted{}
	}
	if err != nil {
		var p interp.Panic
		if errors.As(err, &p) {
			return res, e.panicError(p)
		}
		return res, runtimeError{msg: err.Error()}
	}
	return res, nil
}

// run compiles and executes n.
func (e *Engine) run(ctx context.Context, n ast.Node) error {
	prog, err := e.compile(n)
	if err != nil {
		return err
	}
	_, err = e.execute(ctx, prog)
	return err
}

// settleNotice is how long the next cell waits for an interrupted one
// before telling the user why nothing happens.
const settleNotice = time.Second

// waitSettled waits until the goroutine of an interrupted cell has left
// the interpreter. It returns an error if ctx is cancelled first.
func (e *Engine) waitSettled(ctx context.Context) *lang.Error {
	if e.stuck == 0 {
		return nil
	}
	start := time.Now()
	noticed := false
	for yaegiChildRunning(e.stuck) {
		if !noticed && time.Since(start) > settleNotice {
			noticed = true
			e.stream("stderr", "gonn: waiting for the interrupted cell to stop: it is still inside compiled code (interrupt again to give up on this cell)\n")
		}
		select {
		case <-ctx.Done():
			return interrupted{}.describe()
		case <-time.After(5 * time.Millisecond):
		}
	}
	e.stuck = 0
	return nil
}

// goroutineID returns the id of the calling goroutine.
func goroutineID() int64 {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	b := bytes.TrimPrefix(buf[:n], []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		id, _ := strconv.ParseInt(string(b[:i]), 10, 64)
		return id
	}
	return 0
}

// yaegiChildRunning reports whether the goroutine that yaegi's
// ExecuteWithContext started from goroutine parent is still alive.
func yaegiChildRunning(parent int64) bool {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	marker := []byte("created by github.com/traefik/yaegi/interp.(*Interpreter).ExecuteWithContext in goroutine " +
		strconv.FormatInt(parent, 10) + "\n")
	return bytes.Contains(buf, marker)
}
