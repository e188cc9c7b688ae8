package engine

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestDisplay checks that display's functions in a cell reach the cell's
// Output, in order with its streams, and that display ids update.
func TestDisplay(t *testing.T) {
	s := newTestSession(t)
	_, out := s.ok("fmt.Println(\"before\")\ndisplay.Markdown(\"# Title\")\nh := display.NewHandle()\nh.Text(\"one\")\nh.Text(\"two\")")
	if len(out.displays) != 3 {
		t.Fatalf("got %d displays, want 3: %+v", len(out.displays), out.displays)
	}
	if md := out.displays[0].Data["text/markdown"]; md != "# Title" {
		t.Errorf("markdown bundle %v", out.displays[0].Data)
	}
	first, second := out.displays[1], out.displays[2]
	if first.DisplayID == "" || first.Update || !second.Update || second.DisplayID != first.DisplayID {
		t.Errorf("handle displays: %+v then %+v", first, second)
	}
	if second.Data["text/plain"] != "two" {
		t.Errorf("update %v", second.Data)
	}
	if out.text("stdout") != "before\n" || out.order[0] != "stream" {
		t.Errorf("stdout %q, order %v: the line printed before the displays must come first", out.text("stdout"), out.order)
	}
}

// TestRichResults checks the MIME bundles of trailing values that can
// render themselves.
func TestRichResults(t *testing.T) {
	s := newTestSession(t)
	cases := []struct {
		code string
		mime string
		has  string // substring of that entry, if not empty
	}{
		{"p := plot.New()\nl, _ := plotter.NewLine(plotter.XYs{{0, 0}, {1, 1}})\np.Add(l)\np", "image/png", ""},
		{"img := image.NewRGBA(image.Rect(0, 0, 4, 4))\nimg", "image/png", ""},
		{"mat.NewDense(2, 2, []float64{1, 2, 3, 4})", "text/plain", "3"},
		{"type page struct{}\nfunc (page) HTML() string { return \"<b>bold</b>\" }\npage{}", "text/html", "<b>bold</b>"},
		{"type word string\nfunc (w word) String() string { return \"word:\" + string(w) }\nword(\"x\")", "text/plain", "word:x"},
	}
	for _, c := range cases {
		res, _ := s.run(c.code)
		if res.Error != nil {
			t.Errorf("%q: %v", c.code, res.Error)
			continue
		}
		v, ok := res.Data[c.mime].(string)
		if !ok || !strings.Contains(v, c.has) {
			t.Errorf("%q: bundle %v lacks %s %q", c.code, keys(res.Data), c.mime, c.has)
		}
	}
}

func keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// TestTrainingInterrupt checks that nnlib's Fit, compiled code, stops when
// the cell is interrupted, keeps what it trained, and shows its progress
// in the cell's output (live, see TestLiveTrainingByDefault).
func TestTrainingInterrupt(t *testing.T) {
	skipUnderRace(t)
	s := newTestSession(t)
	s.ok(`m := nnlib.NewSequential(nnlib.Input(1), nnlib.Dense(64, "relu"), nnlib.Dense(1, ""))
m.Compile(nnlib.SGD(0.001), "mse")
x := make([]float64, 4096)
y := make([]float64, 4096)
for i := range x {
	x[i] = float64(i) / 4096
	y[i] = 2 * x[i]
}`)
	_, out := s.ok("h, err := m.Fit(x, y, nnlib.FitOptions{Epochs: 1, BatchSize: 64})\nerr")
	if n := len(out.displays); n < 2 || !strings.Contains(out.displays[n-1].Data["text/plain"].(string), "loss") {
		t.Errorf("no live progress in the displays: %+v", out.displays)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(300 * time.Millisecond)
		cancel()
	}()
	start := time.Now()
	res, _ := s.runCtx(ctx, "h, err = m.Fit(x, y, nnlib.FitOptions{Epochs: 1000000, BatchSize: 64, Verbose: nnlib.VerboseSilent})")
	t.Logf("Fit returned %v after the start, error %v", time.Since(start), res.Error)
	if res.Error == nil {
		t.Fatal("Fit was not interrupted")
	}
	if got, _ := s.ok("1 + 1"); got != "2" {
		t.Errorf("next cell: %q", got)
	}
	res, _ = s.run("len(h.Metrics[\"loss\"]) >= 0")
	if res.Error != nil {
		t.Errorf("after the interrupt: %v", res.Error)
	}
}
