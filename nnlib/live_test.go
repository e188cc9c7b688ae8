package nnlib

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gonn-dev/gonn/display"
)

// slowly is a callback that makes each batch take at least d, so that a
// small Fit lasts long enough for the live display's throttle to matter.
func slowly(d time.Duration) Callback {
	return Callback{OnBatchEnd: func(*Sequential, int, map[string]float64) { time.Sleep(d) }}
}

// checkOneDisplay checks that msgs are one display_data followed by
// updates of it, all with the same display id.
func checkOneDisplay(t *testing.T, msgs []display.Message) {
	t.Helper()
	if len(msgs) < 2 {
		t.Fatalf("%d messages, want a display and its final update", len(msgs))
	}
	id := msgs[0].DisplayID
	if id == "" || msgs[0].Update {
		t.Fatalf("first message: id %q, update %v; want a new display with an id", id, msgs[0].Update)
	}
	for i, m := range msgs[1:] {
		if m.DisplayID != id || !m.Update || m.Clear {
			t.Errorf("message %d: id %q update %v clear %v, want an update of %q", i+1, m.DisplayID, m.Update, m.Clear, id)
		}
	}
}

func TestLiveProgressUpdatesOneDisplay(t *testing.T) {
	var rec display.Recorder
	x, y := blobs(300, 4)
	m := classifier(ModelOptions{})
	const interval = 100 * time.Millisecond
	live := LiveProgress(display.New(&rec), LiveOptions{Interval: interval})
	start := time.Now()
	h, err := m.Fit(x, y, FitOptions{Epochs: 20, BatchSize: 10, ValidationSplit: 0.2, Verbose: VerboseSilent,
		Callbacks: []Callback{slowly(time.Millisecond), live}})
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	msgs := rec.Messages()
	checkOneDisplay(t, msgs)

	// At most one redraw an interval, besides the first display and the
	// last; the training lasts several intervals, so some redraws happen.
	if most := 2 + int(elapsed/interval); len(msgs) > most || len(msgs) < 3 {
		t.Errorf("%d messages in %v, want 3 to %d", len(msgs), elapsed, most)
	}
	t.Logf("%d messages in %v", len(msgs), elapsed)
	if first := msgs[0].Data.Text(); !strings.HasPrefix(first, "Epoch 1/20 starting (24 batches of 10 an epoch)") {
		t.Errorf("first message %q", first)
	}
	for i, msg := range msgs[1 : len(msgs)-1] {
		html, _ := msg.Data[display.MIMEHTML].(string)
		if !strings.Contains(html, `<img src="data:image/png;base64,`) || !strings.Contains(html, "<progress") {
			t.Errorf("update %d has no progress bar and curves: %.200q", i+1, html)
		}
		if _, ok := msg.Data[display.MIMEPNG]; ok {
			t.Errorf("update %d carries image/png besides the HTML", i+1)
		}
	}

	// The last message is the final state: the last epoch, its logs as
	// History has them, and the curves, held once, in the HTML.
	last := msgs[len(msgs)-1].Data
	text := last.Text()
	for _, want := range []string{
		"Epoch 20/20 · batch 24/24",
		"loss " + formatLog(h.Metrics["loss"][19]),
		"accuracy " + formatLog(h.Metrics["accuracy"][19]),
		"val_loss " + formatLog(h.Metrics["val_loss"][19]),
		" · done",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("final text %q lacks %q", text, want)
		}
	}
	if got := last.MIMETypes(); !slices.Equal(got, []string{"text/html", "text/plain"}) {
		t.Errorf("final bundle %v, want the HTML and the line (the PNG once, inside the HTML)", got)
	}
	img := htmlPNG(t, last[display.MIMEHTML].(string))
	if got, want := img.Bounds().Dx(), 2*livePanelWidth*DefaultFigureScale; got != want {
		t.Errorf("final PNG %d pixels wide, want %d (two panels)", got, want)
	}
	checkNotBlank(t, img)
	if html := last[display.MIMEHTML].(string); !strings.Contains(html, `<progress value="480" max="480"`) {
		t.Errorf("final HTML's progress bar is not full: %.200q", html)
	}

	// Nothing is drawn after Fit returns.
	time.Sleep(3 * interval)
	if n := len(rec.Messages()); n != len(msgs) {
		t.Errorf("%d messages after Fit returned, %d when it did", n, len(msgs))
	}
}

