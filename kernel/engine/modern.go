package engine

import (
	"context"
	"go/ast"
	"go/token"
	"reflect"
	"sort"
)

// Newer Go. yaegi v0.16.1 implements Go as of 1.21 or so: it has no min,
// max and clear builtins, and cannot range over an integer. The pipeline
// rewrites them where it can do so exactly:
//
//	max(x, 0, y)          becomes  __gonnMax(__gonnMax(x, y), 0)
//	clear(m)              becomes  __gonn.Clear(m)
//	for i := range n {…}  becomes  { __gonnN := n; for i := __gonnN - __gonnN; i < __gonnN; i++ {…} }
//
// Clear is a compiled hook (hooks.go) that clears a map or a slice
// through reflect, at native speed.
// __gonnMax and __gonnMin are generic functions compiled into the session
// the first time a cell needs them; literal arguments go last so that the
// type parameter is inferred from a typed argument, as Go types an untyped
// constant from the other arguments. A range is rewritten only when its
// operand is certainly an integer (a literal, len or cap, a conversion to
// an integer type, a variable or constant of integer type, arithmetic on
// those), or when it uses only names of earlier cells and packages and
// yaegi accepts it as the operand of % 2 (which only integers are); the
// loop variable gets the operand's type, and the operand is evaluated
// once, as in Go.

// Receives: yaegi mishandles a receive that is directly a returned or
// assigned value (parenReceives); the pipeline puts it in parentheses.

// Loop variables: yaegi shares one variable across all iterations, as Go
// did before 1.22, so closures made in a loop all see its last value.
// Where a loop's body holds a function literal that uses a loop variable,
// the pipeline declares a copy of the variable at the start of the body,
// which is Go 1.22's per-iteration variable (for a three-clause loop,
// only when the body does not assign the variable, since the copy would
// not carry the change to the next iteration).

// minMaxSource declares the helpers behind min and max. A NaN wins, as in
// Go's builtins.
const minMaxSource = `package main
import "cmp"
func __gonnMax[T cmp.Ordered](a, b T) T {
	if a != a || b < a {
		return a
	}
	return b
}
func __gonnMin[T cmp.Ordered](a, b T) T {
	if a != a || b > a {
		return a
	}
	return b
}
`

// modernize rewrites the uses of min, max and range over integers in n.
// It reports whether n calls min or max.
func (e *Engine) modernize(n ast.Node) (usesMinMax bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if e.rewriteMinMax(n) {
				usesMinMax = true
			}
			e.rewriteClear(n)
		case *ast.ReturnStmt:
			parenReceives(n.Results)
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				parenReceives(n.Rhs)
			}
		case *ast.ForStmt:
			if init, ok := n.Init.(*ast.AssignStmt); ok && init.Tok == token.DEFINE {
				perIteration(n.Body, init.Lhs, false)
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				perIteration(n.Body, []ast.Expr{n.Key, n.Value}, true)
			}
		case *ast.BlockStmt:
			e.rewriteRanges(n.List)
		case *ast.CaseClause:
			e.rewriteRanges(n.Body)
		case *ast.CommClause:
			e.rewriteRanges(n.Body)
		}
		return true
	})
	return usesMinMax
}

// modernizeUnit rewrites n and compiles the helpers it needs.
func (e *Engine) modernizeUnit(ctx context.Context, n ast.Node) error {
	if e.modernize(n) {
		return e.prepareMinMax(ctx)
	}
	return nil
}

// prepareMinMax compiles the min and max helpers once per session.
func (e *Engine) prepareMinMax(ctx context.Context) error {
	if e.sess.minMax {
		return nil
	}
	f, err := e.parseSynthetic(minMaxSource)
	if err != nil {
		return err
	}
	if err := e.run(ctx, f); err != nil {
		return err
	}
	e.sess.minMax = true
	return nil
}

