package engine

import (
	"context"
	"go/ast"
	"go/token"
	"regexp"
	"slices"
	"strconv"
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
	if err := e.modernizeUnit(ctx, u.body); err != nil {
		return err
	}
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
		if pkg, ok := fn.X.(*ast.Ident); ok && pkg.Obj == nil && (pkg.Name == "fmt" && quietFmt[fn.Sel.Name] || pkg.Name == hookAlias) {
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
	if err := e.modernizeUnit(ctx, u.body); err != nil {
		return err
	}
	orig := slices.Clone(u.body.List) // as written, for the session's records
	names := declaredNames(u)
	before := e.existingNames(names)
	u.body.List = rewriteCommaOk(u.body.List)
	existing := e.existingVars(names)
	if len(existing) > 0 && u.body.End()-u.body.Pos() < maxProbed {
		// A failed := would reset existing variables: find errors first.
		if err := e.probe(u.body.List); err != nil {
			return err
		}
		e.reuseVariables(u.body.List)
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
	for _, st := range orig {
		src := excerpt(e.pieceOf(u, st.Pos(), st.End()).text)
		for _, n := range stmtNames(st) {
			e.sess.define(n, &global{kind: symVar, cell: e.current.count, source: src})
		}
	}
	if _, err = e.execute(ctx, prog); err != nil {
		return err
	}
	if err := e.globalize(ctx, u.body.List); err != nil {
		return err
	}
	// Variables declared again (not reused by an assignment) are new.
	changed, fresh := map[string]bool{}, map[string]bool{}
	for _, st := range u.body.List {
		for _, n := range stmtNames(st) {
			fresh[n] = true
			if before[n] {
				changed[n] = true
			}
		}
	}
	e.refreshDependents(ctx, changed, fresh)
	return nil
}

// globalize works around a yaegi bug: the variables that a top-level
// statement declares from several values (a, b := f(); v, ok := m[k];
// var q, err = strconv.Atoi(s)) are not marked global, so a function
// reading them from inside another function's call reads the wrong
// frame. Copying each to a temporary and declaring it again from there
// with a single-value := gives them proper global symbols, before any
// function is compiled against them.
func (e *Engine) globalize(ctx context.Context, stmts []ast.Stmt) error {
	var save, redeclare []ast.Stmt
	for _, st := range stmts {
		if !multiValueDefine(st) {
			continue
		}
		pos := st.Pos()
		for i, n := range stmtNames(st) {
			tmp := "__gonnCopy" + strconv.Itoa(i)
			save = append(save, defineStmt(tmp, n, pos))
			redeclare = append(redeclare, defineStmt(n, tmp, pos))
		}
	}
	for _, list := range [][]ast.Stmt{save, redeclare} {
		if len(list) == 0 {
			return nil
		}
		if err := e.run(ctx, &ast.BlockStmt{Lbrace: list[0].Pos(), List: list, Rbrace: list[0].Pos()}); err != nil {
			return err
		}
	}
	return nil
}

// defineStmt is "name := value".
func defineStmt(name, value string, pos token.Pos) ast.Stmt {
	return &ast.AssignStmt{
		Lhs:    []ast.Expr{&ast.Ident{Name: name, NamePos: pos}},
		TokPos: pos, Tok: token.DEFINE,
		Rhs: []ast.Expr{&ast.Ident{Name: value, NamePos: pos}},
	}
}

// rewriteCommaOk works around a yaegi bug: at top level, v, ok := m[k]
// and v, ok := x.(T) fail to compile ("nil type"). They become
// single-value definitions, the ok computed by a function literal (where
// yaegi handles the comma-ok form), the map, key and operand evaluated
// once:
//
//	__gonnM, __gonnK := m, k
//	v := __gonnM[__gonnK]
//	ok := func() bool { _, ok := __gonnM[__gonnK]; return ok }()
func rewriteCommaOk(stmts []ast.Stmt) []ast.Stmt {
	if len(stmts) != 1 {
		return stmts // splitDefines puts such a statement in a unit of its own
	}
	as, ok := stmts[0].(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return stmts
	}
	pos := as.Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{Name: name, NamePos: pos} }
	var setup ast.Stmt
	var value, probe ast.Expr // the value, and the comma-ok form to ask ok of
	switch x := as.Rhs[0].(type) {
	case *ast.IndexExpr:
		setup = &ast.AssignStmt{Lhs: []ast.Expr{id("__gonnM"), id("__gonnK")}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{x.X, x.Index}}
		value = &ast.IndexExpr{X: id("__gonnM"), Lbrack: pos, Index: id("__gonnK"), Rbrack: pos}
		probe = &ast.IndexExpr{X: id("__gonnM"), Lbrack: pos, Index: id("__gonnK"), Rbrack: pos}
	case *ast.TypeAssertExpr:
		if x.Type == nil {
			return stmts
		}
		setup = &ast.AssignStmt{Lhs: []ast.Expr{id("__gonnX")}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{x.X}}
		// v := func() T { v, _ := __gonnX.(T); return v }()
		value = &ast.CallExpr{Fun: &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: x.Type}}}},
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
				&ast.AssignStmt{Lhs: []ast.Expr{id("__gonnV"), id("_")}, TokPos: pos, Tok: token.DEFINE,
					Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id("__gonnX"), Lparen: pos, Type: x.Type, Rparen: pos}}},
				&ast.ReturnStmt{Return: pos, Results: []ast.Expr{id("__gonnV")}},
			}},
		}, Lparen: pos, Rparen: pos}
		probe = &ast.TypeAssertExpr{X: id("__gonnX"), Lparen: pos, Type: x.Type, Rparen: pos}
	default:
		return stmts
	}
	out := []ast.Stmt{setup}
	if v, ok := as.Lhs[0].(*ast.Ident); ok && v.Name != "_" {
		out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{v}, TokPos: as.TokPos, Tok: token.DEFINE, Rhs: []ast.Expr{value}})
	}
	if okID, ok := as.Lhs[1].(*ast.Ident); ok && okID.Name != "_" {
		// ok := func() bool { _, ok := <probe>; return ok }()
		out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{okID}, TokPos: as.TokPos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.CallExpr{
			Fun: &ast.FuncLit{
				Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: id("bool")}}}},
				Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
					&ast.AssignStmt{Lhs: []ast.Expr{id("_"), id("__gonnOk")}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{probe}},
					&ast.ReturnStmt{Return: pos, Results: []ast.Expr{id("__gonnOk")}},
				}},
			},
			Lparen: pos, Rparen: pos,
		}}})
	}
	return out
}

