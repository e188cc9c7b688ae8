package engine

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"sync"

	"github.com/traefik/yaegi/interp"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// Input from the user. A cell reads it two ways, both through the running
// cell's Output.Input (an input_request on the stdin channel):
//
//   - os.Stdin (fmt.Scan, bufio.Reader): each line is asked with no prompt;
//   - gonn.ReadLine and gonn.ReadPassword (package gonn), whose compiled
//     versions read the process's standard input and are replaced in this
//     interpreter by functions that ask with a prompt, as a password when
//     it is one.
//
// When the client does not take input (allow_stdin false: nbclient, gonn
// run), reading fails with an error that names the cause, and the cell's
// standard error says so once, since cells often ignore fmt.Scan's error.

// gonnKey is the key of package gonn's symbols in yaegi's tables.
const gonnKey = "github.com/gonn-dev/gonn/gonn"

// inputSymbols replaces gonn.ReadLine and gonn.ReadPassword for cells, and
// os.Stdin by stdin. yaegi itself gives cells the process's standard input
// as os.Stdin unless the interpreter's is an *os.File; in a cell os.Stdin
// is therefore an io.Reader (bufio.NewReader(os.Stdin), io.ReadAll and
// fmt.Fscan work; *os.File's other methods do not).
func (e *Engine) inputSymbols(stdin io.Reader) interp.Exports {
	return interp.Exports{
		"os/os": {"Stdin": reflect.ValueOf(&stdin).Elem()},
		gonnKey: {
			"ReadLine": valueOf(func(prompt string) (string, error) {
				return e.ask("gonn.ReadLine", prompt, false)
			}),
			"ReadPassword": valueOf(func(prompt string) (string, error) {
				return e.ask("gonn.ReadPassword", prompt, true)
			}),
		}}
}

// ask asks the user of the running cell for a line, on behalf of caller
// (named in errors).
func (e *Engine) ask(caller, prompt string, password bool) (string, error) {
	c := e.cell.Load()
	ref := e.out.Load()
	if c == nil || ref == nil {
		return "", fmt.Errorf("%s: no cell is running: input is asked for by the running cell", caller)
	}
	e.flush() // what the cell printed comes before the question
	line, err := ref.Input(c.ctx, prompt, password)
	if err == nil {
		return line, nil
	}
	if errors.Is(err, lang.ErrStdinNotAllowed) && !c.inputRefused.Swap(true) {
		e.warn("gonn: " + caller + " failed: " + lang.ErrStdinNotAllowed.Error() +
			"; run the notebook in a client that takes input, or give the value in the cell")
	}
	if c.ctx.Err() != nil {
		return "", fmt.Errorf("%s: the cell was interrupted while waiting for input: %w", caller, err)
	}
	return "", fmt.Errorf("%s: %w", caller, err)
}

// stdinReader is the interpreter's standard input (fmt.Scan and friends):
// each line is asked from the user through the running cell's Output.
type stdinReader struct {
	e       *Engine
	mu      sync.Mutex
	pending []byte
}

// Read implements io.Reader. It returns an error (never a silent io.EOF)
// when the client does not take input or no cell is running.
func (r *stdinReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.pending) == 0 {
		line, err := r.e.ask("reading standard input", "", false)
		if err != nil {
			return 0, err
		}
		r.pending = []byte(line + "\n")
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}
