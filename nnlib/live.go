package nnlib

import (
	"fmt"
	"html"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gonn-dev/gonn/display"
)

// LiveOptions configures LiveProgress. The zero value redraws at most
// twice a second, with 50 curve points an epoch, in two 360×240 panels.
type LiveOptions struct {
	// Interval is the least time between two redraws; 0 means 500 ms.
	// Redraws are also at least ten times as far apart as a frame takes
	// to draw, so that a busy machine spends at most a tenth of a core
	// on them. The first display (when training starts) and the last
	// (when it ends) are always drawn.
	Interval time.Duration
	// PointsPerEpoch is how many points each epoch adds to the training
	// curves, each the mean loss (or metric) of the batches since the
	// previous point, so the curve is smooth and the same on every run;
	// 0 means 50. An epoch of fewer batches adds one point per batch.
	PointsPerEpoch int
	// PanelWidth, PanelHeight and Scale size the curves' panels as in
	// Figure; 0 means 360×240 CSS pixels at DefaultFigureScale.
	PanelWidth, PanelHeight, Scale float64
	// NoPlot shows the progress line only.
	NoPlot bool
}

// Defaults of LiveOptions.
const (
	defaultLiveInterval = 500 * time.Millisecond
	defaultLivePoints   = 50
	livePanelWidth      = 360
	livePanelHeight     = 240
)

// LiveProgress returns a callback that shows a Fit's progress in one
// output area, updated in place through a display.Handle of d: a progress
// line — epoch, batch, the running loss and metrics, the validation values
// of the last epoch, the time elapsed and the time left — above the loss
// and metric curves drawn so far (one panel per log, validation dashed).
// With a nil d it uses the Displayer of the Fit's context
// (display.FromContext), which the gonn kernel sets for cells.
//
// It redraws at most every opts.Interval, so a fast training sends a
// handful of updates, and draws the plot on another goroutine so that
// training does not wait for it (a frame takes about 30 ms). When Fit
// returns, the area holds the final state — or, when Fit failed or was
// interrupted, where it stopped and why — without timings, so that it is
// the same on every run of a seeded training. Each bundle is text/html
// (the line, and the plot as an inline PNG, held once) with the line as
// text/plain.
//
// FitOptions.Verbose = VerboseLive does the same without a callback:
//
//	m.Fit(x, y, nnlib.FitOptions{Epochs: 5, Verbose: nnlib.VerboseLive})
//
// One callback may serve several models, even training at once: its state
// belongs to each Fit.
func LiveProgress(d *display.Displayer, opts LiveOptions) Callback {
	l := &liveProgress{d: d, opts: opts}
	if l.opts.Interval <= 0 {
		l.opts.Interval = defaultLiveInterval
	}
	if l.opts.PointsPerEpoch <= 0 {
		l.opts.PointsPerEpoch = defaultLivePoints
	}
	return Callback{
		OnTrainBegin: l.trainBegin,
		OnEpochBegin: l.epochBegin,
		OnBatchEnd:   l.batchEnd,
		OnEpochEnd:   l.epochEnd,
		OnTrainEnd:   l.trainEnd,
	}
}

// liveProgress is one LiveProgress callback. Its per-Fit state lives in
// the Fit's fitRun, so it is released with the Fit.
type liveProgress struct {
	d    *display.Displayer
	opts LiveOptions
}

// liveRun is a LiveProgress callback's state for one Fit. The training
// goroutine writes the curves and the logs; frames are copies handed to
// the drawing goroutine.
type liveRun struct {
	l      *liveProgress
	h      *display.Handle
	epochs int // of the Fit
	steps  int // batches an epoch
	batch  int // batch size
	nTrain int // training samples
	names  []string
	every  int // batches between curve points
	start  time.Time
	last   time.Time // of the last redraw requested

	epoch, step int       // where training is
	prevStep    int       // step of the epoch's last curve point
	prevSums    []float64 // running mean × samples at that point
	x           []float64 // curve points, in epochs
	y           [][]float64
	valX        []float64 // validation points, one an epoch
	valY        [][]float64
	logNames    []string // the latest logs, for the progress line
	logValues   []float64
	finished    bool

	mu       sync.Mutex
	idle     *sync.Cond
	pending  *liveFrame    // the newest frame not yet drawn
	drawing  bool          // a goroutine is drawing frames
	drawTime time.Duration // of the last frame drawn
}

// liveFrame is a snapshot of a liveRun to draw.
type liveFrame struct {
	line, lineHTML string
	epochs         int
	names          []string
	x, valX        []float64
	y, valY        [][]float64
	final          bool
	opts           LiveOptions
}

// run returns the callback's state for m's running Fit, nil when m is not
// training.
func (l *liveProgress) run(m *Sequential) *liveRun {
	if m == nil || m.run == nil {
		return nil
	}
	return m.run.live[l]
}

