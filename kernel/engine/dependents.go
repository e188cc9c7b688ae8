package engine

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"
)

// Dependents. yaegi binds every name a function uses when it compiles the
// function: after f, a type T, a constant or a variable is defined again,
// a function compiled before keeps calling the first f, making the first
// T, reading the first constant. The engine keeps the source of every
// function, so when a unit defines names again it compiles again the
// functions of earlier cells that use them, directly or through other
// such functions, in one file so that they see each other's new
// versions. Each is first compiled as a function literal, which registers
// nothing: one that no longer compiles with the new definitions keeps
// the earlier ones, with a warning that says why.
//
// Methods cannot be compiled again without a new version of their type,
// which values made before would not have, and generic functions cannot
// be probed as literals; types that contain a redefined type keep the
// earlier one too. For these the engine warns, naming the cell to run
// again.

// freeNames returns the names a declaration uses that it does not
// declare itself (and that are not fields or selectors), cached by
// source in the session.
func (s *session) freeNames(src string) map[string]bool {
	if names, ok := s.uses[src]; ok {
		return names
	}
	names := map[string]bool{}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src, 0)
	if err == nil {
		for _, id := range f.Unresolved {
			names[id.Name] = true
		}
	}
	s.uses[src] = names
	return names
}

// existingNames returns those of names that earlier cells defined (or
// that %rm removed: functions compiled before still use them).
func (e *Engine) existingNames(names []string) map[string]bool {
	out := map[string]bool{}
	for _, n := range names {
		if t, ok := e.sess.tombs[n]; e.sess.globals[n] != nil || ok && t.removed {
			out[n] = true
		}
	}
	return out
}

// refreshDependents compiles again the functions of earlier cells that
// use the names in changed (defined again by the unit that just ran,
// which compiled the names in fresh), and warns about the methods,
// generic functions and types that keep the earlier definitions.
func (e *Engine) refreshDependents(ctx context.Context, changed, fresh map[string]bool) {
	if len(changed) == 0 {
		return
	}
	kept := map[string]string{} // functions left as they were, and why
	var reach map[string]bool
	for {
		var funcs []string
		reach, funcs = e.dependentFuncs(changed, fresh, kept)
		if len(funcs) == 0 {
			break
		}
		f, decls, err := e.parseStoredFuncs(ctx, funcs)
		if err != nil {
			e.log.Printf("engine: recompiling %v: %v", funcs, err)
			return
		}
		failed := false
		for i, fd := range decls {
			if fd.Type.TypeParams != nil {
				kept[funcs[i]] = ""
				failed = true
			} else if err := e.probe([]ast.Stmt{blankAssign(&ast.FuncLit{Type: fd.Type, Body: fd.Body})}); err != nil {
				kept[funcs[i]] = e.describe(err, e.current).EValue
				failed = true
			}
		}
		if failed {
			continue // without them, fewer functions may need compiling
		}
		// Declarations only: nothing of the user's runs, and an interrupt
		// must not leave them compiled but not set up.
		if err := e.run(context.WithoutCancel(ctx), f); err != nil {
			e.log.Printf("engine: recompiling %v: %v", funcs, err)
			e.warn(fmt.Sprintf("gonn: %s could not be compiled again with the new definitions (%s); run their cells again",
				strings.Join(funcs, ", "), e.describe(err, e.current).EValue))
		}
		break
	}
	e.warnKept(changed, reach, kept)
}

// dependentFuncs returns the names changed and the functions that use
// them, transitively, and those functions, sorted: the stored, non-generic
// functions of earlier cells, except those in fresh and in kept.
func (e *Engine) dependentFuncs(changed, fresh map[string]bool, kept map[string]string) (map[string]bool, []string) {
	reach := map[string]bool{}
	for n := range changed {
		reach[n] = true
	}
	var funcs []string
	for grew := true; grew; {
		grew = false
		for name, g := range e.sess.globals {
			if g.kind != symFunc || g.decl.text == "" || fresh[name] || reach[name] || name == mainName {
				continue
			}
			if _, ok := kept[name]; ok {
				continue
			}
			for used := range e.sess.freeNames(g.decl.text) {
				if reach[used] {
					reach[name], grew = true, true
					funcs = append(funcs, name)
					break
				}
			}
		}
	}
	sort.Strings(funcs)
	return reach, funcs
}

// parseStoredFuncs parses the stored declarations of functions into one
// file (parseStored).
func (e *Engine) parseStoredFuncs(ctx context.Context, names []string) (*ast.File, []*ast.FuncDecl, error) {
	var b strings.Builder
	b.WriteString("package main\n")
	for _, n := range names {
		d := e.sess.globals[n].decl
		b.WriteString(d.directive() + d.text + "\n")
	}
	f, err := e.parseStored(ctx, b.String())
	if err != nil {
		return nil, nil, err
	}
	var decls []*ast.FuncDecl
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil {
			return nil, nil, fmt.Errorf("stored source of %v is not a function declaration", names)
		}
		decls = append(decls, fd)
	}
	if len(decls) != len(names) {
		return nil, nil, fmt.Errorf("stored sources of %v hold %d declarations", names, len(decls))
	}
	return f, decls, nil
}

// blankAssign is "_ = x".
func blankAssign(x ast.Expr) ast.Stmt {
	pos := x.Pos()
	return &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{Name: "_", NamePos: pos}}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{x}}
}

// warnKept tells the user which definitions of earlier cells still use
// the earlier versions of the names in reach: functions that do not
// compile with the new ones (kept, with the reason) or that are generic
// (kept, without one), methods, and types containing a redefined type.
func (e *Engine) warnKept(changed, reach map[string]bool, kept map[string]string) {
	earlier := func(src string, is func(string) bool) []string {
		var names []string
		for n := range e.sess.freeNames(src) {
			if is(n) {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		return names
	}
	reached := func(n string) bool { return reach[n] }
	changedType := func(n string) bool {
		g := e.sess.globals[n]
		return changed[n] && g != nil && g.kind == symType
	}
	var msgs []string
	keeps := func(what string, cell int, names []string, why string) {
		msg := fmt.Sprintf("gonn: %s (In[%d]) keeps the earlier %s: ", what, cell, strings.Join(names, ", "))
		if why != "" {
			msgs = append(msgs, msg+"it does not compile with the new one: "+why)
		} else {
			msgs = append(msgs, msg+fmt.Sprintf("run In[%d] again to use the new one", cell))
		}
	}
	for _, name := range sortedKeys(kept) {
		g := e.sess.globals[name]
		keeps(name, g.cell, earlier(g.decl.text, reached), kept[name])
	}
	for _, name := range sortedKeys(e.sess.globals) {
		g := e.sess.globals[name]
		if g.typ == nil || changed[name] {
			continue // not a type, or a new version with its methods
		}
		for _, m := range g.typ.methods {
			cell := e.cellOf(m.decl.line)
			if uses := earlier(m.decl.text, reached); len(uses) > 0 && cell != e.current.count {
				keeps("method "+name+"."+m.name, cell, uses, "")
			}
		}
		if uses := earlier("type "+g.typ.spec.text, changedType); len(uses) > 0 && g.cell != e.current.count {
			keeps("type "+name, g.cell, uses, "")
		}
	}
	for _, m := range msgs {
		e.warn(m)
	}
}

// sortedKeys returns the keys of a map with string keys, sorted.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
