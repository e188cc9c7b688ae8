package display

import (
	"fmt"
	"strings"
	"sync"
)

// progressBarWidth is the number of characters of the text progress bar.
const progressBarWidth = 20

// Progress is a progress bar shown in one output area and updated in place
// (through a Handle). It redraws only when the whole percentage changes,
// so calling Set once per batch costs at most about a hundred messages.
// Create one with NewProgress; a Progress is safe for concurrent use.
type Progress struct {
	h     *Handle
	label string
	total int

	mu      sync.Mutex
	done    int
	shown   int // percentage last drawn, -1 before the first
	invalid bool
}

// NewProgress shows a progress bar for total steps, labelled label, at 0%.
// A total below 1 shows an error message instead, and the bar ignores
// further calls.
func (d *Displayer) NewProgress(label string, total int) *Progress {
	p := &Progress{h: d.NewHandle(), label: label, total: total, shown: -1}
	if total < 1 {
		p.invalid = true
		p.h.send(errorBundle("display.NewProgress", fmt.Errorf("total %d steps is not positive", total)), nil)
		return p
	}
	p.Set(0)
	return p
}

// Set records that done of the total steps are finished (clamped to
// 0..total) and redraws the bar if its percentage changed.
func (p *Progress) Set(done int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.set(done)
}

// Add records n more finished steps.
func (p *Progress) Add(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.set(p.done + n)
}

// String describes the bar and where it stands.
func (p *Progress) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return fmt.Sprintf("display.Progress %q %d/%d", p.label, p.done, p.total)
}

// Done marks every step finished.
func (p *Progress) Done() { p.Set(p.total) }

func (p *Progress) set(done int) {
	if p.invalid {
		return
	}
	p.done = min(max(done, 0), p.total)
	pct := p.done * 100 / p.total
	if pct == p.shown {
		return
	}
	p.shown = pct
	p.h.send(progressBundle(p.label, p.done, p.total), nil)
}

// progressBundle draws the bar as an HTML <progress> element and as text.
func progressBundle(label string, done, total int) Bundle {
	pct := done * 100 / total
	filled := done * progressBarWidth / total
	bar := strings.Repeat("█", filled) + strings.Repeat("░", progressBarWidth-filled)
	text := fmt.Sprintf("%3d%% %s %d/%d", pct, bar, done, total)
	html := fmt.Sprintf(`<progress value="%d" max="%d" style="width:20em"></progress> %d%% %d/%d`,
		done, total, pct, done, total)
	if label != "" {
		text = label + " " + text
		html = escapeHTML(label) + " " + html
	}
	return Bundle{MIMEText: text, MIMEHTML: "<div>" + html + "</div>"}
}
