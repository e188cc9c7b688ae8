package engine

import (
	"strings"
	"testing"
)

// TestErrorPositions checks that every kind of failure names the cell's
// own line and column, is reported once (not also on stderr), and leaves
// the engine working.
func TestErrorPositions(t *testing.T) {
	cases := []struct {
		name  string
		setup string // an earlier cell, if any
		code  string
		ename string
		value string // prefix of EValue
		// stderr is what the cell itself wrote there; the error must not
		// be reported on stderr too.
		stderr string
	}{
		{"syntax error", "", "x := 1\ny := (2 +\n", "SyntaxError", "2:10: expected operand", ""},
		{"undefined name", "", "a := 1\nb := a + nope", "CompileError", "2:10: undefined: nope", ""},
		{"type mismatch", "", "var n int\nn = \"s\"", "CompileError", "2:5: cannot convert", ""},
		{"undefined in a function", "", "func f() int {\n\treturn g()\n}", "CompileError", "2:9: undefined: g", ""},
		{"panic", "", "x := 1\npanic(\"boom\")", "panic", "2:1: boom", ""},
		{"panic in a function", "", "func inner() { panic(\"deep\") }\nfunc outer() { inner() }\nouter()", "panic", "1:16: deep", ""},
		{"panic in an earlier cell's function", "func explode(n int) int {\n\treturn 10 / n\n}", "explode(0)", "panic", "In[1] 2:9: runtime error: integer divide by zero", ""},
		{"nil map", "", "var m map[string]int\nm[\"k\"] = 1", "panic", "2:1: assignment to entry in nil map", ""},
		{"index out of range", "", "s := []int{1}\ni := 3\ns[i]", "panic", "3:1: ", ""},
		{"nil pointer", "", "type T struct{ X int }\nvar p *T\np.X", "panic", "3:1: ", ""},
		{"log.Fatal", "", "log.Fatal(\"fatal\")", "Exit", "log.Fatal called os.Exit(1)", "fatal\n"},
		{"os.Exit", "", "os.Exit(3)", "Exit", "os.Exit(3) was called", ""},
		{"unknown package", "", "import \"no/such/pkg\"", "CompileError", "1:8: ", ""},
		{"function used as a type", "", "func A() A", "CompileError", "1:10: A is not a type", ""},
		{"variable used as a type", "v := 1", "type S struct{ f v }", "CompileError", "1:18: v is not a type", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newTestSession(t)
			if c.setup != "" {
				s.ok(c.setup)
			}
			e, out := s.fails(c.code)
			if e.EName != c.ename || !strings.HasPrefix(e.EValue, c.value) {
				t.Errorf("got %s: %q, want %s: %q…", e.EName, e.EValue, c.ename, c.value)
			}
			if len(e.Traceback) == 0 {
				t.Error("empty traceback")
			}
			if got := out.text("stderr"); !strings.HasSuffix(got, c.stderr) || c.stderr == "" && got != "" {
				t.Errorf("stderr %q, want %q: the error must be reported once, in the traceback", got, c.stderr)
			}
			if got, _ := s.ok("40 + 2"); got != "42" {
				t.Errorf("next cell gave %q", got)
			}
		})
	}
}

// TestTraceback checks the traceback of a panic: the calls, innermost
// first, each with its cell position, and the line of the panic.
func TestTraceback(t *testing.T) {
	s := newTestSession(t)
	s.ok("func inner() {\n\tvar m map[int]int\n\tm[1] = 2\n}")
	e, _ := s.fails("func outer() {\n\tinner()\n}\nouter()")
	tb := strings.Join(e.Traceback, "\n")
	// yaegi places the panic at m's declaration rather than at the
	// assignment; what matters is that it is in the right cell.
	for _, want := range []string{"assignment to entry in nil map", "In[1] 2:6  inner", "2:2  outer", "4:1  (cell)"} {
		if !strings.Contains(tb, want) {
			t.Errorf("traceback lacks %q:\n%s", want, tb)
		}
	}
	if strings.Count(tb, "assignment to entry in nil map") != 1 {
		t.Errorf("message repeated:\n%s", tb)
	}
}

// TestFailedDefinitions checks that a declaration that does not compile
// breaks nothing: earlier definitions come back, values are kept, and a
// name that never compiled gets a clear error until it is defined.
func TestFailedDefinitions(t *testing.T) {
	play(t, []step{
		// A function that never compiled.
		{code: "func h() int { return missing() }", err: "CompileError: 1:23: undefined: missing"},
		{code: "h()", err: "CompileError: 1:1: undefined: h"},
		{code: "func h() int { return \"seven\" }", err: "CompileError: "},
		{code: "h()", err: "CompileError: 1:1: h is not defined: its definition in In[3] did not compile"},
		{code: "func h() int { return 7 }\nh()", want: "7"},
		// A redefinition that fails keeps the old function.
		{code: "func h() int { return missing() }", err: "CompileError: "},
		{code: "h()", want: "7"},
		{code: "func h() int { return \"seven\" }", err: "CompileError: "},
		{code: "h()", want: "7"},
		// A failed := keeps the variable and its value.
		{code: "v := 10"},
		{code: "v := nope", err: "CompileError: 1:6: undefined: nope"},
		{code: "v", want: "10"},
		{code: "v, w := 5, nope", err: "CompileError: "},
		{code: "v", want: "10"},
		{code: "v := \"text\" + nope", err: "CompileError: "},
		{code: "v + 1", want: "11"},
		// The same for var declarations.
		{code: "var total = 3"},
		{code: "var total = nope", err: "CompileError: "},
		{code: "total", want: "3"},
		{code: "var total string = nope", err: "CompileError: "},
		{code: "total", want: "3"},
		// A type whose redefinition fails keeps its old definition and methods.
		{code: "type S struct{ A int }\nfunc (s S) Get() int { return s.A }"},
		{code: "type S struct{ A Missing }", err: "CompileError: undefined: Missing"},
		{code: "S{4}.Get()", want: "4"},
		{code: "func (s S) Get() int { return s.B }", err: "CompileError: "},
		{code: "S{5}.Get()", want: "5"},
		// A type that never compiled.
		{code: "type U struct{ A Missing }", err: "CompileError: 1:18: undefined: Missing"},
		{code: "var u U", err: "CompileError: 1:7: undefined: U"},
		{code: "type U struct{ A int }\nfunc (u U) M() int { return u.Nope }", err: "CompileError: 2:29: undefined selector: Nope"},
		{code: "var u U", err: "CompileError: U is not defined: its definition in In[29] did not compile"},
		{code: "type U struct{ A int }\nU{2}.A", want: "2"},
		// A constant.
		{code: "const k = 2"},
		{code: "const k = nope", err: "CompileError: "},
		{code: "k * 2", want: "4"},
		{code: "const k = 1 + \"a\"", err: "CompileError: "},
		{code: "k * 3", want: "6"},
	})
}
