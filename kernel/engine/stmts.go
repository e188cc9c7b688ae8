package engine

import (
	"context"
	"go/ast"
	"regexp"
)

// runStmts runs statements that declare nothing global inside a function
// literal: yaegi keeps the temporaries of top-level statements forever,
// those of a function are freed. The last statement of a cell, if it is
// an expression, shows its value.
func (e *Engine) runStmts(ctx context.Context, u *unit, last bool) error {
	if err := e.checkNames(u); err != nil {
		return err
	}
	stmts := u.body.List
	if len(stmts) == 0 {
		return nil
	}
	rewriteGoStmts(e, u.body)
	e.inlineData(u.body)
	var orig ast.Stmt
	if last {
		if es, ok := stmts[len(stmts)-1].(*ast.ExprStmt); ok && worthShowing(es.X) {
			orig = es
			stmts[len(stmts)-1] = showStmt(es.X)
		}
	}
	block := func() *ast.BlockStmt {
		return &ast.BlockStmt{Lbrace: u.body.Lbrace, List: []ast.Stmt{funcLitStmt(stmts, true)}, Rbrace: u.body.Rbrace}
	}
	prog, err := e.compile(block())
	if err != nil && orig != nil && voidValue.MatchString(err.Error()) {
		// The expression is a call without a value: run it as it is.
		stmts[len(stmts)-1] = orig
		prog, err = e.compile(block())
	}
	if err != nil {
		return err
	}
	_, err = e.execute(ctx, prog)
	return err
}

// voidValue matches yaegi's error for show(f()) when f returns nothing.
var voidValue = regexp.MustCompile(`cannot use .* as type \(\)`)

// showStmt routes an expression's value to the Show hook.
func showStmt(x ast.Expr) ast.Stmt {
	pos := x.Pos()
	return &ast.ExprStmt{X: &ast.CallExpr{
		Fun: &ast.SelectorExpr{
			X:   &ast.Ident{Name: hookAlias, NamePos: pos},
			Sel: &ast.Ident{Name: "Show", NamePos: pos},
		},
		Lparen: pos,
		Args:   []ast.Expr{x},
		Rparen: x.End(),
	}}
}

// quietBuiltins are builtins whose calls show nothing.
var quietBuiltins = map[string]bool{
	"print": true, "println": true, "panic": true, "close": true, "delete": true, "clear": true,
}

// quietFmt are the fmt functions whose results (bytes written, error)
// nobody wants to see after the text they printed.
var quietFmt = map[string]bool{
	"Print": true, "Printf": true, "Println": true,
	"Fprint": true, "Fprintf": true, "Fprintln": true,
}

// worthShowing reports whether a trailing expression's value is shown.
// Calls of print functions are not: their output is what the user wants.
func worthShowing(x ast.Expr) bool {
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return true
	}
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return !(fn.Obj == nil && quietBuiltins[fn.Name])
	case *ast.SelectorExpr:
		if pkg, ok := fn.X.(*ast.Ident); ok && pkg.Obj == nil && pkg.Name == "fmt" && quietFmt[fn.Sel.Name] {
			return false
		}
	}
	return true
}

// maxProbed is the size of the largest unit compiled twice to protect
// existing variables; bigger ones (data literals) rely on the snapshot.
const maxProbed = 1 << 20

// runDefine runs statements that declare globals with := at top level.
func (e *Engine) runDefine(ctx context.Context, u *unit) error {
	if err := e.checkNames(u); err != nil {
		return err
	}
	rewriteGoStmts(e, u.body)
	e.inlineData(u.body)
	names := declaredNames(u)
	existing := e.existingVars(names)
	if len(existing) > 0 && u.body.End()-u.body.Pos() < maxProbed {
		// A failed := would reset existing variables: find errors first.
		if err := e.probe(u.body.List); err != nil {
			return err
		}
	}
	snap := e.snapshot(existing)
	prog, err := e.compile(u.body)
	if err != nil {
		e.restore(snap)
		if len(existing) == 0 {
			// yaegi's message for a failed top-level := can be obscure
			// ("constant definition loop"); the same code in a function
			// tells what is wrong.
			if perr := e.probe(u.body.List); perr != nil {
				err = perr
			}
		}
		why := e.describe(err, e.current).EValue
		for _, n := range names {
			if g := e.sess.globals[n]; g == nil || g.kind != symVar {
				e.sess.bury(n, e.current.count, why)
			}
		}
		return err
	}
	for _, st := range u.body.List {
		src := excerpt(e.pieceOf(u, st.Pos(), st.End()).text)
		for _, n := range stmtNames(st) {
			e.sess.define(n, &global{kind: symVar, cell: e.current.count, source: src})
		}
	}
	_, err = e.execute(ctx, prog)
	return err
}