// htmlPNG decodes the PNG of the first data: URI image in html.
func htmlPNG(t *testing.T, html string) image.Image {
	t.Helper()
	const prefix = `<img src="data:image/png;base64,`
	_, rest, ok := strings.Cut(html, prefix)
	if !ok {
		t.Fatalf("no PNG in the HTML: %.200q", html)
	}
	enc, _, _ := strings.Cut(rest, `"`)
	return bundlePNG(t, display.Bundle{display.MIMEPNG: enc})
}

// TestLiveFinalStateIsReproducible trains the same seeded model twice,
// at different speeds so that the redraws before the end differ: the
// final display, which a saved notebook keeps, is the same, byte for
// byte; the frames before it show the time elapsed and the time left.
func TestLiveFinalStateIsReproducible(t *testing.T) {
	x, y := blobs(200, 9)
	var finals [2]display.Message
	for i, pause := range []time.Duration{0, 5 * time.Millisecond} {
		var rec display.Recorder
		m := classifier(ModelOptions{Seed: 11})
		_, err := m.Fit(x, y, FitOptions{Epochs: 4, BatchSize: 10, ValidationSplit: 0.25, Verbose: VerboseSilent,
			Callbacks: []Callback{slowly(pause), LiveProgress(display.New(&rec), LiveOptions{Interval: 20 * time.Millisecond})}})
		if err != nil {
			t.Fatal(err)
		}
		msgs := rec.Messages()
		checkOneDisplay(t, msgs)
		finals[i] = msgs[len(msgs)-1]
		if i == 1 {
			if len(msgs) < 3 {
				t.Fatalf("%d messages: no redraw during a slow training", len(msgs))
			}
			if mid := msgs[len(msgs)-2].Data.Text(); !strings.Contains(mid, " elapsed · ETA ") {
				t.Errorf("a frame during training lacks the timings: %q", mid)
			}
		}
	}
	a, b := finals[0], finals[1]
	if !reflect.DeepEqual(a.Data, b.Data) || !reflect.DeepEqual(a.Metadata, b.Metadata) {
		t.Errorf("the final displays of two identical trainings differ:\n%.300q\n%.300q", a.Data.Text(), b.Data.Text())
	}
	if text := a.Data.Text(); regexp.MustCompile(`\d(ms|s)\b`).MatchString(text) {
		t.Errorf("final line %q has a timing", text)
	}
}

// TestLiveCurveMatchesHistory checks the points of the live curves
// against the History: each point is the mean loss of the batches since
// the previous one, so the points of an epoch, weighted by their samples,
// average to the epoch's loss.
func TestLiveCurveMatchesHistory(t *testing.T) {
	x, y := blobs(300, 5)
	m := classifier(ModelOptions{Float64: true})
	var run *liveRun
	probe := Callback{OnTrainEnd: func(m *Sequential, _ *History) {
		for _, r := range m.run.live {
			run = r
		}
	}}
	live := LiveProgress(display.New(nil), LiveOptions{PointsPerEpoch: 5})
	const epochs, batch, nTrain = 4, 10, 240
	h, err := m.Fit(x, y, FitOptions{Epochs: epochs, BatchSize: batch, ValidationSplit: 0.2, Verbose: VerboseSilent,
		Callbacks: []Callback{live, probe}})
	if err != nil {
		t.Fatal(err)
	}
	if run == nil {
		t.Fatal("no live state during the Fit")
	}
	if m.run != nil {
		t.Error("the model keeps its Fit's state after Fit")
	}
	// 24 batches an epoch, a point every 24/5 = 4 batches: 6 an epoch.
	const steps, perEpoch = 24, 6
	if len(run.x) != epochs*perEpoch {
		t.Fatalf("%d points, want %d", len(run.x), epochs*perEpoch)
	}
	for k, name := range []string{"loss", "accuracy"} {
		for e := range epochs {
			sum, prev := 0.0, 0
			for i := e * perEpoch; i < (e+1)*perEpoch; i++ {
				step := int(math.Round((run.x[i] - float64(e)) * steps))
				sum += run.y[k][i] * float64(min(step*batch, nTrain)-prev*batch)
				prev = step
			}
			if got, want := sum/nTrain, h.Metrics[name][e]; math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
				t.Errorf("epoch %d: the %s points average to %.15g, History has %.15g", e+1, name, got, want)
			}
			if got, want := run.valY[k][e], h.Metrics["val_"+name][e]; got != want || run.valX[e] != float64(e+1) {
				t.Errorf("epoch %d: val_%s point (%g, %g), History has %g", e+1, name, run.valX[e], got, want)
			}
		}
	}
}

