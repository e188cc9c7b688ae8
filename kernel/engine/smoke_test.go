package engine

import "testing"

// TestSmoke runs a first notebook: state, imports, functions, types,
// trailing values.
func TestSmoke(t *testing.T) {
	s := newTestSession(t)
	cells := []struct{ code, want string }{
		{"1+1", "2"},
		{"x := 3\nx*2", "6"},
		{"func f(a int) int { return a * 10 }\nf(x)", "30"},
		{"type T struct{A int}\nfunc (t T) M() int { return t.A }\nT{5}.M()", "5"},
		{"strings.ToUpper(\"abc\")", `"ABC"`},
		{"math.Sqrt(2)", "1.4142135623730951"},
	}
	for _, c := range cells {
		if got, _ := s.ok(c.code); got != c.want {
			t.Errorf("%q = %q, want %q", c.code, got, c.want)
		}
	}
	if e, _ := s.fails("undefinedThing + 1"); e.EName != "CompileError" {
		t.Errorf("got %s, want CompileError", e.EName)
	}
	if _, out := s.ok(`fmt.Println("hi", x)`); out.text("stdout") != "hi 3\n" {
		t.Errorf("stdout %q", out.text("stdout"))
	}
}
