package engine

import (
	"flag"
	"fmt"
	"log"
	"os"
	"reflect"
	"time"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/unrestricted"
)

// The cell pipeline rewrites cells to call a few compiled functions of the
// engine: Show for the value of a trailing expression, GoPanic in every
// goroutine a cell starts, Data for large data literals, Clear for the
// clear builtin. They live in a package that only the engine
// imports, under an alias no cell uses.
const (
	hookPath  = "gonn.internal/cell"
	hookAlias = "__gonn"
)

// hooks returns the engine's own package for rewritten cells. Its
// functions are closures over this engine: two engines in one process
// never see each other's cells.
func (e *Engine) hooks() map[string]reflect.Value {
	return map[string]reflect.Value{
		"Show":    valueOf(e.show),
		"GoPanic": valueOf(e.goPanic),
		"Data":    valueOf(e.data),
		"Clear":   valueOf(clearValue),
	}
}

// clearValue is Go's clear builtin, which yaegi v0.16.1 lacks: cells'
// calls of clear are rewritten to it (modern.go). It empties a map or
// zeroes the elements of a slice, natively, through reflect.
func clearValue(x any) {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Map, reflect.Slice:
		v.Clear()
	case reflect.Invalid:
		panic("invalid argument: clear needs a map or a slice, not nil")
	default:
		panic("invalid argument: clear needs a map or a slice, not " + v.Type().String())
	}
}

// show records the values of a cell's trailing expression.
func (e *Engine) show(v ...any) {
	c := e.cell.Load()
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.shown, c.show = v, true
}

// goPanic reports a panic that ended a goroutine started by a cell. The
// rewritten go statement recovers it, so the kernel survives.
func (e *Engine) goPanic(r any, where string) {
	if r == nil {
		return
	}
	if rv, ok := r.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
		r = rv.Interface()
	}
	msg := fmt.Sprintf("panic in goroutine started at %s: %v", where, r)
	if x, ok := r.(exitRequest); ok {
		msg = fmt.Sprintf("%v in goroutine started at %s: the goroutine stopped, the kernel keeps running", x, where)
	}
	for _, l := range e.trace.take() {
		if p, ok := e.parseTraceLine(l); ok {
			msg += "\n    " + p
		}
	}
	fmt.Fprintln(e.stderr.File(), msg)
	e.log.Printf("engine: %s", msg)
}

// exitRequest is what os.Exit (and log.Fatal) panic with inside a cell.
type exitRequest struct {
	code int
	by   string // the function that called os.Exit, if not the cell
}

func (x exitRequest) String() string {
	if x.by != "" {
		return fmt.Sprintf("%s called os.Exit(%d)", x.by, x.code)
	}
	return fmt.Sprintf("os.Exit(%d)", x.code)
}

// overrides replaces standard library symbols whose compiled behaviour is
// wrong for a notebook, for this engine only:
//   - os.Exit stops the cell instead of the kernel;
//   - time.Sleep returns when the cell is interrupted;
//   - os.Stderr, the log package and flag.CommandLine write to the
//     engine's stderr stream (yaegi's own stderr collects panic traces).
func (e *Engine) overrides() interp.Exports {
	stderr := e.stderr.File()
	logger := log.New(stderr, "", log.LstdFlags)
	cmdline := flag.NewFlagSet(os.Args[0], flag.PanicOnError)
	cmdline.SetOutput(stderr)

	ex := interp.Exports{
		hookPath + "/cell": e.hooks(),
		"os/os": {
			"Exit":   valueOf(func(code int) { panic(exitRequest{code: code}) }),
			"Stderr": reflect.ValueOf(&stderr).Elem(),
		},
		"time/time": {
			"Sleep": valueOf(e.sleep),
		},
		"flag/flag": {
			"CommandLine": reflect.ValueOf(&cmdline).Elem(),
		},
		"log/log": {
			"Default": valueOf(func() *log.Logger { return logger }),
			"Fatal": valueOf(func(v ...any) {
				logger.Output(2, fmt.Sprint(v...))
				panic(exitRequest{code: 1, by: "log.Fatal"})
			}),
			"Fatalf": valueOf(func(format string, v ...any) {
				logger.Output(2, fmt.Sprintf(format, v...))
				panic(exitRequest{code: 1, by: "log.Fatalf"})
			}),
			"Fatalln": valueOf(func(v ...any) {
				logger.Output(2, fmt.Sprintln(v...))
				panic(exitRequest{code: 1, by: "log.Fatalln"})
			}),
			"Flags":     valueOf(logger.Flags),
			"Output":    valueOf(logger.Output),
			"Panic":     valueOf(logger.Panic),
			"Panicf":    valueOf(logger.Panicf),
			"Panicln":   valueOf(logger.Panicln),
			"Prefix":    valueOf(logger.Prefix),
			"Print":     valueOf(logger.Print),
			"Printf":    valueOf(logger.Printf),
			"Println":   valueOf(logger.Println),
			"SetFlags":  valueOf(logger.SetFlags),
			"SetOutput": valueOf(logger.SetOutput),
			"SetPrefix": valueOf(logger.SetPrefix),
			"Writer":    valueOf(logger.Writer),
		},
	}
	// Let the replaced log functions and Show see the String and Error
	// methods of interpreted values, as yaegi does for fmt.
	fmtTypes := stdlib.MapTypes[reflect.ValueOf(fmt.Println)]
	mt := map[reflect.Value][]reflect.Type{ex[hookPath+"/cell"]["Show"]: showTypes()}
	for _, name := range []string{"Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln", "Print", "Printf", "Println"} {
		mt[ex["log/log"][name]] = fmtTypes
	}
	ex["."] = map[string]reflect.Value{"MapTypes": reflect.ValueOf(mt)}
	return ex
}

// execSymbols is os/exec from yaegi's unrestricted tables, so that cells
// can run commands.
func execSymbols() interp.Exports {
	return interp.Exports{"os/exec/exec": unrestricted.Symbols["os/exec/exec"]}
}

// sleep is time.Sleep for cells: it returns early when the running cell
// is interrupted, so that an interrupt stops time.Sleep(time.Hour) at once.
func (e *Engine) sleep(d time.Duration) {
	if d <= 0 {
		return
	}
	c := e.cell.Load()
	if c == nil {
		time.Sleep(d)
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-c.ctx.Done():
	}
}
