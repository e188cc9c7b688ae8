package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// compile compiles an AST node (a file or a block) with the interpreter.
// Every compilation goes through it, so it also applies the rewrites that
// all code needs (nameParams). yaegi sometimes panics on code it cannot
// handle; that becomes an error.
func (e *Engine) compile(n ast.Node) (prog *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprint(r)
			if msg == "nil type" && hasRange(n) {
				err = compileError{msg: "yaegi could not compile this code (nil type): it cannot range over an integer " +
					"the engine could not prove to be one; write for i := 0; i < n; i++ instead"}
				return
			}
			err = compileError{msg: e.explainCompilePanic(n, msg)}
		}
	}()
	nameParams(n)
	prog, err = e.interp.CompileAST(n)
	if err != nil {
		return nil, compileError{msg: err.Error()}
	}
	return prog, nil
}

// hasRange reports whether n holds a range statement.
func hasRange(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		_, isRange := n.(*ast.RangeStmt)
		found = found || isRange
		return !found
	})
	return found
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
	if ctx.Err() != nil {
		return reflect.Value{}, interrupted{}
	}
	gid := goroutineID()
	res, err := e.interp.ExecuteWithContext(ctx, prog)
	if ctx.Err() != nil {
		// Interrupted, or done just as the interrupt came. res and err
		// are not looked at: when yaegi returns for the cancellation, its
		// goroutine may be writing them at the same time (see doc.go).
		e.interruptedFrom = append(e.interruptedFrom, gid)
		return reflect.Value{}, interrupted{}
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
// the interpreter. If the user interrupts the waiting cell, the engine
// gives up on the old goroutine (it is typically blocked for good, e.g. on
// a mutex in compiled code) and later cells run again.
func (e *Engine) waitSettled(ctx context.Context) *lang.Error {
	for _, parent := range e.interruptedFrom {
		for _, id := range yaegiChildren(parent) {
			if !e.abandoned[id] && !slices.Contains(e.stuck, id) {
				e.stuck = append(e.stuck, id)
			}
		}
	}
	e.interruptedFrom = e.interruptedFrom[:0]
	if len(e.stuck) == 0 {
		return nil
	}
	start := time.Now()
	noticed := false
	for {
		alive := goroutines()
		e.stuck = slices.DeleteFunc(e.stuck, func(id int64) bool { return !alive[id] })
		for id := range e.abandoned {
			if !alive[id] {
				delete(e.abandoned, id)
			}
		}
		if len(e.stuck) == 0 {
			return nil
		}
		if !noticed && time.Since(start) > settleNotice {
			noticed = true
			e.warn("gonn: waiting for the interrupted cell to stop: it is still inside compiled code " +
				"(interrupt again to stop waiting for it, or restart the kernel)")
		}
		select {
		case <-ctx.Done():
			e.log.Printf("engine: gave up waiting for goroutines %v", e.stuck)
			for _, id := range e.stuck {
				e.abandoned[id] = true
			}
			e.stuck = nil
			e.warn("gonn: stopped waiting; the interrupted cell is still blocked in compiled code and may run on if it wakes up")
			return interrupted{}.describe()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// goroutineID returns the id of the calling goroutine.
func goroutineID() int64 {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	id, _ := parseGoroutineHeader(buf[:n])
	return id
}

// parseGoroutineHeader reads the id from "goroutine 12 [running]:".
func parseGoroutineHeader(b []byte) (int64, bool) {
	b, ok := bytes.CutPrefix(b, []byte("goroutine "))
	if !ok {
		return 0, false
	}
	i := bytes.IndexByte(b, ' ')
	if i <= 0 {
		return 0, false
	}
	id, err := strconv.ParseInt(string(b[:i]), 10, 64)
	return id, err == nil
}

// allStacks returns the stack traces of all goroutines.
func allStacks() []byte {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}

// goroutines returns the ids of the live goroutines.
func goroutines() map[int64]bool {
	alive := map[int64]bool{}
	for _, block := range bytes.Split(allStacks(), []byte("\n\n")) {
		if id, ok := parseGoroutineHeader(block); ok {
			alive[id] = true
		}
	}
	return alive
}

// yaegiChildren returns the goroutines that yaegi's ExecuteWithContext
// started from goroutine parent and that are still alive.
func yaegiChildren(parent int64) []int64 {
	marker := []byte("created by github.com/traefik/yaegi/interp.(*Interpreter).ExecuteWithContext in goroutine " +
		strconv.FormatInt(parent, 10) + "\n")
	var ids []int64
	for _, block := range bytes.Split(allStacks(), []byte("\n\n")) {
		if !bytes.Contains(block, marker) {
			continue
		}
		if id, ok := parseGoroutineHeader(block); ok {
			ids = append(ids, id)
		}
	}
	return ids
}