// multiValueDefine reports whether a statement declares variables from
// one expression of several values.
func multiValueDefine(st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.AssignStmt:
		return st.Tok == token.DEFINE && len(st.Lhs) > 1 && len(st.Rhs) == 1
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			return false
		}
		for _, sp := range gd.Specs {
			if vs := sp.(*ast.ValueSpec); len(vs.Names) > 1 && len(vs.Values) == 1 {
				return true
			}
		}
	}
	return false
}

// reuseVariables turns a redeclaration of existing variables with values
// of their own type into an assignment. yaegi's := and var at top level
// make a new variable even then, and functions compiled earlier keep
// using the old one: re-running "lr := 0.01" would not change the
// learning rate a training function reads. Whether the new value has the
// variable's type is asked of yaegi, by compiling (in a function literal,
// which registers nothing) a pointer assignment that only identical types
// allow; a redeclaration with another type stays one.
func (e *Engine) reuseVariables(stmts []ast.Stmt) {
	for i, st := range stmts {
		check, reuse := e.reuseCheck(st)
		if check == nil {
			continue
		}
		if e.probe(check) == nil {
			stmts[i] = reuse
		}
	}
}

// reuseCheck returns, for a statement that redeclares only existing
// variables, the statements of the type check and the assignment that
// replaces it; nil if the statement is not such a redeclaration.
func (e *Engine) reuseCheck(st ast.Stmt) (check []ast.Stmt, reuse ast.Stmt) {
	var lhs []ast.Expr
	var newDecl ast.Stmt // declares the fresh values __gonnNewI
	pos := st.Pos()
	fresh := func(i int) *ast.Ident { return &ast.Ident{Name: "__gonnNew" + strconv.Itoa(i), NamePos: pos} }
	old := func(i int) *ast.Ident { return &ast.Ident{Name: "__gonnOld" + strconv.Itoa(i), NamePos: pos} }
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE {
			return nil, nil
		}
		lhs = st.Lhs
		var names []ast.Expr
		for i := range lhs {
			names = append(names, fresh(i))
		}
		newDecl = &ast.AssignStmt{Lhs: names, TokPos: pos, Tok: token.DEFINE, Rhs: st.Rhs}
		reuse = &ast.AssignStmt{Lhs: st.Lhs, TokPos: st.TokPos, Tok: token.ASSIGN, Rhs: st.Rhs}
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 {
			return nil, nil
		}
		vs := gd.Specs[0].(*ast.ValueSpec)
		var names []*ast.Ident
		for i, n := range vs.Names {
			lhs = append(lhs, n)
			names = append(names, fresh(i))
		}
		newDecl = &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: []ast.Spec{
			&ast.ValueSpec{Names: names, Type: vs.Type, Values: vs.Values}}}}
		if len(vs.Values) == 0 {
			// var x T again: x becomes T's zero value.
			zero := &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: []ast.Spec{
				&ast.ValueSpec{Names: []*ast.Ident{fresh(0)}, Type: vs.Type}}}}
			var assigns []ast.Stmt
			for _, n := range vs.Names {
				assigns = append(assigns, &ast.AssignStmt{Lhs: []ast.Expr{n}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{fresh(0)}})
			}
			reuse = &ast.BlockStmt{Lbrace: pos, List: append([]ast.Stmt{zero}, assigns...), Rbrace: st.End()}
		} else {
			reuse = &ast.AssignStmt{Lhs: lhs, TokPos: pos, Tok: token.ASSIGN, Rhs: vs.Values}
		}
	default:
		return nil, nil
	}
	check = []ast.Stmt{newDecl}
	for i, l := range lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			return nil, nil
		}
		if id.Name == "_" {
			continue
		}
		if g := e.sess.globals[id.Name]; g == nil || g.kind != symVar {
			return nil, nil // a new variable: keep the declaration
		}
		// __gonnOldI := &x; __gonnOldI = &__gonnNewI; _ = __gonnOldI
		check = append(check,
			&ast.AssignStmt{Lhs: []ast.Expr{old(i)}, TokPos: pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.UnaryExpr{OpPos: pos, Op: token.AND, X: &ast.Ident{Name: id.Name, NamePos: pos}}}},
			&ast.AssignStmt{Lhs: []ast.Expr{old(i)}, TokPos: pos, Tok: token.ASSIGN,
				Rhs: []ast.Expr{&ast.UnaryExpr{OpPos: pos, Op: token.AND, X: fresh(i)}}},
			&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{Name: "_", NamePos: pos}}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{old(i)}})
	}
	return check, reuse
}
