package engine

import (
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"
)

// skipUnderRace skips a test that interrupts cells when the race detector
// is on: yaegi's ExecuteWithContext races with its own goroutine when it
// returns for a cancellation, which fails any such test (doc.go, "Races").
func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceDetector {
		t.Skip("interrupts race inside yaegi's ExecuteWithContext (see the package doc, Races)")
	}
}

// gate lets a cell run until the test opens it: the cell calls the
// compiled function gate.Wait, which returns true once the test calls
// open (false after a minute), so that the test can act while the cell
// runs and still let it end normally.
type gate struct {
	once    sync.Once
	entered chan struct{} // closed when a cell waits
	opened  chan struct{}
}

func newGate() *gate {
	return &gate{entered: make(chan struct{}), opened: make(chan struct{})}
}

func (g *gate) wait() bool {
	g.once.Do(func() { close(g.entered) })
	select {
	case <-g.opened:
		return true
	case <-time.After(time.Minute):
		return false
	}
}

func (g *gate) open() { close(g.opened) }

// symbols is the package "gonn.test/gate" for cells.
func (g *gate) symbols() interp.Exports {
	return interp.Exports{"gonn.test/gate/gate": {"Wait": reflect.ValueOf(g.wait)}}
}

// newGatedSession is a test session whose cells can import gonn.test/gate.
func newGatedSession(t *testing.T, g *gate) *testSession {
	t.Helper()
	e, err := New(Options{Symbols: []interp.Exports{g.symbols()}})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { e.Shutdown(false) })
	return &testSession{t: t, e: e}
}
