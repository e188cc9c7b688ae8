package engine

import "testing"

// TestDependents checks that defining a name again reaches the functions
// compiled before that use it: yaegi binds a function's references when
// it compiles it, so without the engine's help g() kept calling the first
// f, and a function kept the first definition of a type or constant.
func TestDependents(t *testing.T) {
	playAll(t, []scenario{
		{"a function redefined reaches its callers", []step{
			{code: "func f() int { return 1 }"},
			{code: "func g() int { return f() * 10 }\nfunc h() int { return g() + 1 }\nh()", want: "11"},
			{code: "func f() int { return 2 }", stdout: ""},
			{code: "g()", want: "20"},
			{code: "h()", want: "21"},
			{code: "func f() int { return 3 }\nh()", want: "31"},
		}},
		{"a function removed with %rm and defined again", []step{
			{code: "func f() int { return 1 }\nfunc g() int { return f() * 10 }"},
			{code: "%rm f"},
			{code: "func f() int { return 2 }\ng()", want: "20"},
		}},
		{"a type redefined reaches the functions that use it", []step{
			{code: "type T struct{ A int }"},
			{code: "func mk() T { return T{A: 1} }\nfunc show(t T) string { return fmt.Sprint(t) }"},
			{code: "type T struct {\n\tA int\n\tB string\n}"},
			{code: "mk().B == \"\"", want: "true"},
			{code: "show(T{A: 2, B: \"x\"})", want: `"{2 x}"`},
		}},
		{"a constant redefined", []step{
			{code: "const c = 3\nfunc fc() int { return c }\nfc()", want: "3"},
			{code: "const c = 4"},
			{code: "fc()", want: "4"},
		}},
		{"a variable redefined with another type", []step{
			{code: "scale := 2\nfunc scaled(x float64) float64 { return x * float64(scale) }\nscaled(2)", want: "4"},
			{code: "scale := 2.5"},
			{code: "scaled(2)", want: "5"},
			{code: "scale := \"big\"", stderr: "gonn: scaled (In[1]) keeps the earlier scale: it does not compile with the new one"},
			{code: "scaled(2)", want: "5"},
		}},
		{"a caller that no longer compiles keeps the earlier function", []step{
			{code: "func f() int { return 1 }\nfunc g() int { return f() + 1 }"},
			{code: "func f(s string) string { return s }", stderr: "gonn: g (In[1]) keeps the earlier f: it does not compile with the new one: In[1] 2:23: not enough arguments in call to f"},
			{code: "g()", want: "2"},
			{code: "f(\"new\")", want: `"new"`},
			{code: "func g() string { return f(\"via g\") }\ng()", want: `"via g"`},
		}},
		{"mutually recursive callers, go statements and min", []step{
			{code: "func step() int { return 1 }"},
			{code: "func even(n int) bool {\n\tif n == 0 {\n\t\treturn true\n\t}\n\treturn odd(n - step())\n}\nfunc odd(n int) bool {\n\tif n == 0 {\n\t\treturn false\n\t}\n\treturn even(n - step())\n}"},
			{code: "func par() int {\n\tc := make(chan int)\n\tgo func() { c <- min(step(), 5) }()\n\tv := <-c\n\treturn v\n}"},
			{code: "func step() int { return 2 }"},
			{code: "even(4)", want: "true"},
			{code: "odd(4)", want: "false"},
			{code: "par()", want: "2"},
		}},
		{"methods and types that use a redefined name are named", []step{
			{code: "func bonus() int { return 1 }\ntype Acc struct{ n int }\nfunc (a Acc) Total() int { return a.n + bonus() }"},
			{code: "func bonus() int { return 5 }", stderr: "gonn: method Acc.Total (In[1]) keeps the earlier bonus: run In[1] again to use the new one"},
			{code: "type Config struct{ lr float64 }\ntype Model struct{ cfg Config }"},
			{code: "type Config struct{ lr, momentum float64 }", stderr: "gonn: type Model (In[3]) keeps the earlier Config: run In[3] again to use the new one"},
		}},
		{"a generic function is named, not compiled again", []step{
			{code: "func unit() int { return 1 }\nfunc Twice[T any](x T) (T, int) { return x, 2 * unit() }"},
			{code: "func unit() int { return 7 }", stderr: "gonn: Twice (In[1]) keeps the earlier unit: run In[1] again to use the new one"},
		}},
	})
}

// TestDependentsQuiet checks that nothing is said when nothing keeps an
// earlier definition.
func TestDependentsQuiet(t *testing.T) {
	s := newTestSession(t)
	cells := []struct{ code, want string }{
		{"func sq(x int) int { return x * x }\nfunc sum(n int) (s int) {\n\tfor i := range n {\n\t\ts += sq(i)\n\t}\n\treturn\n}\nsum(4)", "14"},
		{"func sq(x int) int { return x * x }\nfunc sum(n int) (s int) {\n\tfor i := range n {\n\t\ts += sq(i)\n\t}\n\treturn\n}\nsum(4)", "14"},
		{"func sq(x int) int { return x * x * x }\nsum(3)", "9"},
		// A method compiled with the new sq, in the same cell.
		{"type Cube struct{ n int }\nfunc (c Cube) Volume() int { return sq(c.n) }\nfunc sq(x int) int { return x * x * x }\nCube{2}.Volume()", "8"},
		{"type Cube struct{ n int }\nfunc (c Cube) Volume() int { return sq(c.n) }\nCube{3}.Volume()", "27"},
		{"lr := 0.1\nfunc rate() float64 { return lr }\nlr := 0.2\nrate()", "0.2"},
		// A type compiled with the new one it contains, in the same cell.
		{"type Config struct{ lr float64 }", ""},
		{"type Config struct{ lr, m float64 }\ntype Model struct{ cfg Config }\nModel{}.cfg.m", "0"},
	}
	for _, c := range cells {
		got, out := s.ok(c.code)
		if got != c.want {
			t.Errorf("%q = %q, want %q", c.code, got, c.want)
		}
		if e := out.text("stderr"); e != "" {
			t.Errorf("%q: stderr %q", c.code, e)
		}
	}
}
