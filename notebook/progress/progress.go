// Package progress shows how a headless notebook run is going: on a
// terminal, one status line redrawn in place (notebook, cell i/n, elapsed
// time); elsewhere, such as a CI log, one plain line per finished cell.
package progress

import (
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/gonn-dev/gonn/notebook"
)

// redraw is how often the status line's clock is updated on a terminal.
const redraw = 250 * time.Millisecond

// Reporter writes progress and messages to one writer. Its methods are
// safe for concurrent use.
type Reporter struct {
	w        io.Writer
	terminal bool
	now      func() time.Time

	mu       sync.Mutex
	name     string         // the notebook being run
	started  time.Time      // when it started
	cell     notebook.Event // the running cell, if running
	cellAt   time.Time      // when that cell started
	running  bool
	status   bool          // a status line is on screen
	stopTick chan struct{} // stops the redraw goroutine; nil when none
}

// New returns a Reporter writing to w. With terminal set it draws a
// status line that it redraws in place; otherwise it writes plain lines.
func New(w io.Writer, terminal bool) *Reporter {
	return &Reporter{w: w, terminal: terminal, now: time.Now}
}

// Start begins reporting on the notebook at path.
func (r *Reporter) Start(path string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.name, r.started, r.running = filepath.Base(path), r.now(), false
}

// Event reports a cell starting or finishing; pass it as
// notebook.Options.Progress.
func (r *Reporter) Event(ev notebook.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !ev.Done {
		r.cell, r.cellAt, r.running = ev, r.now(), true
		if r.terminal {
			r.drawStatus()
			r.startTicker()
		}
		return
	}
	r.running = false
	r.stopTicker()
	outcome := "ok"
	if ev.Err != nil {
		outcome = "failed"
	}
	if r.terminal {
		r.drawStatus()
		return
	}
	fmt.Fprintf(r.w, "%s: cell %d/%d (In [%d]) %s in %s\n", r.name, ev.Count, ev.Total, ev.Count, outcome, round(ev.Elapsed))
}

// Finish ends reporting on the current notebook with a message such as
// where its outputs were written.
func (r *Reporter) Finish(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopTicker()
	r.clearStatus()
	fmt.Fprintf(r.w, "%s: %s (%s)\n", r.name, fmt.Sprintf(format, args...), round(r.now().Sub(r.started)))
}

// Printf writes a message line, moving the status line out of its way.
// On a terminal the message keeps its colours; elsewhere terminal escape
// sequences are removed.
func (r *Reporter) Printf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clearStatus()
	msg := strings.TrimRight(fmt.Sprintf(format, args...), "\n")
	if !r.terminal {
		msg = ansiEscape.ReplaceAllString(msg, "")
	}
	fmt.Fprintln(r.w, msg)
	if r.running && r.terminal {
		r.drawStatus()
	}
}

// Close stops the status line's clock.
func (r *Reporter) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopTicker()
	r.clearStatus()
}

var ansiEscape = regexp.MustCompile("\x1b\\[[0-9;?]*[ -/]*[@-~]")

// drawStatus redraws the status line; the caller holds r.mu.
func (r *Reporter) drawStatus() {
	ev := r.cell
	state := round(r.now().Sub(r.cellAt)).String()
	if !r.running {
		state = "done"
	}
	fmt.Fprintf(r.w, "\r\x1b[K%s  cell %d/%d  In [%d]  %s  (total %s)", r.name, ev.Count, ev.Total, ev.Count, state, round(r.now().Sub(r.started)))
	r.status = true
}

// clearStatus erases the status line; the caller holds r.mu.
func (r *Reporter) clearStatus() {
	if r.status {
		fmt.Fprint(r.w, "\r\x1b[K")
		r.status = false
	}
}

// startTicker redraws the status line until stopTicker; the caller holds
// r.mu.
func (r *Reporter) startTicker() {
	r.stopTicker()
	stop := make(chan struct{})
	r.stopTick = stop
	go func() {
		t := time.NewTicker(redraw)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				r.mu.Lock()
				select {
				case <-stop:
				default:
					r.drawStatus()
				}
				r.mu.Unlock()
			}
		}
	}()
}

// stopTicker stops the redraw goroutine; the caller holds r.mu.
func (r *Reporter) stopTicker() {
	if r.stopTick != nil {
		close(r.stopTick)
		r.stopTick = nil
	}
}

// round shortens a duration for display: 250µs, 12ms, 1.23s, 2m3s.
func round(d time.Duration) time.Duration {
	switch {
	case d < time.Millisecond:
		return d.Round(time.Microsecond)
	case d < time.Second:
		return d.Round(time.Millisecond)
	case d < time.Minute:
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(time.Second)
}
