package display

import "sync"

// Handle is one output area that can be changed in place: the first
// content sent through it is shown (display_data with the Handle's display
// id), and each later content replaces it (update_display_data), wherever
// it is shown. Handle has the same content methods as Displayer (Text,
// HTML, Plot, Show, MIME, …). Create one with NewHandle; a Handle is safe
// for concurrent use.
type Handle struct {
	emitter
	id  string
	pub Publisher

	mu    sync.Mutex // orders messages, so the first one is never an update
	shown bool
}

// ID returns the Handle's display id, unique per Displayer and random
// across Displayers.
func (h *Handle) ID() string { return h.id }

func (h *Handle) publish(b Bundle, meta Metadata) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.pub.Display(b, meta, h.id, h.shown)
	h.shown = true
}

// String describes the Handle, so that a Handle left as a cell's value
// prints as something readable.
func (h *Handle) String() string { return "display.Handle " + h.id }
