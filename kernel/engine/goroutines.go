package engine

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"
)

// A panic in a goroutine that nobody recovers kills the process, and with
// it the kernel. The pipeline therefore rewrites every go statement of a
// cell so that the goroutine recovers its panic and reports it through
// the GoPanic hook:
//
//	go f(x, y)
//
// becomes
//
//	{ fn, a0, a1 := f, x, y; go func() { defer func() { __gonn.GoPanic(recover(), "3:2") }(); fn(a0, a1) }() }
//
// which evaluates the function value and arguments where the go statement
// was, as Go does. A go statement calling a function literal gets the
// deferred recover at the start of the literal's body instead.

// rewriteGoStmts rewrites the go statements inside n.
func rewriteGoStmts(e *Engine, n ast.Node) {
	count := 0
	done := map[*ast.GoStmt]bool{} // statements made by wrapGo
	wrap := func(g *ast.GoStmt) ast.Stmt {
		if done[g] {
			return g
		}
		w := e.wrapGo(g, &count)
		done[g] = true
		if b, ok := w.(*ast.BlockStmt); ok {
			done[b.List[1].(*ast.GoStmt)] = true
		}
		return w
	}
	rewriteList := func(list []ast.Stmt) {
		for i, s := range list {
			if g, ok := s.(*ast.GoStmt); ok {
				list[i] = wrap(g)
			}
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			rewriteList(n.List)
		case *ast.CaseClause:
			rewriteList(n.Body)
		case *ast.CommClause:
			rewriteList(n.Body)
		case *ast.LabeledStmt:
			if g, ok := n.Stmt.(*ast.GoStmt); ok {
				n.Stmt = wrap(g)
			}
		}
		return true
	})
}

// wrapGo returns the replacement of one go statement.
func (e *Engine) wrapGo(g *ast.GoStmt, count *int) ast.Stmt {
	pos := g.Pos()
	where := e.userPos(pos)
	deferRecover := &ast.DeferStmt{Defer: pos, Call: &ast.CallExpr{
		Fun: &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}},
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{
				Fun:    &ast.SelectorExpr{X: ast.NewIdent(hookAlias), Sel: ast.NewIdent("GoPanic")},
				Lparen: pos,
				Args: []ast.Expr{
					&ast.CallExpr{Fun: &ast.Ident{Name: "recover", NamePos: pos}, Lparen: pos, Rparen: pos},
					&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(where)},
				},
				Rparen: pos,
			}}}},
		},
		Lparen: pos, Rparen: pos,
	}}
	call := g.Call
	if lit, ok := call.Fun.(*ast.FuncLit); ok {
		lit.Body.List = append([]ast.Stmt{deferRecover}, lit.Body.List...)
		return g
	}
	if id, ok := call.Fun.(*ast.Ident); ok && id.Obj == nil && isBuiltin(id.Name) {
		return g // go println(...): nothing interpreted can panic
	}
	*count++
	tmp := func(i int) *ast.Ident {
		return &ast.Ident{Name: fmt.Sprintf("__gonnGo%d_%d", *count, i), NamePos: pos}
	}
	// Evaluate the function and its arguments now; a single call
	// argument may return several values, so it is evaluated in the
	// goroutine instead.
	// Constants are passed as they are: a temporary would give an untyped
	// constant its default type.
	lhs := []ast.Expr{tmp(0)}
	rhs := []ast.Expr{call.Fun}
	args := call.Args
	if !(len(args) == 1 && isCall(args[0])) {
		args = nil
		for i, a := range call.Args {
			if e.isConst(a) {
				args = append(args, a)
				continue
			}
			lhs = append(lhs, tmp(i+1))
			rhs = append(rhs, a)
			args = append(args, tmp(i+1))
		}
	}
	inner := &ast.CallExpr{Fun: tmp(0), Lparen: call.Lparen, Args: args, Ellipsis: call.Ellipsis, Rparen: call.Rparen}
	body := &ast.BlockStmt{Lbrace: pos, Rbrace: g.End(), List: []ast.Stmt{deferRecover, &ast.ExprStmt{X: inner}}}
	goStmt := &ast.GoStmt{Go: pos, Call: &ast.CallExpr{
		Fun:    &ast.FuncLit{Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}}, Body: body},
		Lparen: g.End(), Rparen: g.End(),
	}}
	assign := &ast.AssignStmt{Lhs: lhs, TokPos: pos, Tok: token.DEFINE, Rhs: rhs}
	return &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{assign, goStmt}, Rbrace: g.End()}
}

// isConst reports whether x is a constant expression, as far as the
// engine can tell: literals, constants of cells and of compiled packages,
// and operations on them.
func (e *Engine) isConst(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return e.isConst(x.X)
	case *ast.UnaryExpr:
		return e.isConst(x.X)
	case *ast.BinaryExpr:
		return e.isConst(x.X) && e.isConst(x.Y)
	case *ast.Ident:
		if x.Obj != nil {
			return x.Obj.Kind == ast.Con
		}
		if g := e.sess.globals[x.Name]; g != nil {
			return g.kind == symConst
		}
		return x.Name == "true" || x.Name == "false"
	case *ast.SelectorExpr:
		pkg, ok := x.X.(*ast.Ident)
		if !ok || pkg.Obj != nil {
			return false
		}
		imp, ok := e.sess.imports[pkg.Name]
		return ok && e.pkgs.isConst(imp.path, x.Sel.Name)
	}
	return false
}

func isCall(x ast.Expr) bool {
	_, ok := x.(*ast.CallExpr)
	return ok
}

// isBuiltin reports whether name is a predeclared function.
func isBuiltin(name string) bool {
	switch name {
	case "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len",
		"make", "max", "min", "new", "panic", "print", "println", "real", "recover":
		return universe[name]
	}
	return false
}

// userPos formats a position of the interpreter's file set for the user.
func (e *Engine) userPos(p token.Pos) string {
	pos := e.interp.FileSet().Position(p)
	cell, line, ok := e.lines.locate(pos.Line)
	if !ok {
		return "?"
	}
	return fmt.Sprintf("In[%d] %d:%d", cell.count, line, pos.Column)
}
