package nnlib

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"
)

// progress writes Keras-style training progress: one line per epoch
//
//	Epoch 1/5 - 1875/1875 - 2s - 1ms/step - accuracy: 0.9275 - loss: 0.2517
//
// or, on a terminal, a bar redrawn in place at most every 100 ms.
type progress struct {
	w        io.Writer
	bar      bool
	silent   bool
	epochs   int
	steps    int
	epoch    int
	start    time.Time
	lastDraw time.Time
	line     strings.Builder
}

// redrawEvery is the least time between two redraws of the bar.
const redrawEvery = 100 * time.Millisecond

// newProgress returns the progress writer for a Fit of the given size.
func newProgress(w io.Writer, verbose, epochs, steps int) *progress {
	p := &progress{w: w, epochs: epochs, steps: steps}
	switch verbose {
	case VerboseSilent, VerboseLive:
		p.silent = true
	case VerboseBar:
		p.bar = true
	case VerboseEpoch:
	default:
		p.bar = isTerminal(w)
	}
	return p
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// beginEpoch starts timing an epoch (numbered from 1).
func (p *progress) beginEpoch(epoch int) {
	p.epoch = epoch
	p.start = time.Now()
	p.lastDraw = p.start
}

// batch is called after each step with the running logs; it redraws the
// bar when due. It allocates nothing when it does not draw.
func (p *progress) batch(step int, names []string, values []float64) {
	if p.silent || !p.bar {
		return
	}
	now := time.Now()
	if now.Sub(p.lastDraw) < redrawEvery {
		return
	}
	p.lastDraw = now
	p.draw(step, names, values, false)
}

// endEpoch writes the epoch's final line.
func (p *progress) endEpoch(names []string, values []float64) {
	if p.silent {
		return
	}
	p.draw(p.steps, names, values, true)
}

// draw renders the progress of step (of p.steps) with the given logs.
func (p *progress) draw(step int, names []string, values []float64, final bool) {
	b := &p.line
	b.Reset()
	elapsed := time.Since(p.start)
	perStep := elapsed / time.Duration(max(step, 1))
	if p.bar {
		const width = 20
		done := width * step / max(p.steps, 1)
		fmt.Fprintf(b, "\rEpoch %d/%d %*d/%d %s%s %s %s", p.epoch, p.epochs,
			len(fmt.Sprint(p.steps)), step, p.steps,
			strings.Repeat("━", done), strings.Repeat("─", width-done),
			seconds(elapsed), stepTime(perStep))
	} else {
		fmt.Fprintf(b, "Epoch %d/%d - %d/%d - %s - %s", p.epoch, p.epochs, step, p.steps, seconds(elapsed), stepTime(perStep))
	}
	for _, i := range displayOrder(names) {
		fmt.Fprintf(b, " - %s: %s", names[i], formatLog(values[i]))
	}
	if final {
		b.WriteString("\n")
	} else {
		b.WriteString("\x1b[K") // clear the rest of a longer previous line
	}
	io.WriteString(p.w, b.String())
}

// displayOrder orders logs as Keras prints them: metrics, loss, then the
// validation metrics and val_loss.
func displayOrder(names []string) []int {
	var order []int
	for _, val := range []bool{false, true} {
		for _, wantLoss := range []bool{false, true} {
			for i, n := range names {
				isVal := strings.HasPrefix(n, "val_")
				isLoss := n == "loss" || n == "val_loss"
				if isVal == val && isLoss == wantLoss {
					order = append(order, i)
				}
			}
		}
	}
	return order
}

// formatLog formats a value as Keras's progress bar does.
func formatLog(v float64) string {
	if math.Abs(v) > 1e-3 {
		return fmt.Sprintf("%.4f", v)
	}
	return fmt.Sprintf("%.4e", v)
}

// seconds formats an epoch's duration: "2s".
func seconds(d time.Duration) string { return fmt.Sprintf("%.0fs", d.Seconds()) }

// stepTime formats the time per step: "1s/step", "1ms/step", "517us/step".
func stepTime(d time.Duration) string {
	switch s := d.Seconds(); {
	case s >= 1:
		return fmt.Sprintf("%.0fs/step", s)
	case s >= 1e-3:
		return fmt.Sprintf("%.0fms/step", s*1e3)
	default:
		return fmt.Sprintf("%.0fus/step", s*1e6)
	}
}
