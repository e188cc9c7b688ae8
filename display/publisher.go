package display

import (
	"io"
	"strings"
	"sync"
)

// Publisher delivers display messages to wherever output goes: a Jupyter
// kernel's iopub channel, a notebook being written headless, a terminal.
// Implementations must be safe for concurrent use, since cells display from
// goroutines they start.
type Publisher interface {
	// Display shows data. With an empty id it is a plain display_data.
	// With an id and update false it is a display_data whose output can
	// later be replaced; with update true it replaces every output shown
	// with that id (update_display_data). meta may be nil.
	Display(data Bundle, meta Metadata, id string, update bool)
	// Clear clears the output of the running cell (clear_output); with
	// wait, the front end clears only when the next output arrives, which
	// avoids flicker when redrawing.
	Clear(wait bool)
}

// NewTextPublisher returns a Publisher that writes the text/plain entry of
// each bundle to w, one display per line or block; updates are written as
// new lines and Clear writes nothing. It is what programs outside a
// notebook get. Write errors are ignored: there is nobody to report them to.
func NewTextPublisher(w io.Writer) Publisher {
	return &textPublisher{w: w}
}

type textPublisher struct {
	mu sync.Mutex
	w  io.Writer
}

func (p *textPublisher) Display(data Bundle, _ Metadata, _ string, _ bool) {
	text := data.Text()
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_, _ = io.WriteString(p.w, text)
}

func (p *textPublisher) Clear(bool) {}

// discard is the Publisher of a Displayer created with a nil Publisher.
type discard struct{}

func (discard) Display(Bundle, Metadata, string, bool) {}
func (discard) Clear(bool)                             {}

// Message is one display or clear request received by a Recorder.
type Message struct {
	// Data, Metadata, DisplayID and Update are the arguments of
	// Publisher.Display; they are zero for a clear.
	Data      Bundle
	Metadata  Metadata
	DisplayID string
	Update    bool
	// Clear is set for Publisher.Clear, with its wait argument in Wait.
	Clear bool
	Wait  bool
}

// Recorder is a Publisher that keeps every message in memory, in order.
// Tests use it to see exactly what code displayed, and a headless runner
// can replay it. The zero value is ready to use; it is safe for concurrent
// use.
type Recorder struct {
	mu   sync.Mutex
	msgs []Message
}

// Display records a display message.
func (r *Recorder) Display(data Bundle, meta Metadata, id string, update bool) {
	r.add(Message{Data: data, Metadata: meta, DisplayID: id, Update: update})
}

// Clear records a clear message.
func (r *Recorder) Clear(wait bool) { r.add(Message{Clear: true, Wait: wait}) }

func (r *Recorder) add(m Message) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, m)
}

// Messages returns a copy of the messages recorded so far.
func (r *Recorder) Messages() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Message(nil), r.msgs...)
}