func TestLiveProgressSaysWhyTrainingStopped(t *testing.T) {
	x, y := blobs(120, 6)
	for _, tt := range []struct {
		name string
		stop func(cancel context.CancelFunc) Callback
		want string
	}{
		{"interrupted", func(cancel context.CancelFunc) Callback {
			return Callback{OnEpochEnd: func(_ *Sequential, epoch int, _ map[string]float64) error {
				if epoch == 2 {
					cancel()
				}
				return nil
			}}
		}, "Training stopped: nnlib: Fit interrupted in epoch 3/5 before batch 1/4"},
		{"callback error", func(context.CancelFunc) Callback {
			return Callback{OnEpochEnd: func(*Sequential, int, map[string]float64) error { return errors.New("disk full") }}
		}, "Training stopped: nnlib: Fit stopped by a callback after epoch 1: disk full"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var rec display.Recorder
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			m := classifier(ModelOptions{})
			_, err := m.Fit(x, y, FitOptions{Epochs: 5, Verbose: VerboseSilent, Context: ctx,
				Callbacks: []Callback{LiveProgress(display.New(&rec), LiveOptions{}), tt.stop(cancel)}})
			if err == nil {
				t.Fatal("Fit did not fail")
			}
			msgs := rec.Messages()
			checkOneDisplay(t, msgs)
			last := msgs[len(msgs)-1].Data
			if !strings.Contains(last.Text(), tt.want) {
				t.Errorf("last text %q lacks %q", last.Text(), tt.want)
			}
			if html := last[display.MIMEHTML].(string); !strings.Contains(html, `<span style="color:#d62728">Training stopped: `) {
				t.Errorf("last HTML does not say training stopped: %.300q", html)
			}
		})
	}
}

// TestVerboseLive trains with Verbose: VerboseLive, from FitOptions and
// from the Environment, as the gonn kernel sets it: the progress goes to
// the Displayer in the Fit's context and no text is written.
func TestVerboseLive(t *testing.T) {
	x, y := blobs(90, 7)
	for _, fromEnv := range []bool{false, true} {
		var rec display.Recorder
		var text bytes.Buffer
		ctx := display.NewContext(context.Background(), display.New(&rec))
		m := classifier(ModelOptions{})
		opts := FitOptions{Epochs: 2, Progress: &text}
		if fromEnv {
			m.SetEnvironment(Environment{Context: func() context.Context { return ctx }, Verbose: VerboseLive})
		} else {
			opts.Context, opts.Verbose = ctx, VerboseLive
		}
		if _, err := m.Fit(x, y, opts); err != nil {
			t.Fatal(err)
		}
		msgs := rec.Messages()
		checkOneDisplay(t, msgs)
		if !strings.Contains(msgs[len(msgs)-1].Data.Text(), "Epoch 2/2 · batch 3/3") {
			t.Errorf("environment %v: last text %q", fromEnv, msgs[len(msgs)-1].Data.Text())
		}
		if text.Len() > 0 {
			t.Errorf("environment %v: text progress %q besides the live display", fromEnv, text.String())
		}
	}
}