// perIteration gives a loop body its own copy of the loop variables its
// function literals use. assigned variables are copied only if mayAssign
// (range loops: assigning the copy does not change the iteration).
func perIteration(body *ast.BlockStmt, vars []ast.Expr, mayAssign bool) {
	var names []string
	for _, v := range vars {
		if id, ok := v.(*ast.Ident); ok && id.Name != "_" {
			names = append(names, id.Name)
		}
	}
	if len(names) == 0 || body == nil {
		return
	}
	captured := map[string]bool{}
	assigned := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			ast.Inspect(n.Body, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok {
					captured[id.Name] = true
				}
				return true
			})
			return false
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					assigned[id.Name] = true
				}
			}
		case *ast.IncDecStmt:
			if id, ok := n.X.(*ast.Ident); ok {
				assigned[id.Name] = true
			}
		case *ast.UnaryExpr:
			if id, ok := n.X.(*ast.Ident); ok && n.Op == token.AND {
				assigned[id.Name] = true // &i may be written through
			}
		}
		return true
	})
	var copies []ast.Stmt
	for _, name := range names {
		if !captured[name] || (assigned[name] && !mayAssign) {
			continue
		}
		pos := body.Lbrace
		copies = append(copies, &ast.AssignStmt{
			Lhs: []ast.Expr{&ast.Ident{Name: name, NamePos: pos}}, TokPos: pos, Tok: token.DEFINE,
			Rhs: []ast.Expr{&ast.Ident{Name: name, NamePos: pos}},
		})
	}
	body.List = append(copies, body.List...)
}

// parenReceives puts the receive operations of a list of returned or
// assigned values in parentheses. yaegi v0.16.1 stores a receive that is
// directly a result of return into an unaddressable value ("reflect.Value.Set
// using unaddressable value", its issue #1725), and one assigned to a named
// result or an array element nowhere at all, silently; in parentheses it
// computes the value first, as it should.
func parenReceives(xs []ast.Expr) {
	for i, x := range xs {
		if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			xs[i] = &ast.ParenExpr{Lparen: u.Pos(), X: u, Rparen: u.End()}
		}
	}
}

// rewriteMinMax turns a call of the min or max builtin into calls of the
// helpers, in place.
func (e *Engine) rewriteMinMax(call *ast.CallExpr) bool {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || (id.Name != "min" && id.Name != "max") || id.Obj != nil || e.sess.known(id.Name) || len(call.Args) < 2 || call.Ellipsis.IsValid() {
		return false
	}
	helper := "__gonnMax"
	if id.Name == "min" {
		helper = "__gonnMin"
	}
	args := append([]ast.Expr(nil), call.Args...)
	sort.SliceStable(args, func(i, j int) bool { return literalRank(args[i]) < literalRank(args[j]) })
	acc := args[0]
	for _, a := range args[1 : len(args)-1] {
		acc = &ast.CallExpr{Fun: &ast.Ident{Name: helper, NamePos: id.Pos()}, Lparen: call.Lparen, Args: []ast.Expr{acc, a}, Rparen: call.Rparen}
	}
	call.Fun = &ast.Ident{Name: helper, NamePos: id.Pos()}
	call.Args = []ast.Expr{acc, args[len(args)-1]}
	return true
}

// rewriteClear turns a call of the clear builtin into a call of the
// Clear hook, in place.
func (e *Engine) rewriteClear(call *ast.CallExpr) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Name != "clear" || id.Obj != nil || e.sess.known(id.Name) || len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return
	}
	call.Fun = &ast.SelectorExpr{
		X:   &ast.Ident{Name: hookAlias, NamePos: id.Pos()},
		Sel: &ast.Ident{Name: "Clear", NamePos: id.Pos()},
	}
}

// literalRank orders the arguments of min and max: typed expressions
// first, then floating-point literals, then the other literals.
func literalRank(x ast.Expr) int {
	if p, ok := x.(*ast.ParenExpr); ok {
		return literalRank(p.X)
	}
	if u, ok := x.(*ast.UnaryExpr); ok {
		return literalRank(u.X)
	}
	b, ok := x.(*ast.BasicLit)
	switch {
	case !ok:
		return 0
	case b.Kind == token.FLOAT || b.Kind == token.IMAG:
		return 1
	}
	return 2
}

