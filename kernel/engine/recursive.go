package engine

import (
	"go/ast"
	"go/token"
	"strings"
)

// Recursive types. yaegi v0.16.1 accepts two kinds of declarations that
// later overflow the stack, which kills the process and with it the
// kernel:
//
//   - invalid recursive types, which Go rejects: a struct that contains
//     itself by value (type S struct{ x S }, directly, in an array or
//     through other types), an interface that embeds itself, types
//     defined as each other. Making or printing a value recurses for ever.
//   - valid types that embed themselves through a pointer (type S
//     struct{ *S }, or A embeds *B and B embeds *A): yaegi's lookup of
//     a promoted field or method follows the embedded fields without
//     remembering where it has been, so a selector on such a type
//     (s.missing, even a method call) recurses for ever.
//   - valid types that refer to themselves other than through a named
//     struct or interface (type T []*T, type S *struct{ next *S },
//     type M map[string]M): yaegi breaks a cycle of types only at a named
//     struct, so making the reflect type of a variable of such a type
//     recurses for ever, or fails on its literals.
//
// The pipeline finds both before yaegi sees the code, among the types a
// unit declares (at top level or inside functions), and fails the unit
// with Go's message, or with a message that says what to write instead.
// Types of earlier cells need not be followed: their references were
// resolved to the versions that existed when they compiled (redefine.go),
// so a new declaration cannot close a cycle through them.

// typeRef is a reference from one declared type to another.
type typeRef struct {
	to   *ast.TypeSpec
	text string // how the reference reads in a message ("*B", "B")
}

// checkRecursiveTypes fails if a type declared in f between from and to
// contains or embeds itself.
func (e *Engine) checkRecursiveTypes(f *ast.File, from, to token.Pos) error {
	var specs []*ast.TypeSpec
	ast.Inspect(f, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSpec); ok && ts.TypeParams == nil && ts.Pos() >= from && ts.Pos() < to {
			specs = append(specs, ts)
		}
		return true
	})
	for _, ts := range specs {
		if path := typeCycle(ts, containedTypes); path != nil {
			return compileError{msg: e.posPrefix(ts.Name.Pos()) + "invalid recursive type " + ts.Name.Name + ": " +
				describeCycle(ts, path, "refers to")}
		}
	}
	for _, ts := range specs {
		if !namedStruct(ts) {
			if path := typeCycle(ts, unbrokenTypes); path != nil {
				return compileError{msg: e.posPrefix(ts.Name.Pos()) + "type " + describeCycle(ts, path, "refers to") +
					" other than through a named struct: yaegi would recurse for ever on it (and stop the kernel); " +
					"declare a struct type to hold the reference, as in type Node struct{ next *Node }"}
			}
		}
		if path := typeCycle(ts, embeddedTypes); path != nil {
			return compileError{msg: e.posPrefix(ts.Name.Pos()) + "type " + describeCycle(ts, path, "embeds") +
				": yaegi would recurse for ever looking up a field or method of such a type (and stop the kernel); " +
				"give the embedded field a name (next " + path[0].text + ") and select through it"}
		}
	}
	return nil
}

// describeCycle words a cycle of references from start: "A embeds *B, B
// embeds *A".
func describeCycle(start *ast.TypeSpec, path []typeRef, verb string) string {
	var parts []string
	from := start
	for _, r := range path {
		parts = append(parts, from.Name.Name+" "+verb+" "+r.text)
		from = r.to
	}
	return strings.Join(parts, ", ")
}

// typeCycle returns a path of references that leads from start back to
// start, or nil.
func typeCycle(start *ast.TypeSpec, refs func(*ast.TypeSpec) []typeRef) []typeRef {
	visited := map[*ast.TypeSpec]bool{}
	var path []typeRef
	var walk func(ts *ast.TypeSpec) bool
	walk = func(ts *ast.TypeSpec) bool {
		for _, r := range refs(ts) {
			path = append(path, r)
			if r.to == start {
				return true
			}
			if !visited[r.to] {
				visited[r.to] = true
				if walk(r.to) {
					return true
				}
			}
			path = path[:len(path)-1]
		}
		return false
	}
	if walk(start) {
		return path
	}
	return nil
}

// declaredType returns the type spec an identifier refers to, if it is
// declared in the same source.
func declaredType(id *ast.Ident) *ast.TypeSpec {
	if id.Obj == nil || id.Obj.Kind != ast.Typ {
		return nil
	}
	ts, _ := id.Obj.Decl.(*ast.TypeSpec)
	return ts
}

// containedTypes lists the declared types that a value of ts contains:
// those its definition names outside pointers, slices, maps, channels,
// functions and interface methods, where Go needs their size.
func containedTypes(ts *ast.TypeSpec) []typeRef {
	var refs []typeRef
	var walk func(x ast.Expr)
	walk = func(x ast.Expr) {
		switch t := x.(type) {
		case *ast.Ident:
			if to := declaredType(t); to != nil {
				refs = append(refs, typeRef{to: to, text: t.Name})
			}
		case *ast.ParenExpr:
			walk(t.X)
		case *ast.ArrayType:
			if t.Len != nil {
				walk(t.Elt)
			}
		case *ast.StructType:
			for _, f := range t.Fields.List {
				walk(f.Type)
			}
		case *ast.InterfaceType:
			for _, f := range t.Methods.List {
				if len(f.Names) == 0 { // an embedded interface
					walk(f.Type)
				}
			}
		}
	}
	walk(ts.Type)
	return refs
}

// namedStruct reports whether a type spec declares a struct or an
// interface, where yaegi breaks cycles of types.
func namedStruct(ts *ast.TypeSpec) bool {
	switch ast.Unparen(ts.Type).(type) {
	case *ast.StructType, *ast.InterfaceType:
		return true
	}
	return false
}

// unbrokenTypes lists the declared types, other than structs and
// interfaces, that the definition of ts names anywhere.
func unbrokenTypes(ts *ast.TypeSpec) []typeRef {
	var refs []typeRef
	ast.Inspect(ts.Type, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if to := declaredType(id); to != nil && !namedStruct(to) {
				refs = append(refs, typeRef{to: to, text: id.Name})
			}
		}
		return true
	})
	return refs
}

// embeddedTypes lists the declared types that the struct ts embeds, by
// value or through a pointer.
func embeddedTypes(ts *ast.TypeSpec) []typeRef {
	st, ok := ast.Unparen(ts.Type).(*ast.StructType)
	if !ok {
		return nil
	}
	var refs []typeRef
	for _, f := range st.Fields.List {
		if len(f.Names) > 0 {
			continue
		}
		t, star := ast.Unparen(f.Type), ""
		if s, ok := t.(*ast.StarExpr); ok {
			t, star = ast.Unparen(s.X), "*"
		}
		if id, ok := t.(*ast.Ident); ok {
			if to := declaredType(id); to != nil {
				refs = append(refs, typeRef{to: to, text: star + id.Name})
			}
		}
	}
	return refs
}
