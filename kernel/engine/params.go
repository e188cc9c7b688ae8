package engine

import (
	"go/ast"
	"strconv"
)

// Unnamed parameters. yaegi v0.16.1 allocates no frame slot for a
// parameter without a name, so the slots of a function's locals start one
// parameter too early: the result of the first compiled call the function
// makes is stored over an argument, and the call fails at run time with
// "reflect.Set: value of type *nnlib.Sequential is not assignable to type
// func(time.Duration)". Blank (_) parameters have slots and work.
//
// Before compiling, the pipeline names every unnamed parameter of a
// function declaration, method or function literal __gonnP0, __gonnP1, …
// Function types that only describe (of a variable, a field, an
// interface's method) have no body and are left alone. Go forbids mixing
// named and unnamed parameters, so a list is either all named or all
// unnamed; results are not affected by the bug.

// paramPrefix starts the names given to unnamed parameters.
const paramPrefix = "__gonnP"

// nameParams names the unnamed parameters of the functions in n that have
// a body. It is idempotent.
func nameParams(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				nameFields(n.Type.Params)
			}
		case *ast.FuncLit:
			nameFields(n.Type.Params)
		}
		return true
	})
}

// nameFields gives each field of a parameter list without names one name.
func nameFields(fl *ast.FieldList) {
	if fl == nil {
		return
	}
	for i, f := range fl.List {
		if len(f.Names) == 0 {
			f.Names = []*ast.Ident{{Name: paramPrefix + strconv.Itoa(i), NamePos: f.Type.Pos()}}
		}
	}
}
