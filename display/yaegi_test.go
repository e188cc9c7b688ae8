package display_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/gonn-dev/gonn/display"
	"github.com/gonn-dev/gonn/kernel/engine/symbols"
)

// Symbols are the kernel's own generated yaegi tables, so these tests see
// the package exactly as notebook cells do.
var Symbols = symbols.Symbols

const symbolsKey = "github.com/gonn-dev/gonn/display/display"

// pureFunctions are the package-level functions that do not display
// anything and so have no Displayer method.
var pureFunctions = []string{
	"Bindings", "FromContext", "New", "NewContext", "NewTextPublisher",
	"Render", "RenderPlot", "RendererTypes",
}

// TestBindingsMatchPackageFunctions checks the contract a kernel relies on:
// every package-level display function has a *Displayer method of the same
// name and type, and the other way round.
func TestBindingsMatchPackageFunctions(t *testing.T) {
	bindings := display.Bindings(display.New(nil))
	var funcs []string
	for name, v := range Symbols[symbolsKey] {
		if v.Kind() == reflect.Func && !slices.Contains(pureFunctions, name) {
			funcs = append(funcs, name)
			m, ok := bindings[name]
			if !ok {
				t.Errorf("display.%s has no Displayer method", name)
				continue
			}
			if m.Type() != v.Type() {
				t.Errorf("display.%s is %v but Displayer.%s is %v", name, v.Type(), name, m.Type())
			}
		}
	}
	for name := range bindings {
		if !slices.Contains(funcs, name) {
			t.Errorf("Displayer.%s has no package-level function", name)
		}
	}
	if len(funcs) < 18 {
		t.Errorf("only %d display functions found: %v", len(funcs), funcs)
	}
}

// newInterpreter returns a yaegi interpreter set up the way a kernel sets
// one up: package display imported, its functions bound to d, and the
// functions that take any registered with the rendering interfaces so that
// interpreted values keep their methods.
func newInterpreter(t *testing.T, d *display.Displayer) *interp.Interpreter {
	t.Helper()
	i := interp.New(interp.Options{})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	pkg := map[string]reflect.Value{}
	for name, v := range Symbols[symbolsKey] {
		pkg[name] = v
	}
	for name, v := range display.Bindings(d) {
		pkg[name] = v
	}
	mapTypes := map[reflect.Value][]reflect.Type{
		pkg["Show"]:   display.RendererTypes(),
		pkg["Render"]: display.RendererTypes(),
	}
	if err := i.Use(interp.Exports{symbolsKey: pkg, ".": {"MapTypes": reflect.ValueOf(mapTypes)}}); err != nil {
		t.Fatal(err)
	}
	eval(t, i, `import "github.com/gonn-dev/gonn/display"`)
	return i
}

func eval(t *testing.T, i *interp.Interpreter, src string) reflect.Value {
	t.Helper()
	v, err := i.Eval(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return v
}

// TestInterpretedCells runs display calls as notebook cells would, in a
// real yaegi interpreter, and checks what reached the kernel's Displayer.
func TestInterpretedCells(t *testing.T) {
	var rec display.Recorder
	i := newInterpreter(t, display.New(&rec))

	eval(t, i, `display.Markdown("# Hello")`)
	eval(t, i, `h := display.NewHandle()`)
	eval(t, i, `h.Text("epoch 1")`)
	eval(t, i, `h.Text("epoch 2")`)
	eval(t, i, `display.ClearOutput(true)`)
	eval(t, i, `display.JSON(map[string]int{"epochs": 5})`)

	// A type declared in a cell, with a rendering method.
	eval(t, i, `import "strconv"`)
	eval(t, i, `type Accuracy struct{ Pct float64 }`)
	eval(t, i, `func (a Accuracy) HTML() string { return "<b>" + strconv.FormatFloat(a.Pct, 'f', 1, 64) + "%</b>" }`)
	eval(t, i, `display.Show(Accuracy{97.8})`)
	if got := eval(t, i, `b, _, ok := display.Render(Accuracy{12.5}); ok && b["text/html"] == "<b>12.5%</b>"`); !got.Bool() {
		t.Error("Render did not see the interpreted HTML method")
	}

	msgs := rec.Messages()
	if len(msgs) != 6 {
		t.Fatalf("%d messages: %+v", len(msgs), msgs)
	}
	if msgs[0].Data["text/markdown"] != "# Hello" {
		t.Errorf("markdown message %+v", msgs[0])
	}
	if msgs[1].DisplayID == "" || msgs[1].Update || msgs[2].DisplayID != msgs[1].DisplayID || !msgs[2].Update ||
		msgs[2].Data.Text() != "epoch 2" {
		t.Errorf("handle messages %+v / %+v", msgs[1], msgs[2])
	}
	if !msgs[3].Clear || !msgs[3].Wait {
		t.Errorf("clear message %+v", msgs[3])
	}
	if !strings.Contains(msgs[4].Data.Text(), `"epochs": 5`) {
		t.Errorf("JSON message %+v", msgs[4])
	}
	if msgs[5].Data["text/html"] != "<b>97.8%</b>" || msgs[5].Data.Text() != "97.8%" {
		t.Errorf("interpreted HTMLer shown as %v", msgs[5].Data)
	}
}

// TestInterpretedMetadata checks that a type declared in a cell with
// MIMEBundle and MIMEMetadata keeps both methods on its way to Show and
// Render, so that its metadata reaches the kernel.
func TestInterpretedMetadata(t *testing.T) {
	var rec display.Recorder
	i := newInterpreter(t, display.New(&rec))
	eval(t, i, `type Badge struct{ W int }`)
	eval(t, i, `func (b Badge) MIMEBundle() map[string]any { return map[string]any{"text/html": "<span>badge</span>"} }`)
	eval(t, i, `func (b Badge) MIMEMetadata() map[string]any { return map[string]any{"text/html": map[string]any{"isolated": true, "w": b.W}} }`)
	eval(t, i, `display.Show(Badge{7})`)
	if got := eval(t, i, `_, meta, ok := display.Render(Badge{8}); ok && meta["text/html"].(map[string]any)["w"] == 8`); !got.Bool() {
		t.Error("Render did not see the interpreted MIMEMetadata method")
	}
	msgs := rec.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages: %+v", len(msgs), msgs)
	}
	html, _ := msgs[0].Metadata["text/html"].(map[string]any)
	if msgs[0].Data["text/html"] != "<span>badge</span>" || html["isolated"] != true || html["w"] != 7 {
		t.Errorf("interpreted MetadataBundler shown as %v with metadata %v", msgs[0].Data, msgs[0].Metadata)
	}
}

// TestTwoInterpreters checks that two kernels in one process, each with
// its own Displayer, never see each other's output.
func TestTwoInterpreters(t *testing.T) {
	var a, b display.Recorder
	ia := newInterpreter(t, display.New(&a))
	ib := newInterpreter(t, display.New(&b))
	eval(t, ia, `display.Text("to a")`)
	eval(t, ib, `display.Text("to b")`)
	eval(t, ia, `display.NewHandle().Text("handle a")`)
	if ma, mb := a.Messages(), b.Messages(); len(ma) != 2 || len(mb) != 1 ||
		ma[0].Data.Text() != "to a" || mb[0].Data.Text() != "to b" || ma[1].Data.Text() != "handle a" {
		t.Errorf("a got %+v, b got %+v", ma, mb)
	}
}
