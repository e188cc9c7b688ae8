package engine

import "testing"

// TestRecursiveTypes checks types that contain or embed themselves. yaegi
// accepts them all, then overflows the stack (killing the kernel) when a
// value of an invalid recursive type is made or printed, or when a field
// or method of a type that embeds itself through a pointer is looked up.
// The engine rejects them at their declaration, at the type's name.
func TestRecursiveTypes(t *testing.T) {
	playAll(t, []scenario{
		{"a struct embedding a pointer to itself", []step{
			{code: "type S struct{ *S }", err: "CompileError: 1:6: type S embeds *S"},
			{code: "var s S", err: "CompileError: 1:7: undefined: S"},
			{code: "type S struct{ next *S }\nvar s S\ns.next == nil", want: "true"},
			// A failed redefinition keeps the type as it was.
			{code: "type S struct{ *S; n int }", err: "CompileError: 1:6: type S embeds *S"},
			{code: "S{}.next == nil", want: "true"},
		}},
		{"with other fields", []step{
			{code: "x := 1\n\ntype T struct {\n\t*T\n\tx int\n}", err: "CompileError: 3:6: type T embeds *T"},
			{code: "x", want: "1"},
		}},
		{"two structs embedding each other", []step{
			{code: "type A struct{ *B }\ntype B struct{ *A }", err: "CompileError: 1:6: type A embeds *B, B embeds *A"},
		}},
		{"a struct containing itself", []step{
			{code: "type S struct{ x S }", err: "CompileError: 1:6: invalid recursive type S: S refers to S"},
			{code: "type S struct{ S }", err: "CompileError: 1:6: invalid recursive type S"},
			{code: "type S struct{ x [2]S }", err: "CompileError: 1:6: invalid recursive type S"},
			{code: "type S struct{ inner struct{ s S } }", err: "CompileError: 1:6: invalid recursive type S"},
		}},
		{"structs containing each other", []step{
			{code: "type A struct{ b B }\ntype B struct{ a A }", err: "CompileError: 1:6: invalid recursive type A: A refers to B, B refers to A"},
		}},
		{"an interface embedding itself", []step{
			{code: "type I interface{ M(); I }", err: "CompileError: 1:6: invalid recursive type I"},
		}},
		{"types defined as each other", []step{
			{code: "type A B\ntype B A", err: "CompileError: 1:6: invalid recursive type A"},
		}},
		{"a local type", []step{
			{code: "func f() int {\n\ttype L struct{ *L }\n\tvar l L\n\treturn len(fmt.Sprint(l))\n}", err: "CompileError: 2:7: type L embeds *L"},
			{code: "func() {\n\ttype V struct{ v V }\n}()", err: "CompileError: 2:7: invalid recursive type V"},
		}},
		{"recursion through a struct is fine", []step{
			{code: "type N struct{ v int; next *N }\n(&N{1, &N{2, nil}}).next.v", want: "2"},
			{code: "type Tree struct{ kids []Tree }\nvar t Tree\nt.kids = append(t.kids, Tree{})\nlen(t.kids)", want: "1"},
			{code: "type G struct{ m map[string]*G }\ng := G{m: map[string]*G{}}\ng.m[\"a\"] = &g\nlen(g.m)", want: "1"},
			{code: "type P *Q\ntype Q struct{ p P }\nvar q Q\nq.p == nil", want: "true"},
			{code: "type E interface{ Next() E }\nvar e E\ne == nil", want: "true"},
		}},
		{"recursion other than through a struct", []step{
			// yaegi overflows the stack on a variable of these types, or
			// fails to compile its literals.
			{code: "type S *struct{ g *S }", err: "CompileError: 1:6: type S refers to S other than through a named struct"},
			{code: "type T []*T", err: "CompileError: 1:6: type T refers to T other than through a named struct"},
			{code: "type M map[string]*M", err: "CompileError: 1:6: type M refers to M"},
			{code: "type C chan *C", err: "CompileError: 1:6: type C refers to C"},
			{code: "type L []L", err: "CompileError: 1:6: type L refers to L"},
			{code: "type F func(F) int", err: "CompileError: 1:6: type F refers to F"},
			{code: "type A []B\ntype B map[string]A", err: "CompileError: 1:6: type A refers to B, B refers to A"},
			{code: "var s S", err: "CompileError: 1:7: undefined: S"},
		}},
		{"embedding without a cycle is fine", []step{
			{code: "type Base struct{ x int }\nfunc (b *Base) X() int { return b.x }\ntype D struct{ *Base }\nD{&Base{4}}.X()", want: "4"},
			{code: "type W struct{ *strings.Builder }\nw := W{&strings.Builder{}}\nw.WriteString(\"hi\")\nw.String()", want: `"hi"`},
			{code: "type Twice struct{ Base; b Base }\nTwice{Base{1}, Base{2}}.x", want: "1"},
		}},
	})
}