// rewriteRanges rewrites the ranges over integers of a statement list.
func (e *Engine) rewriteRanges(list []ast.Stmt) {
	for i, s := range list {
		var label *ast.LabeledStmt
		if l, ok := s.(*ast.LabeledStmt); ok {
			label, s = l, l.Stmt
		}
		r, ok := s.(*ast.RangeStmt)
		if !ok || r.Value != nil || (r.Key != nil && r.Tok != token.DEFINE) || !e.isInt(r.X) {
			continue
		}
		pos := r.Pos()
		n := &ast.Ident{Name: "__gonnN", NamePos: pos}
		key, ok := r.Key.(*ast.Ident)
		if !ok || key.Name == "_" {
			key = &ast.Ident{Name: "__gonnI", NamePos: pos}
		}
		loop := &ast.ForStmt{
			For:  r.For,
			Init: &ast.AssignStmt{Lhs: []ast.Expr{key}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.BinaryExpr{X: n, OpPos: pos, Op: token.SUB, Y: n}}},
			Cond: &ast.BinaryExpr{X: key, OpPos: pos, Op: token.LSS, Y: n},
			Post: &ast.IncDecStmt{X: key, TokPos: pos, Tok: token.INC},
			Body: r.Body,
		}
		var stmt ast.Stmt = loop
		if label != nil {
			label.Stmt = loop
			stmt = label
		}
		list[i] = &ast.BlockStmt{Lbrace: pos, Rbrace: r.End(), List: []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{n}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{r.X}},
			stmt,
		}}
	}
}

// isInt reports whether x is certainly an integer: as far as the engine
// can tell from the code, or, when x uses only names of earlier cells and
// packages, as far as yaegi can, asked to compile (not run) x % 2.
func (e *Engine) isInt(x ast.Expr) bool {
	if e.certainlyInt(x, 4) {
		return true
	}
	global := true
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Obj != nil {
			global = false // a local name, which yaegi would not see
		}
		return global
	})
	if !global {
		return false
	}
	pos := x.Pos()
	rem := &ast.BinaryExpr{X: &ast.ParenExpr{Lparen: pos, X: x, Rparen: pos}, OpPos: pos, Op: token.REM,
		Y: &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "2"}}
	return e.probe([]ast.Stmt{blankAssign(rem)}) == nil
}

// intTypes are the predeclared integer types.
var intTypes = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true, "rune": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true, "byte": true,
}

// certainlyInt reports whether x is an integer, as far as the engine can
// tell without type-checking (depth bounds how far it follows variables).
func (e *Engine) certainlyInt(x ast.Expr, depth int) bool {
	if depth == 0 {
		return false
	}
	switch x := x.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT
	case *ast.ParenExpr:
		return e.certainlyInt(x.X, depth)
	case *ast.UnaryExpr:
		return (x.Op == token.SUB || x.Op == token.ADD || x.Op == token.XOR) && e.certainlyInt(x.X, depth)
	case *ast.BinaryExpr:
		switch x.Op {
		case token.SHL, token.SHR:
			return e.certainlyInt(x.X, depth)
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.AND_NOT:
			return e.certainlyInt(x.X, depth) && e.certainlyInt(x.Y, depth)
		}
	case *ast.CallExpr:
		if fn, ok := x.Fun.(*ast.Ident); ok && fn.Obj == nil && !e.sess.known(fn.Name) {
			return fn.Name == "len" || fn.Name == "cap" || intTypes[fn.Name]
		}
	case *ast.Ident:
		if x.Obj == nil {
			return e.intGlobal(x.Name)
		}
		switch d := x.Obj.Decl.(type) {
		case *ast.Field: // a parameter
			t, ok := d.Type.(*ast.Ident)
			return ok && t.Obj == nil && intTypes[t.Name]
		case *ast.ValueSpec:
			if d.Type != nil {
				t, ok := d.Type.(*ast.Ident)
				return ok && t.Obj == nil && intTypes[t.Name]
			}
			for i, n := range d.Names {
				if n.Name == x.Name && i < len(d.Values) && len(d.Values) == len(d.Names) {
					return e.certainlyInt(d.Values[i], depth-1)
				}
			}
		case *ast.AssignStmt:
			for i, l := range d.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == x.Name && i < len(d.Rhs) && len(d.Rhs) == len(d.Lhs) {
					return e.certainlyInt(d.Rhs[i], depth-1)
				}
			}
		}
	}
	return false
}

// intGlobal reports whether name is a variable or constant of an earlier
// cell whose value is an integer.
func (e *Engine) intGlobal(name string) bool {
	g := e.sess.globals[name]
	if g == nil || (g.kind != symVar && g.kind != symConst) {
		return false
	}
	v, ok := e.globals()[name]
	if !ok || !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}
