package engine

import (
	"cmp"
	"context"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/printer"
	"go/token"
	"path"
	"reflect"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// %who, %ls, %rm and %reset: what the cells of the session defined.

// definition is a name a cell defined, as the magics show it.
type definition struct {
	name    string
	kind    symKind
	cell    int
	spec    string   // of a type: "Point struct{…}"
	methods []string // of a type: the methods' declarations
}

// definitions returns the names cells defined that match the patterns
// (all of them without patterns), by cell then name.
func (r *magicRun) definitions(patterns string) ([]definition, error) {
	pats := strings.Fields(patterns)
	for _, p := range pats {
		if _, err := path.Match(p, ""); err != nil {
			return nil, usageError(fmt.Sprintf("bad pattern %q: %v", p, err))
		}
	}
	sess := r.e.sess
	sess.mu.RLock()
	var defs []definition
	for name, g := range sess.globals {
		if len(pats) > 0 && !slices.ContainsFunc(pats, func(p string) bool { ok, _ := path.Match(p, name); return ok }) {
			continue
		}
		d := definition{name: name, kind: g.kind, cell: g.cell}
		if g.typ != nil {
			d.spec = g.typ.spec.text
			for _, m := range g.typ.methods {
				d.methods = append(d.methods, signatureLine(m.decl.text))
			}
		}
		defs = append(defs, d)
	}
	sess.mu.RUnlock()
	slices.SortFunc(defs, func(a, b definition) int {
		return cmp.Or(cmp.Compare(a.cell, b.cell), cmp.Compare(a.name, b.name))
	})
	return defs, nil
}

// who lists names with their kinds and types.
func (r *magicRun) who(_ context.Context, s part) error {
	defs, err := r.definitions(s.args)
	if err != nil || r.none(defs, s) {
		return err
	}
	w := tabwriter.NewWriter(r.e.stdout.File(), 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tKIND\tTYPE")
	for _, d := range defs {
		fmt.Fprintf(w, "%s\t%s\t%s\n", d.name, d.kind, r.typeOf(d))
	}
	return w.Flush()
}

// ls lists declarations by the cell that made them.
func (r *magicRun) ls(_ context.Context, s part) error {
	defs, err := r.definitions(s.args)
	if err != nil || r.none(defs, s) {
		return err
	}
	w := tabwriter.NewWriter(r.e.stdout.File(), 0, 4, 2, ' ', 0)
	for _, d := range defs {
		fmt.Fprintf(w, "In[%d]\t%s\n", d.cell, r.declOf(d))
		for _, m := range d.methods {
			fmt.Fprintf(w, "In[%d]\t%s\n", d.cell, m)
		}
	}
	return w.Flush()
}

// none says so when there is nothing to list.
func (r *magicRun) none(defs []definition, s part) bool {
	if len(defs) > 0 {
		return false
	}
	if s.args != "" {
		fmt.Fprintf(r.e.stdout.File(), "no name defined by a cell matches %s\n", s.args)
	} else {
		fmt.Fprintln(r.e.stdout.File(), "no names defined by cells yet")
	}
	return true
}

// declOf returns the declaration of a definition on one line, as
// inspection shows it ("var lr float64", "func f(x int) int").
func (r *magicRun) declOf(d definition) string {
	if d.kind == symType && d.spec != "" {
		return oneLine("type " + d.spec)
	}
	in := r.e.Inspect(d.name, utf8.RuneCountInString(d.name), 0)
	text, _ := in.Data["text/plain"].(string)
	if decl, _, _ := strings.Cut(text, "\n\n"); in.Found && decl != "" {
		return oneLine(decl)
	}
	return d.kind.String() + " " + d.name
}

// typeOf returns the type of a definition as the user would write it.
func (r *magicRun) typeOf(d definition) string {
	switch d.kind {
	case symType:
		return oneLine(strings.TrimSpace(strings.TrimPrefix(d.spec, d.name)))
	case symFunc:
		return "func" + strings.TrimPrefix(r.declOf(d), "func "+d.name)
	case symConst:
		v, ok := r.e.globals()[d.name]
		if !ok || !v.IsValid() {
			return "?"
		}
		if c, ok := v.Interface().(constant.Value); ok {
			return "untyped " + strings.ToLower(c.Kind().String())
		}
		return cleanMessage(v.Type().String())
	}
	if decl := r.declOf(d); strings.HasPrefix(decl, "var "+d.name+" ") {
		return strings.TrimPrefix(decl, "var "+d.name+" ")
	}
	if v, ok := r.e.globals()[d.name]; ok && v.IsValid() {
		return cleanMessage(v.Type().String())
	}
	return "?"
}

// signatureLine returns the signature of a function or method from its
// source: its declaration without the body.
func signatureLine(src string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src, parser.SkipObjectResolution)
	if err == nil && len(f.Decls) == 1 {
		if fd, ok := f.Decls[0].(*ast.FuncDecl); ok {
			fd.Body, fd.Doc = nil, nil
			var b strings.Builder
			if printer.Fprint(&b, token.NewFileSet(), fd) == nil {
				return oneLine(b.String())
			}
		}
	}
	line, _, _ := strings.Cut(strings.TrimSpace(src), "\n")
	return oneLine(strings.TrimSuffix(strings.TrimSpace(line), "{"))
}

// maxLine is how long a line of %who or %ls may get.
const maxLine = 100

// oneLine joins the lines of s and shortens it to maxLine characters.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= maxLine {
		return s
	}
	return string([]rune(s)[:maxLine-1]) + "…"
}

// rm forgets definitions.
func (r *magicRun) rm(_ context.Context, s part) error {
	names := strings.Fields(s.args)
	if len(names) == 0 {
		return usageError("%rm needs the names to forget: %rm x f")
	}
	sess := r.e.sess
	sess.mu.RLock()
	var unknown []string
	isVar := map[string]bool{}
	for _, n := range names {
		g := sess.globals[n]
		if g == nil {
			unknown = append(unknown, n)
			continue
		}
		isVar[n] = g.kind == symVar
	}
	sess.mu.RUnlock()
	if len(unknown) > 0 {
		return usageError(fmt.Sprintf("%%rm: %s: no cell defined such a name (%%who lists them); nothing was removed", strings.Join(unknown, ", ")))
	}
	globals := r.e.globals()
	for _, n := range names {
		if v, ok := globals[n]; ok && isVar[n] && v.IsValid() && v.CanSet() {
			v.Set(reflect.Zero(v.Type())) // the old value can be collected
		}
		sess.forget(n, r.c.count)
	}
	return nil
}

// forget removes a name, marking it removed by %rm in cell.
func (s *session) forget(name string, cell int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.globals, name)
	s.tombs[name] = tombstone{cell: cell, removed: true}
}

// reset starts a fresh interpreter.
func (r *magicRun) reset(_ context.Context, s part) error {
	if err := noArgs(s); err != nil {
		return err
	}
	return r.e.resetInterpreter()
}

// resetInterpreter replaces the interpreter and forgets the session. It
// holds the session's lock throughout, so that completion and inspection
// see the old session or the new one, never a mix.
func (e *Engine) resetInterpreter() error {
	e.sess.mu.Lock()
	defer e.sess.mu.Unlock()
	fresh := newSession()
	e.sess.imports, e.sess.dotImports = fresh.imports, fresh.dotImports
	e.sess.globals, e.sess.tombs, e.sess.uses = fresh.globals, fresh.tombs, fresh.uses
	e.sess.minMax = false
	if err := e.initInterpreter(); err != nil {
		return fmt.Errorf("%%reset: %w", err)
	}
	e.keepValues()
	return nil
}