func (l *liveProgress) trainBegin(m *Sequential) {
	if m == nil || m.run == nil {
		return
	}
	r := m.run
	d := l.d
	if d == nil {
		d = display.FromContext(r.ctx)
	}
	names := append([]string{"loss"}, r.metricName...)
	lr := &liveRun{
		l: l, h: d.NewHandle(), epochs: r.epochs, batch: r.batch, nTrain: r.nTrain,
		steps: (r.nTrain + r.batch - 1) / r.batch, names: names,
		prevSums: make([]float64, len(names)), y: make([][]float64, len(names)), valY: make([][]float64, len(names)),
		start: time.Now(),
	}
	lr.every = max(1, lr.steps/l.opts.PointsPerEpoch)
	lr.idle = sync.NewCond(&lr.mu)
	lr.last = lr.start
	if r.live == nil {
		r.live = map[*liveProgress]*liveRun{}
	}
	r.live[l] = lr
	lr.h.MIME(lr.frame(false, "").bundle(), nil) // the line alone: cheap, and shown at once
}

func (l *liveProgress) epochBegin(m *Sequential, epoch int) {
	if r := l.run(m); r != nil {
		r.epoch, r.step, r.prevStep = epoch, 0, 0
		clear(r.prevSums)
	}
}

func (l *liveProgress) batchEnd(m *Sequential, step int, logs map[string]float64) {
	r := l.run(m)
	if r == nil {
		return
	}
	r.step = step
	if step%r.every == 0 && step < r.steps {
		r.addPoint(logs)
	}
	if r.due() {
		r.setLogs(logs)
		r.request(r.frame(false, ""))
	}
}

func (l *liveProgress) epochEnd(m *Sequential, epoch int, logs map[string]float64) error {
	r := l.run(m)
	if r == nil {
		return nil
	}
	r.step = r.steps
	r.addPoint(logs)
	if _, ok := logs["val_loss"]; ok {
		r.valX = append(r.valX, float64(epoch))
		for k, n := range r.names {
			v, ok := logs["val_"+n]
			if !ok {
				v = math.NaN()
			}
			r.valY[k] = append(r.valY[k], v)
		}
	}
	r.setLogs(logs)
	if r.due() {
		r.request(r.frame(false, ""))
	}
	return nil
}

func (l *liveProgress) trainEnd(m *Sequential, _ *History) {
	if r := l.run(m); r != nil {
		r.finish("")
	}
}

// finishLive draws the final frame of every live display of a Fit that
// ended without OnTrainEnd — failed or interrupted — saying why.
func (r *fitRun) finishLive(err error) {
	for _, lr := range r.live {
		if !lr.finished {
			why := "stopped"
			if err != nil {
				why = err.Error()
			}
			lr.finish(why)
		}
	}
}

// finish waits for the frame being drawn, then draws the final one.
func (r *liveRun) finish(stopped string) {
	r.finished = true
	f := r.frame(true, stopped)
	r.mu.Lock()
	r.pending = nil
	for r.drawing {
		r.idle.Wait()
	}
	r.mu.Unlock()
	r.h.MIME(f.bundle(), nil)
}

// due reports whether it is time to redraw, and if so notes the time: at
// least the Interval since the last redraw, and ten times as long as a
// frame takes to draw, so that drawing on a busy machine takes at most a
// tenth of a core.
func (r *liveRun) due() bool {
	now := time.Now()
	wait := now.Sub(r.last)
	if wait < r.l.opts.Interval {
		return false
	}
	r.mu.Lock()
	cost := r.drawTime
	r.mu.Unlock()
	if wait < 10*cost {
		return false
	}
	r.last = now
	return true
}

// addPoint adds the mean of each log over the batches since the previous
// point: logs hold running means over the epoch, weighted by samples.
func (r *liveRun) addPoint(logs map[string]float64) {
	if r.step <= r.prevStep {
		return
	}
	seen := float64(min(r.step*r.batch, r.nTrain))
	before := float64(r.prevStep * r.batch)
	for k, n := range r.names {
		v, ok := logs[n]
		if !ok {
			v = math.NaN()
		}
		sum := v * seen
		r.y[k] = append(r.y[k], (sum-r.prevSums[k])/(seen-before))
		r.prevSums[k] = sum
	}
	r.x = append(r.x, float64(r.epoch-1)+float64(r.step)/float64(r.steps))
	r.prevStep = r.step
}

// setLogs keeps a copy of the latest logs for the progress line.
func (r *liveRun) setLogs(logs map[string]float64) {
	r.logNames, r.logValues = r.logNames[:0], r.logValues[:0]
	for _, n := range r.names {
		for _, name := range []string{n, "val_" + n} {
			if v, ok := logs[name]; ok {
				r.logNames = append(r.logNames, name)
				r.logValues = append(r.logValues, v)
			}
		}
	}
}

// request hands a frame to the drawing goroutine, replacing one not yet
// drawn, and starts the goroutine if none is running.
func (r *liveRun) request(f *liveFrame) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pending = f
	if !r.drawing {
		r.drawing = true
		go r.draw()
	}
}

