package engine

import (
	"io"
	"log"
	"runtime"
	"strings"
	"sync"
)

// yaegi's compiler gives up on some code by calling log.Panic ("nil type"
// and "nil reflect type" in scope.go, "compositeGenerator not implemented"
// in cfg.go). log.Panic first prints its message through the standard
// logger, so a dated "nil type" line reached the process's standard error,
// which is the cell's output when the engine captures file descriptor 2.
// The engine turns the panic itself into the cell's error (compile), so
// the line is only noise.
//
// The standard logger belongs to the whole process, so this is the one
// process-wide hook of the engine: New wraps the standard logger's output
// in a filter that drops what a log.Panic called by yaegi's interp package
// writes, and passes everything else (compiled packages that log) to the
// writer it wrapped. The filter holds no state of any engine, so engines
// share it; it is installed again if something replaces the logger's
// output later.

// stdLogMu serialises installing the filter.
var stdLogMu sync.Mutex

// quietYaegiLog installs the filter on the standard logger, unless it is
// there already.
func quietYaegiLog() {
	stdLogMu.Lock()
	defer stdLogMu.Unlock()
	if _, ok := log.Writer().(yaegiLogFilter); ok {
		return
	}
	log.SetOutput(yaegiLogFilter{next: log.Writer()})
}

// yaegiLogFilter drops the standard logger's lines of yaegi's log.Panic.
type yaegiLogFilter struct{ next io.Writer }

func (f yaegiLogFilter) Write(p []byte) (int, error) {
	if loggedByYaegiPanic() {
		return len(p), nil
	}
	return f.next.Write(p)
}

// loggedByYaegiPanic reports whether the caller is the standard logger
// printing for a log.Panic that yaegi's interp package called.
func loggedByYaegiPanic() bool {
	var pcs [16]uintptr
	n := runtime.Callers(3, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	inPanic := false
	for {
		fr, more := frames.Next()
		if inPanic {
			return strings.HasPrefix(fr.Function, "github.com/traefik/yaegi/interp.")
		}
		switch fr.Function {
		case "log.Panic", "log.Panicf", "log.Panicln":
			inPanic = true
		}
		if !more {
			return false
		}
	}
}
