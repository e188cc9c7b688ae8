package engine

import (
	"strings"
	"testing"
)

// TestYaegiMessages checks code on which yaegi fails with a message of
// its internals ("CFG post-order panic: reflect: nil type passed to
// Type.AssignableTo", "reflect: slice index out of range", "(type
// stringT)"): the user gets Go's message, or one in Go's words, at the
// cell's position, and the engine keeps working.
func TestYaegiMessages(t *testing.T) {
	cases := []struct {
		name  string
		setup string
		code  string
		ename string
		value string // the whole EValue
	}{
		{"compiled struct compared with nil", "", `nnlib.Dense(4, "relu") != nil`,
			"CompileError", `1:1: invalid operation: nnlib.Dense(4, "relu") != nil (mismatched types nnlib.Layer and untyped nil)`},
		{"variable of a compiled struct type compared with nil", `l := nnlib.Dense(4, "relu")`, "l == nil",
			"CompileError", "1:1: invalid operation: l == nil (mismatched types nnlib.Layer and untyped nil)"},
		{"nil on the left", `l := nnlib.Dense(4, "relu")`, "nil != l",
			"CompileError", "1:1: invalid operation: nil != l (mismatched types untyped nil and nnlib.Layer)"},
		{"cell struct compared with nil", "type T struct{ a int }", "x := 1\nok := T{} == nil",
			"CompileError", "2:7: invalid operation: T{} == nil (mismatched types T and untyped nil)"},
		{"constant compared with nil", "", "3 == nil",
			"CompileError", "1:1: invalid operation: 3 == nil (mismatched types untyped int and untyped nil)"},
		{"inside a condition", `l := nnlib.Dense(4, "relu")`, "if l != nil && true {\n}",
			"CompileError", "1:4: invalid operation: l != nil (mismatched types nnlib.Layer and untyped nil)"},
		{"in a function", "type T struct{ a int }", "func ok(t T) bool {\n\treturn t != nil\n}",
			"CompileError", "2:9: invalid operation: t != nil (mismatched types T and untyped nil)"},
		{"local variable of unknown type", "", "func has() bool {\n\tl := nnlib.Dense(4, \"relu\")\n\treturn l != nil\n}",
			"CompileError", "3:9: invalid operation: l != nil (l cannot be nil: only pointers, slices, maps, channels, functions and interfaces can)"},
		{"nil returned for a struct", "type T struct{ a int }", "func r() T { return nil }",
			"CompileError", "1:14: cannot use nil as T value in return statement"},
		{"untyped nil defined", "", "y := nil",
			"CompileError", "1:1: use of untyped nil in assignment"},
		{"non-boolean condition", "", "if 1 {\n}",
			"CompileError", "1:1: non-boolean condition in if statement"},
		{"non-boolean loop condition", "n := 3", "for n {\n}",
			"CompileError", "1:5: non-bool used as for condition"},
		{"send of another type", "var ch chan int", `ch <- "s"`,
			"CompileError", "1:1: cannot use a value of type string as int"},
		{"initialised with another type", "", "var z int = true",
			"CompileError", "1:1: cannot use a value of type bool as int"},
		{"returned with another type", "", "k := func() int { return \"s\" }",
			"CompileError", `1:26: cannot use "s" (type string) as type int in return argument`},
		{"a value of an earlier definition of a type", "type T struct{ A int }\nold := T{1}\nfunc show(t T) int { return t.A }\ntype T struct{ A, B int }", "show(old)",
			"CompileError", "1:6: cannot use type T (of an earlier definition of T) as type T: values keep the type they were made with; make this one again with the new T"},
		{"compiled names keep their package, cell names lose main", "type T struct{ a []int }", "T{} == T{}",
			"CompileError", "1:1: invalid operation: operator == not defined on T"},
		{"index out of range", "s := []int{1}\ni := 5", "s[i]",
			"panic", "1:1: runtime error: index out of range"},
		{"nil pointer", "type T struct{ a int }\nvar p *T", "p.a = 3",
			"panic", "1:1: runtime error: invalid memory address or nil pointer dereference"},
		{"method of a nil interface", "var s fmt.Stringer", "s.String()",
			"panic", "1:1: runtime error: invalid memory address or nil pointer dereference"},
		{"nil function", "var fn func() int", "fn()",
			"panic", "1:1: runtime error: invalid memory address or nil pointer dereference"},
		{"nil pointer dereferenced", "var ip *int", "*ip",
			"panic", "1:1: runtime error: invalid memory address or nil pointer dereference"},
		{"negative length", "n := -1", "make([]int, n)",
			"panic", "1:1: runtime error: make: negative size"},
		{"failed type assertion", `var v any = "s"`, "v.(int)",
			"panic", "1:1: interface conversion: interface {} is string, not int"},
		{"call of a non-function", "x := 1", "x()",
			"panic", "1:1: cannot call non-function (a value of kind int)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newTestSession(t)
			if c.setup != "" {
				s.ok(c.setup)
			}
			e, _ := s.fails(c.code)
			if e.EName != c.ename || e.EValue != c.value {
				t.Errorf("got %s: %q\nwant %s: %q", e.EName, e.EValue, c.ename, c.value)
			}
			for _, internal := range []string{"CFG", "reflect", "yaegi", "gonn"} {
				if strings.Contains(strings.Join(e.Traceback, "\n"), internal) {
					t.Errorf("the traceback mentions %q:\n%s", internal, strings.Join(e.Traceback, "\n"))
				}
			}
			if got, _ := s.ok("40 + 2"); got != "42" {
				t.Errorf("next cell gave %q", got)
			}
		})
	}
}
