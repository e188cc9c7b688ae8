package engine

import (
	"bytes"
	"context"
	"encoding/base64"
	"image/png"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// trainedHistory is a cell that trains a small model for three epochs,
// silently, leaving its History in h.
const trainedHistory = `m := nnlib.NewSequentialWith(nnlib.ModelOptions{Seed: 3}, nnlib.Input(2), nnlib.Dense(8, "tanh"), nnlib.Dense(2, "softmax"))
m.Compile(nnlib.Adam(0.01), "sparse_categorical_crossentropy", "accuracy")
x := [][]float64{{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0.1, 0.9}, {0.9, 0.1}, {0.2, 0.1}, {0.8, 0.9}}
y := []int{0, 1, 1, 0, 1, 1, 0, 0}
h, err := m.Fit(x, y, nnlib.FitOptions{Epochs: 3, BatchSize: 4, Verbose: nnlib.VerboseSilent})
if err != nil {
	panic(err)
}`

// TestTrailingValueAndError checks a trailing call whose last result is an
// error: a nil error is left out and the other results shown as if alone;
// a non-nil error fails the cell with its text.
func TestTrailingValueAndError(t *testing.T) {
	s := newTestSession(t)
	s.ok(trainedHistory)
	s.ok(`type myErr struct{ why string }
func (e myErr) Error() string { return "mine: " + e.why }
func three(fail bool) (int, string, error) {
	if fail {
		return 0, "", myErr{"three"}
	}
	return 1, "a", nil
}
func anyNil() (int, any) { return 4, nil }`)

	values := []struct {
		code, mime, text string
	}{
		{`strconv.Atoi("12")`, "text/plain", "12"},
		{`three(false)`, "text/plain", `1, "a"`},
		{`anyNil()`, "text/plain", "4"}, // a nil interface reads as a nil error
		{`os.ReadFile(os.DevNull)`, "text/plain", "[]"},
		{`nnlib.LossCurves(h)`, "image/png", `[plot "loss" 600×400]`},
		{`nnlib.TrainingCurves(h)`, "image/png", `Figure 840×280 ["loss", "accuracy"]`},
		{`nnlib.ConfusionMatrix([]int{0, 1}, []int{0, 1}, 2)`, "text/html", ""},
	}
	for _, c := range values {
		res, _ := s.run(c.code)
		if res.Error != nil {
			t.Errorf("%s: %s: %s", c.code, res.Error.EName, res.Error.EValue)
			continue
		}
		if _, ok := res.Data[c.mime]; !ok {
			t.Errorf("%s: bundle %v has no %s", c.code, keys(res.Data), c.mime)
		}
		if text, _ := res.Data["text/plain"].(string); c.text != "" && text != c.text {
			t.Errorf("%s: text/plain %q, want %q", c.code, text, c.text)
		}
	}

	errs := []struct{ code, evalue string }{
		{`strconv.Atoi("x")`, `strconv.Atoi: parsing "x": invalid syntax`},
		{`three(true)`, "mine: three"},
		{`nnlib.LossCurves(nil)`, "nnlib: LossCurves: the history is nil"},
		{`nnlib.LossCurves(h, "mae")`, `nnlib: LossCurves: the history has no "mae" (it has "accuracy", "loss")`},
		{`os.Open("/no/such/file")`, "open /no/such/file: no such file or directory"},
	}
	for _, c := range errs {
		le, out := s.fails(c.code)
		if le.EName != "error" || !strings.Contains(le.EValue, c.evalue) {
			t.Errorf("%s: error %s: %q, want error: %q", c.code, le.EName, le.EValue, c.evalue)
		}
		if len(le.Traceback) == 0 || !strings.Contains(le.Traceback[0], le.EValue) {
			t.Errorf("%s: traceback %q does not show the error", c.code, le.Traceback)
		}
		if len(out.displays) > 0 || out.text("stdout") != "" {
			t.Errorf("%s: output besides the error: %v %q", c.code, out.displays, out.text("stdout"))
		}
	}

	// The session goes on.
	if got, _ := s.ok("1 + 1"); got != "2" {
		t.Errorf("after the errors: %q", got)
	}
}

// brokenErr is an error whose Error method panics on a nil pointer.
type brokenErr struct{ msg string }

func (e *brokenErr) Error() string { return e.msg }

// TestErrorTextOfABrokenError checks that an error whose Error method
// panics is still reported, by its type. (yaegi turns a nil pointer
// returned as an error into a nil error, so cells cannot make one.)
func TestErrorTextOfABrokenError(t *testing.T) {
	vals, err := splitError([]any{1, (*brokenErr)(nil)})
	if vals != nil || err == nil {
		t.Fatalf("splitError: %v, %v", vals, err)
	}
	le := returnedError(err)
	if le.EName != "error" || !strings.HasPrefix(le.EValue, "*engine.brokenErr whose Error method panicked: ") {
		t.Errorf("%s: %q", le.EName, le.EValue)
	}
}

// TestPictureResultMetadata checks that a picture left as a cell's value
// is one image/png, with its CSS size in the metadata (half its pixels),
// and that a type declared in a cell can give metadata too.
func TestPictureResultMetadata(t *testing.T) {
	s := newTestSession(t)
	s.ok(trainedHistory)
	res, _ := s.run("h")
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	if got := strings.Join(slices.Sorted(maps.Keys(res.Data)), " "); got != "image/png text/plain" {
		t.Errorf("a History shows as %s, want image/png and text/plain only", got)
	}
	size, _ := res.Metadata["image/png"].(map[string]any)
	if size["width"] != 840 || size["height"] != 280 {
		t.Errorf("metadata %v, want the PNG at 840×280", res.Metadata)
	}
	if w := pngWidth(t, res.Data["image/png"]); w != 1680 {
		t.Errorf("PNG %d pixels wide, want 1680 (two CSS pixels each)", w)
	}

	s.ok(`type badge struct{ n int }
func (b badge) MIMEBundle() map[string]any { return map[string]any{"text/html": "<b>badge</b>"} }
func (b badge) MIMEMetadata() map[string]any { return map[string]any{"text/html": map[string]any{"n": b.n}} }`)
	res, _ = s.run("badge{7}")
	if html, _ := res.Metadata["text/html"].(map[string]any); res.Error != nil || html["n"] != 7 {
		t.Errorf("metadata of a cell's type: %v (error %v)", res.Metadata, res.Error)
	}
	_, out := s.ok("display.Show(badge{8})")
	if len(out.displays) != 1 {
		t.Fatalf("%d displays", len(out.displays))
	}
	if html, _ := out.displays[0].Metadata["text/html"].(map[string]any); html["n"] != 8 {
		t.Errorf("display.Show metadata %v", out.displays[0].Metadata)
	}
}

// TestUserExpressionError checks that a user expression returning a
// non-nil error reports it as an error, and a nil one is left out.
func TestUserExpressionError(t *testing.T) {
	s := newTestSession(t)
	res := s.e.Execute(context.Background(), lang.ExecuteRequest{Code: "n := 1", ExecutionCount: 1, UserExpressions: map[string]string{
		"bad": `strconv.Atoi("x")`, "good": `strconv.Atoi("5")`,
	}}, &recorder{})
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	bad, _ := res.UserExpressions["bad"].(map[string]any)
	if bad["status"] != "error" || bad["ename"] != "error" || !strings.Contains(bad["evalue"].(string), "invalid syntax") {
		t.Errorf("bad: %v", bad)
	}
	good, _ := res.UserExpressions["good"].(map[string]any)
	if data, _ := good["data"].(map[string]any); good["status"] != "ok" || data["text/plain"] != "5" {
		t.Errorf("good: %v", good)
	}
}

// TestLiveTrainingByDefault checks that a Fit in a cell, Verbose left
// alone, shows its progress as one display updated in place — the
// progress line and the curves — and writes no progress text; a Fit that
// asks for text progress still gets it on stdout.
func TestLiveTrainingByDefault(t *testing.T) {
	s := newTestSession(t)
	s.ok(strings.Replace(trainedHistory, "Epochs: 3, BatchSize: 4, Verbose: nnlib.VerboseSilent", "Epochs: 1, Verbose: nnlib.VerboseSilent", 1))
	_, out := s.ok(`h, err = m.Fit(x, y, nnlib.FitOptions{Epochs: 4, BatchSize: 2})
err`)
	if text := out.text("stdout"); text != "" {
		t.Errorf("progress text on stdout: %q", text)
	}
	if len(out.displays) < 2 {
		t.Fatalf("%d displays, want a display and its updates", len(out.displays))
	}
	first := out.displays[0]
	if first.DisplayID == "" || first.Update {
		t.Errorf("first display: id %q update %v", first.DisplayID, first.Update)
	}
	for i, d := range out.displays[1:] {
		if !d.Update || d.DisplayID != first.DisplayID {
			t.Errorf("display %d: id %q update %v, want an update of %q", i+2, d.DisplayID, d.Update, first.DisplayID)
		}
	}
	last := out.displays[len(out.displays)-1].Data
	text, _ := last["text/plain"].(string)
	html, _ := last["text/html"].(string)
	if !strings.HasPrefix(text, "Epoch 4/4 · batch 4/4 · ") || !strings.HasSuffix(text, " · done") {
		t.Errorf("final line %q", text)
	}
	if !strings.Contains(html, `<img src="data:image/png;base64,`) {
		t.Errorf("final HTML has no curves: %.200q", html)
	}

	_, out = s.ok(`h, err = m.Fit(x, y, nnlib.FitOptions{Epochs: 2, BatchSize: 4, Verbose: nnlib.VerboseEpoch})`)
	if text := out.text("stdout"); !strings.Contains(text, "Epoch 2/2") || len(out.displays) > 0 {
		t.Errorf("VerboseEpoch: stdout %q, %d displays", text, len(out.displays))
	}
}

// pngWidth decodes the width of a base64 PNG entry.
func pngWidth(t *testing.T, entry any) int {
	t.Helper()
	s, _ := entry.(string)
	data, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Width
}