// draw draws pending frames until there are none; it ends when idle, so
// nothing outlives the Fit.
func (r *liveRun) draw() {
	for {
		r.mu.Lock()
		f := r.pending
		r.pending = nil
		if f == nil {
			r.drawing = false
			r.idle.Broadcast()
			r.mu.Unlock()
			return
		}
		r.mu.Unlock()
		start := time.Now()
		b := f.bundle()
		r.mu.Lock()
		r.drawTime = time.Since(start)
		r.mu.Unlock()
		r.h.MIME(b, nil)
	}
}

// frame snapshots the run. stopped, for a final frame, says why training
// ended early ("" when it completed).
func (r *liveRun) frame(final bool, stopped string) *liveFrame {
	f := &liveFrame{epochs: r.epochs, names: r.names, final: final, opts: r.l.opts,
		x: slices.Clone(r.x), valX: slices.Clone(r.valX), y: make([][]float64, len(r.y)), valY: make([][]float64, len(r.valY))}
	for k := range r.y {
		f.y[k], f.valY[k] = slices.Clone(r.y[k]), slices.Clone(r.valY[k])
	}
	f.line, f.lineHTML = r.progressLine(final, stopped)
	return f
}

// progressLine describes where training is, as text and HTML. While
// training runs it ends with the time elapsed and the time left; the final
// line has no timings, so that a notebook saved after training is the
// same on every run.
func (r *liveRun) progressLine(final bool, stopped string) (string, string) {
	elapsed := time.Since(r.start)
	done := max(r.epoch-1, 0)*r.steps + r.step
	total := r.epochs * r.steps
	var b strings.Builder
	switch {
	case r.epoch == 0:
		plural := "es"
		if r.steps == 1 {
			plural = ""
		}
		fmt.Fprintf(&b, "Epoch 1/%d starting (%d batch%s of %d an epoch)", r.epochs, r.steps, plural, r.batch)
	default:
		fmt.Fprintf(&b, "Epoch %d/%d · batch %d/%d", r.epoch, r.epochs, r.step, r.steps)
	}
	for _, i := range displayOrder(r.logNames) {
		fmt.Fprintf(&b, " · %s %s", r.logNames[i], formatLog(r.logValues[i]))
	}
	switch {
	case final && stopped == "":
		b.WriteString(" · done")
	case final:
	case done > 0:
		eta := time.Duration(float64(elapsed) / float64(done) * float64(total-done))
		fmt.Fprintf(&b, " · %s elapsed · ETA %s", duration(elapsed), duration(eta))
	}
	line := b.String()
	lineHTML := fmt.Sprintf(`<progress value="%d" max="%d" style="width:12em;vertical-align:middle"></progress> %s`,
		done, max(total, 1), html.EscapeString(line))
	if stopped != "" {
		line += "\nTraining stopped: " + stopped
		lineHTML += `<br><span style="color:#d62728">Training stopped: ` + html.EscapeString(stopped) + `</span>`
	}
	return line, lineHTML
}

// duration formats a time for the progress line: "850ms", "12.3s",
// "2m05s".
func duration(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	default:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
}

// bundle draws the frame. A plot that cannot be drawn (every value not
// finite, say) leaves the line alone, with the reason.
func (f *liveFrame) bundle() display.Bundle {
	body := `<div style="font-family:monospace;white-space:pre-wrap">` + f.lineHTML + `</div>`
	b := display.Bundle{display.MIMEText: f.line}
	if !f.opts.NoPlot && len(f.x) > 0 {
		fig, err := f.figure()
		var data []byte
		if err == nil {
			data, err = fig.EncodePNG()
		}
		if err != nil {
			body += `<div style="color:#888">` + html.EscapeString(err.Error()) + `</div>`
		} else {
			w, h := fig.Size()
			body += imgTag(data, w, h, "training curves")
		}
	}
	b[display.MIMEHTML] = `<div class="nnlib-live">` + body + `</div>`
	return b
}

// figure draws the curves of the frame, one panel per log, the epoch axis
// spanning the whole Fit so that the curves grow from left to right.
func (f *liveFrame) figure() (*Figure, error) {
	fig := &Figure{PanelWidth: f.opts.PanelWidth, PanelHeight: f.opts.PanelHeight, Scale: f.opts.Scale}
	if fig.PanelWidth == 0 && fig.PanelHeight == 0 {
		fig.PanelWidth, fig.PanelHeight = livePanelWidth, livePanelHeight
	}
	for k, n := range f.names {
		ss := []series{{name: n, xs: f.x, ys: f.y[k], color: k}}
		if len(f.valX) > 0 {
			ss = append(ss, series{name: "val_" + n, xs: f.valX, ys: f.valY[k], color: k, dashed: true, dots: true})
		}
		p, err := curvePlot(n, "epoch", "", ss)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		p.X.Min, p.X.Max = 0, float64(f.epochs)
		p.X.Tick.Marker = integerTicks{}
		fig.Plots = append(fig.Plots, p)
	}
	return fig, nil
}
