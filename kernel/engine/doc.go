// Package engine runs notebook cells of Go with the yaegi interpreter.
//
// An Engine is one interpreter session: state persists from cell to cell.
// It implements lang.Interpreter (and Completer, Inspector and
// CompletenessChecker, through package assist), so the Jupyter protocol
// layer and the headless notebook runner drive it the same way:
//
//	e, err := engine.New(engine.Options{CaptureStdio: true})
//	res := e.Execute(ctx, lang.ExecuteRequest{Code: "x := 41\nx + 1"}, out)
//	// res.Data["text/plain"] == "42"
//
// # What a cell may contain
//
// Anything a Go file or a function body may contain, mixed: imports,
// declarations and statements, in any order; a whole program too (its
// package clause is ignored and its func main is called). The value of a
// trailing expression is the cell's result, rendered by display.Render
// when it can render itself (plots, images, matrices, values with an HTML
// or PNG method) and in Go formatting otherwise: strings quoted, structs
// with field names, the values of a multi-value call separated by
// commas; a call without a value, or of fmt.Print*, shows nothing. A call
// whose last result is an error is read the Go way: a nil error is left
// out (nnlib.LossCurves(h) shows the plot alone), a non-nil one fails the
// cell with its text (EName "error").
//
// A model's Fit shows its progress and its curves in one output area,
// updated in place (nnlib.VerboseLive), unless its FitOptions ask for
// text progress.
//
// Newer Go that yaegi v0.16.1 lacks is supplied: min, max and clear,
// range over an integer (when the engine or, for names of earlier cells,
// yaegi can tell the operand is one), and loop variables per iteration
// for the closures a loop makes.
//
// Notebooks are lenient where Go is strict: unused variables and imports
// are not errors, a package imported twice is imported once, and the
// preloaded packages (the standard library, nnlib, display, gonum and
// gonum/plot) are imported automatically when a cell uses them, the way
// goimports would (rand is math/rand, draw is whichever draw has the
// names the cell uses).
//
// # Running a cell again
//
// Every name may be defined again by a later cell, with a new type or a new
// signature. Re-declaring a variable with a value of its own type assigns
// it, so functions compiled earlier see the new value (re-running
// lr := 0.01 changes the learning rate a training function reads); with
// another type it makes a new variable. Functions of earlier cells that use a name
// defined again are compiled again from their source, so they call the new
// function and use the new type, constant or variable; one that no longer
// compiles with it keeps the earlier definitions, and a warning on stderr
// says why. Methods, generic functions and types that contain a redefined
// type keep the earlier definitions too, with a warning that names the cell
// to run again (dependents.go). Types get a new version on every
// definition, and their methods follow them: a method defined in another
// cell is compiled again for the new version (and dropped, with a warning,
// if it no longer compiles). A declaration that fails to compile breaks
// nothing: earlier definitions and values are kept, and a name that never
// compiled gets a clear error until it is defined.
//
// # Errors and output
//
// Compile errors, panics and runtime errors become Result.Error with the
// position in the cell (or "In[3] 2:5" in an earlier one), the line with a
// caret, and for panics the interpreted call stack; nothing is printed
// twice. A panic in a goroutine a cell started is reported on stderr
// instead of killing the kernel; os.Exit and log.Fatal stop the cell, not
// the kernel. Infinite recursion still ends the process, quickly
// (Options.MaxStack).
//
// What cells print streams to the running cell's lang.Output while the
// cell runs, in chunks that never split a UTF-8 sequence, all of it
// before Execute returns; with Options.CaptureStdio, so does what compiled
// code and the Go runtime write to file descriptors 1 and 2. Output of a
// goroutine that outlives its cell goes to the last cell's Output.
//
// # Magics, help and input
//
// Lines that start with % (magics), ! (shell commands) and lines name? or
// name?? (documentation in Jupyter's pager, ?? with the source of what a
// cell defined) may stand wherever a Go statement could start, mixed with
// Go: the cell runs from top to bottom, and magic lines do not change the
// line numbers of errors in its Go. %help lists them: %time and %%time
// (the cell magic, on the first line), %env, %who, %ls, %rm, %reset. A
// line !ok is a shell command; write (!ok) for Go's negation. Completion
// after % offers the magics, Shift+Tab on one shows its help (magic.go,
// pager.go, shell.go).
//
// Reading os.Stdin (fmt.Scanln, bufio.NewReader(os.Stdin), which is an
// io.Reader in cells) asks the user a line at a time through
// Output.Input; gonn.ReadLine and gonn.ReadPassword ask with a prompt, the
// latter as a password. A client that takes no input makes reading fail
// with an error that says so (stdin.go).
//
// # Interrupting
//
// Cancelling the context given to Execute interrupts the cell: interpreted
// loops, channel operations, time.Sleep and nnlib's Fit stop within
// milliseconds, and variables keep the values they had. A cell stuck in
// other compiled code (a deadlocked sync.Mutex) cannot be stopped; the
// next cell waits for it and says so, and an interrupt of the waiting
// cell gives up on the stuck one.
//
// # yaegi
//
// yaegi v0.16.1 alone is not a notebook engine. Each cell goes through a
// pipeline (cell.go) that splits it into units, compiles them one by one
// with positions mapped to a line space shared by all cells (lines.go),
// and works around what yaegi gets wrong: types and methods it will not
// redefine (redefine.go), functions it keeps bound to earlier definitions
// (dependents.go), top-level declarations it mis-compiles (stmts.go),
// unnamed parameters it gives no place (params.go), receives it mis-assigns
// and newer Go it lacks (modern.go), channel operations it would not
// cancel, panics it would let kill the process (goroutines.go), types on
// which it would recurse for ever (recursive.go), and messages that name
// its internals instead of the mistake (diagnose.go). The rewritten code
// calls a few compiled functions of the engine (hooks.go); data literals
// of a million numbers are parsed by the engine rather than by yaegi
// (data.go).
//
// # Races
//
// go test -race finds three races, all inside yaegi v0.16.1 and out of
// the engine's reach (the engine's own state is guarded by Engine.mu, the
// session's lock and atomics, and the tests that do not hit these races
// pass under -race; those that do are skipped there):
//
//   - Interrupts. ExecuteWithContext returns for a cancelled context by
//     assigning its named results (program.go:203) while its goroutine
//     may be assigning them too, when the interpreted code stops
//     (program.go:197). The caller may get a mixture of the two; the
//     engine never looks at what an interrupted execution returned
//     (execute in run.go), so the race is harmless here.
//   - The cell after an interrupt. An interrupted program's goroutine
//     still reads the interpreter's global frame after its last
//     synchronised step (program.go:174), while the next cell's Execute
//     replaces the frame's slice (resizeFrame, interp.go:490). The engine
//     waits until that goroutine has exited (waitSettled), which the race
//     detector cannot see: in practice both touch the frame one after the
//     other.
//   - Goroutines of cells. Interpreted goroutines read global variables
//     from the global frame without a lock (value.go:139), while a later
//     top-level statement or cell that declares a global copies the frame
//     into a larger slice (resizeFrame). The old and new slices hold the
//     same values, so a reader sees either; on amd64, whose stores are
//     seen in order, this is harmless; on a weakly ordered CPU (arm64) a
//     reader might see the new slice before its values and panic on a
//     zero reflect.Value, which the goroutine's recover reports on stderr.
//
// Two engines in one process share nothing but the process itself: the
// stack limit, file descriptors 1 and 2, which only one engine at a time
// may capture, and a filter on the standard logger's output that New
// installs once, which drops the lines yaegi's compiler prints through
// log.Panic when it gives up on code ("nil type"; the cell gets the error
// instead) and passes every other line on (stdlog.go).
package engine