// TestLiveProgressSharedByModels gives one callback to two models that
// train at the same time: each Fit has its own display.
func TestLiveProgressSharedByModels(t *testing.T) {
	var rec display.Recorder
	live := LiveProgress(display.New(&rec), LiveOptions{Interval: time.Millisecond, NoPlot: true})
	x, y := blobs(150, 8)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 {
		m := classifier(ModelOptions{Seed: uint64(i)})
		m.SetEnvironment(Environment{Callbacks: []Callback{live}})
		wg.Go(func() {
			_, errs[i] = m.Fit(x, y, FitOptions{Epochs: 3 + i, BatchSize: 5, Verbose: VerboseSilent,
				Callbacks: []Callback{slowly(100 * time.Microsecond)}})
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	byID := map[string][]display.Message{}
	var order []string
	for _, msg := range rec.Messages() {
		if _, ok := byID[msg.DisplayID]; !ok {
			order = append(order, msg.DisplayID)
		}
		byID[msg.DisplayID] = append(byID[msg.DisplayID], msg)
		if strings.Contains(msg.Data[display.MIMEHTML].(string), "<img") {
			t.Error("NoPlot, yet a plot")
		}
	}
	if len(order) != 2 {
		t.Fatalf("%d displays, want one per model", len(order))
	}
	var finals []string
	for _, id := range order {
		msgs := byID[id]
		checkOneDisplay(t, msgs)
		finals = append(finals, msgs[len(msgs)-1].Data.Text())
	}
	joined := strings.Join(finals, "\n")
	for _, want := range []string{"Epoch 3/3 · batch 30/30", "Epoch 4/4 · batch 30/30"} {
		if !strings.Contains(joined, want) {
			t.Errorf("final lines %q lack %q", joined, want)
		}
	}
}

// BenchmarkLiveOverhead trains the seed model on MNIST as the lessons do
// (5 epochs, batch 32), with text progress off, and with the live display
// (through a Recorder) redrawing every 500 ms; compare the two times per
// Fit. cpu-s/op is the process's CPU time, drawing included (it runs on
// its own goroutine).
func BenchmarkLiveOverhead(b *testing.B) {
	d, err := LoadMNIST()
	if err != nil {
		b.Skipf("MNIST: %v", err)
	}
	for _, live := range []bool{false, true} {
		b.Run(fmt.Sprintf("live=%v", live), func(b *testing.B) {
			var rec display.Recorder
			cpu := cpuTime()
			for b.Loop() {
				m := NewSequential(Flatten(), Dense(128, "relu"), Dense(10, "softmax"))
				if err := m.Compile(Adam(0.001), "sparse_categorical_crossentropy", "accuracy"); err != nil {
					b.Fatal(err)
				}
				opts := FitOptions{Epochs: 5, Verbose: VerboseSilent}
				if live {
					opts.Callbacks = []Callback{LiveProgress(display.New(&rec), LiveOptions{})}
				}
				if _, err := m.Fit(d.TrainImages, d.TrainLabels, opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
			if msgs := rec.Messages(); len(msgs) > 0 {
				size := 0
				for _, msg := range msgs {
					size += len(msg.Data[display.MIMEHTML].(string))
				}
				b.ReportMetric(float64(len(msgs))/float64(b.N), "updates/op")
				b.ReportMetric(float64(size)/float64(len(msgs)), "htmlbytes/update")
			}
		})
	}
}

// cpuTime returns the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLiveFrame draws one frame of the live display at the end of a
// five-epoch MNIST Fit: the progress line and two panels of 250 points.
func BenchmarkLiveFrame(b *testing.B) {
	f := &liveFrame{line: "Epoch 5/5", lineHTML: "Epoch 5/5", epochs: 5, names: []string{"loss", "accuracy"},
		y: make([][]float64, 2), valY: make([][]float64, 2), opts: LiveOptions{}}
	for i := range 250 {
		x := float64(i+1) / 50
		f.x = append(f.x, x)
		f.y[0] = append(f.y[0], 0.05+0.3*math.Exp(-x)+0.01*math.Sin(float64(i)))
		f.y[1] = append(f.y[1], 0.99-0.1*math.Exp(-x)+0.005*math.Sin(float64(i)))
	}
	var size int
	for b.Loop() {
		size = len(f.bundle()[display.MIMEHTML].(string))
	}
	b.ReportMetric(float64(size), "htmlbytes")
}

// BenchmarkHistoryRender draws the curves of the seed model's five-epoch
// MNIST History, as a notebook shows the History (display.Render: loss and
// accuracy panels, PNG and HTML), and reports the PNG's size.
func BenchmarkHistoryRender(b *testing.B) {
	d, err := LoadMNIST()
	if err != nil {
		b.Skipf("MNIST: %v", err)
	}
	m := NewSequential(Flatten(), Dense(128, "relu"), Dense(10, "softmax"))
	if err := m.Compile(Adam(0.001), "sparse_categorical_crossentropy", "accuracy"); err != nil {
		b.Fatal(err)
	}
	h, err := m.Fit(d.TrainImages, d.TrainLabels, FitOptions{Epochs: 5, Verbose: VerboseSilent,
		ValidationX: d.TestImages, ValidationY: d.TestLabels}) // as the MNIST notebook trains it
	if err != nil {
		b.Fatal(err)
	}
	var size int
	for b.Loop() {
		bundle, _, _ := display.Render(h)
		data, err := bundle.Binary(display.MIMEPNG)
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.ReportMetric(float64(size), "pngbytes")
}
