package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// Interface checks: the protocol layer finds these by type assertion.
var (
	_ lang.Interpreter         = (*Engine)(nil)
	_ lang.Completer           = (*Engine)(nil)
	_ lang.Inspector           = (*Engine)(nil)
	_ lang.CompletenessChecker = (*Engine)(nil)
)

// TestAssist checks completion and inspection of what cells defined, and
// that they answer while a cell runs.
func TestAssist(t *testing.T) {
	g := newGate()
	s := newGatedSession(t, g)
	s.ok("// Point is a point.\ntype Point struct{ X, Y float64 }\n// Square returns x times x.\nfunc Square(x float64) float64 { return x * x }\n// Norm is the distance to the origin.\nfunc (p Point) Norm() float64 { return math.Hypot(p.X, p.Y) }\nsquares := []int{1, 4, 9}")

	done := make(chan lang.Result)
	go func() {
		res, _ := s.run("import \"gonn.test/gate\"\ngate.Wait()")
		done <- res
	}()
	<-g.entered

	c := s.e.Complete("Squ", 3)
	if !contains(c.Matches, "Square") {
		t.Errorf("completing Squ: %v", c.Matches)
	}
	code := "var p Point\np.N"
	if c := s.e.Complete(code, len(code)); !contains(c.Matches, "Norm") {
		t.Errorf("completing p.N: %v", c.Matches)
	}
	if c := s.e.Complete("squares[0].", 11); len(c.Matches) != 0 {
		t.Logf("completing an int: %v", c.Matches)
	}
	in := s.e.Inspect("Square(2)", 3, 0)
	if text := fmt.Sprint(in.Data["text/plain"]); !in.Found || !strings.Contains(text, "Square returns x times x") || strings.Contains(text, "_.go") {
		t.Errorf("inspecting Square: %v %q", in.Found, text)
	}
	if src, _ := (scope{s.e}).Source("Point"); src != "// Point is a point.\ntype Point struct{ X, Y float64 }" {
		t.Errorf("source of Point: %q", src)
	}
	if src, _ := (scope{s.e}).Source("Point.Norm"); !strings.HasPrefix(src, "// Norm is the distance") {
		t.Errorf("source of Point.Norm: %q", src)
	}
	if got := s.e.IsComplete("func f() {").Status; got != "incomplete" {
		t.Errorf("IsComplete(func f() {) = %s", got)
	}
	g.open()
	if res := <-done; res.Error != nil || res.Data["text/plain"] != "true" {
		t.Errorf("the waiting cell: %v %v", res.Data, res.Error)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestConstants checks how inspection (Shift+Tab), %ls and %who describe
// constants: an untyped constant, which the interpreter keeps as a
// go/constant value, by its value and kind, as Go would write it.
func TestConstants(t *testing.T) {
	s := newTestSession(t)
	s.ok("const c = 3\nconst f = 2.5\nconst str = \"hi\"\nconst big = 1 << 100\nconst cx = 2i\n" +
		"const typed int64 = 7\nconst d = time.Second\nconst (\n\tA = iota\n\tB\n)")
	cases := []struct{ name, decl, who string }{
		{"c", "const c = 3 (untyped int)", "untyped int"},
		{"f", "const f = 2.5 (untyped float)", "untyped float"},
		{"str", `const str = "hi" (untyped string)`, "untyped string"},
		{"big", "const big = 1267650600228229401496703205376 (untyped int)", "untyped int"},
		{"cx", "const cx = (0 + 2i) (untyped complex)", "untyped complex"},
		{"typed", "const typed int64 = 7", "int64"},
		{"d", "const d time.Duration = 1s", "time.Duration"},
		{"B", "const B = 1 (untyped int)", "untyped int"},
	}
	for _, c := range cases {
		in := s.e.Inspect(c.name, len(c.name), 0)
		text, _ := in.Data["text/plain"].(string)
		if first, _, _ := strings.Cut(text, "\n"); !in.Found || first != c.decl {
			t.Errorf("inspecting %s: %q, want it to start with %q", c.name, text, c.decl)
		}
		if strings.Contains(text, "constant.") {
			t.Errorf("inspecting %s shows go/constant's types: %q", c.name, text)
		}
		_, out := s.ok("%ls " + c.name)
		if want := "In[1]  " + c.decl + "\n"; out.text("stdout") != want {
			t.Errorf("%%ls %s = %q, want %q", c.name, out.text("stdout"), want)
		}
		_, out = s.ok("%who " + c.name)
		if !strings.HasSuffix(out.text("stdout"), "constant  "+c.who+"\n") {
			t.Errorf("%%who %s = %q, want type %q", c.name, out.text("stdout"), c.who)
		}
	}
}
