package display_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/gonn-dev/gonn/display"
)

func TestHandleUpdatesInPlace(t *testing.T) {
	var h1, h2 *display.Handle
	msgs := record(func(d *display.Displayer) {
		h1 = d.NewHandle()
		h2 = d.NewHandle()
		h1.Text("epoch 1")
		h1.HTML("<b>epoch 2</b>")
		h2.Markdown("other")
		h1.Plot(lossPlot([]float64{2, 1}))
		d.Text("not a handle")
	})
	if h1.ID() == "" || h1.ID() == h2.ID() {
		t.Fatalf("ids %q and %q", h1.ID(), h2.ID())
	}
	want := []struct {
		id     string
		update bool
		mime   string
	}{
		{h1.ID(), false, "text/plain"},
		{h1.ID(), true, "text/html"},
		{h2.ID(), false, "text/markdown"},
		{h1.ID(), true, "image/png"},
		{"", false, "text/plain"},
	}
	if len(msgs) != len(want) {
		t.Fatalf("got %d messages, want %d (NewHandle must show nothing)", len(msgs), len(want))
	}
	for i, w := range want {
		m := msgs[i]
		if m.DisplayID != w.id || m.Update != w.update || m.Data[w.mime] == nil || m.Data.Text() == "" {
			t.Errorf("message %d: id %q update %v types %v; want id %q update %v with %s",
				i, m.DisplayID, m.Update, m.Data.MIMETypes(), w.id, w.update, w.mime)
		}
	}
	if size, _ := msgs[3].Metadata["image/png"].(map[string]any); size["width"] != 600 {
		t.Errorf("plot update lost its metadata: %v", msgs[3].Metadata)
	}
}

func TestDisplayIDsDifferAcrossDisplayers(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		id := display.New(nil).NewHandle().ID()
		if seen[id] {
			t.Fatalf("display id %q handed out twice", id)
		}
		seen[id] = true
	}
}

// TestHandleConcurrentUpdates checks that with many goroutines updating one
// Handle, exactly the first message is a display and the rest are updates.
func TestHandleConcurrentUpdates(t *testing.T) {
	var rec display.Recorder
	h := display.New(&rec).NewHandle()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				h.Text(strings.Repeat("x", g*50+i))
			}
		}()
	}
	wg.Wait()
	msgs := rec.Messages()
	if len(msgs) != 400 {
		t.Fatalf("%d messages, want 400", len(msgs))
	}
	for i, m := range msgs {
		if m.Update != (i > 0) || m.DisplayID != h.ID() {
			t.Fatalf("message %d: update %v id %q", i, m.Update, m.DisplayID)
		}
	}
}

func TestClearOutput(t *testing.T) {
	msgs := record(func(d *display.Displayer) {
		d.ClearOutput(true)
		d.Text("redrawn")
		d.ClearOutput(false)
	})
	if len(msgs) != 3 {
		t.Fatalf("got %d messages", len(msgs))
	}
	if !msgs[0].Clear || !msgs[0].Wait || msgs[0].Data != nil {
		t.Errorf("first message %+v, want clear with wait", msgs[0])
	}
	if msgs[1].Clear || msgs[1].Data.Text() != "redrawn" {
		t.Errorf("second message %+v", msgs[1])
	}
	if !msgs[2].Clear || msgs[2].Wait {
		t.Errorf("third message %+v, want clear without wait", msgs[2])
	}
}

func TestProgress(t *testing.T) {
	var p *display.Progress
	msgs := record(func(d *display.Displayer) {
		p = d.NewProgress("epoch 1/5", 1875)
		for i := 1; i <= 1875; i++ {
			p.Set(i)
		}
		p.Add(10) // beyond the total: clamped, nothing new to draw
	})
	// One message per whole percentage, 0% to 100%.
	if len(msgs) != 101 {
		t.Fatalf("%d messages, want 101", len(msgs))
	}
	id := msgs[0].DisplayID
	for i, m := range msgs {
		if m.DisplayID != id || m.Update != (i > 0) {
			t.Fatalf("message %d: id %q update %v", i, m.DisplayID, m.Update)
		}
	}
	first, last := msgs[0].Data, msgs[100].Data
	if first.Text() != "epoch 1/5   0% ░░░░░░░░░░░░░░░░░░░░ 0/1875" {
		t.Errorf("first bar %q", first.Text())
	}
	if last.Text() != "epoch 1/5 100% ████████████████████ 1875/1875" {
		t.Errorf("last bar %q", last.Text())
	}
	if html := last["text/html"].(string); !strings.Contains(html, `<progress value="1875" max="1875"`) {
		t.Errorf("last bar HTML %q", html)
	}
}

func TestProgressAddAndDone(t *testing.T) {
	msgs := record(func(d *display.Displayer) {
		p := d.NewProgress("", 4)
		p.Add(1)
		p.Add(1)
		p.Add(-5) // clamped to 0
		p.Done()
	})
	var got []string
	for _, m := range msgs {
		got = append(got, m.Data.Text()[:4])
	}
	if strings.Join(got, ",") != "  0%, 25%, 50%,  0%,100%" {
		t.Errorf("bars %q", got)
	}
}

func TestProgressInvalidTotal(t *testing.T) {
	msgs := record(func(d *display.Displayer) {
		p := d.NewProgress("x", 0)
		p.Set(3)
		p.Done()
	})
	if len(msgs) != 1 || !strings.Contains(msgs[0].Data.Text(), "display.NewProgress: total 0 steps is not positive") {
		t.Errorf("messages %+v", msgs)
	}
}

func TestTextPublisher(t *testing.T) {
	var buf bytes.Buffer
	d := display.New(display.NewTextPublisher(&buf))
	d.HTML("<p>Accuracy: <b>97.8%</b></p>")
	d.PNG(pngBytes(t, testImage(3, 2)))
	h := d.NewHandle()
	h.Text("step 1\n")
	h.Text("step 2")
	d.ClearOutput(false)
	d.JSON([]int{1})
	want := "Accuracy: 97.8%\n[PNG image 3×2]\nstep 1\nstep 2\n[\n  1\n]\n"
	if buf.String() != want {
		t.Errorf("text output:\n%q\nwant:\n%q", buf.String(), want)
	}
}

func TestNilPublisherDiscards(t *testing.T) {
	d := display.New(nil)
	d.Text("nowhere")
	d.ClearOutput(true)
	d.NewHandle().Plot(lossPlot([]float64{1, 2}))
}

func TestContext(t *testing.T) {
	var rec display.Recorder
	d := display.New(&rec)
	ctx := display.NewContext(context.Background(), d)
	if got := display.FromContext(ctx); got != d {
		t.Errorf("FromContext returned another Displayer")
	}
	display.FromContext(ctx).Text("via context")
	if msgs := rec.Messages(); len(msgs) != 1 || msgs[0].Data.Text() != "via context" {
		t.Errorf("messages %+v", msgs)
	}
	var none context.Context // FromContext documents that nil is accepted
	if display.FromContext(context.Background()) == nil || display.FromContext(none) == nil {
		t.Error("FromContext without a Displayer must return the default")
	}
}

func TestStrings(t *testing.T) {
	d := display.New(nil)
	h := d.NewHandle()
	if got := fmt.Sprint(h); got != "display.Handle "+h.ID() {
		t.Errorf("handle prints as %q", got)
	}
	p := d.NewProgress("train", 10)
	p.Add(3)
	if got := fmt.Sprint(p); got != `display.Progress "train" 3/10` {
		t.Errorf("progress prints as %q", got)
	}
}
