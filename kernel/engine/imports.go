package engine

import (
	"context"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// Imports. yaegi fails on a second import of a package ("fmt/_.go
// redeclared in this block"), so the session remembers what is imported
// and drops repeated imports. Preloaded packages that a cell uses without
// importing them are imported for it, the way goimports would.

// packageIndex knows the importable packages: their paths, names and
// exported symbols.
type packageIndex struct {
	byName map[string][]string        // package name -> import paths
	syms   map[string]map[string]bool // import path -> exported names
	consts map[string]map[string]bool // import path -> untyped constants
	names  map[string]string          // import path -> package name
}

// newPackageIndex indexes symbol tables keyed "import/path/name".
func newPackageIndex(tables []interp.Exports) *packageIndex {
	x := &packageIndex{
		byName: map[string][]string{},
		syms:   map[string]map[string]bool{},
		consts: map[string]map[string]bool{},
		names:  map[string]string{},
	}
	for _, t := range tables {
		for key, syms := range t {
			dir, name := path.Dir(key), path.Base(key)
			if key == "." || dir == "." || strings.Contains(dir, "traefik/yaegi") || dir == hookPath {
				continue
			}
			if x.syms[dir] == nil {
				x.syms[dir] = map[string]bool{}
				x.consts[dir] = map[string]bool{}
				x.names[dir] = name
				x.byName[name] = append(x.byName[name], dir)
			}
			for s, v := range syms {
				x.syms[dir][s] = true
				if v.IsValid() && v.Type().Implements(constantType) {
					x.consts[dir][s] = true
				}
			}
		}
	}
	for _, paths := range x.byName {
		sort.Strings(paths)
	}
	return x
}

// preferred breaks ties between packages of the same name that export
// what a cell uses, as goimports would.
var preferred = map[string]bool{
	"math/rand":     true,
	"text/template": true,
	"image/draw":    false,
}

// lookup chooses the package a name refers to from the selectors used on
// it, or returns "" if no importable package fits.
// When none exports all the selectors, the best package of that name is
// imported anyway, so that the error names the missing symbol.
func (x *packageIndex) lookup(name string, selectors map[string]bool) string {
	var best, fallback string
	for _, p := range x.byName[name] {
		if fallback == "" || better(p, fallback) {
			fallback = p
		}
		if !x.exportsAll(p, selectors) {
			continue
		}
		if best == "" || better(p, best) {
			best = p
		}
	}
	if best == "" {
		return fallback
	}
	return best
}

// better orders candidate packages: preferred ones, then standard library
// ones, then shorter paths.
func better(a, b string) bool {
	if preferred[a] != preferred[b] {
		return preferred[a]
	}
	stdA, stdB := !strings.Contains(a, "."), !strings.Contains(b, ".")
	if stdA != stdB {
		return stdA
	}
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func (x *packageIndex) exportsAll(p string, selectors map[string]bool) bool {
	for s := range selectors {
		if !x.syms[p][s] {
			return false
		}
	}
	return true
}

// constantType is how extracted tables represent untyped constants.
var constantType = reflect.TypeOf((*constant.Value)(nil)).Elem()

// isConst reports whether a package symbol is an untyped constant.
func (x *packageIndex) isConst(p, sym string) bool { return x.consts[p][sym] }

// name returns the package name of an import path.
func (x *packageIndex) name(p string) string {
	if n, ok := x.names[p]; ok {
		return n
	}
	return path.Base(p)
}

// importRecord is an import done by an earlier cell.
type importRecord struct {
	path string
	cell int // execution count of the cell that imported it
}

// runImports compiles the import declarations of a unit that are new.
func (e *Engine) runImports(ctx context.Context, u *unit) error {
	for _, d := range u.file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		for _, s := range gd.Specs {
			if err := e.importSpec(ctx, u, s.(*ast.ImportSpec)); err != nil {
				return err
			}
		}
	}
	return nil
}

// importSpec compiles one import unless it is already done.
func (e *Engine) importSpec(ctx context.Context, u *unit, spec *ast.ImportSpec) error {
	p, err := strconv.Unquote(spec.Path.Value)
	if err != nil {
		return compileError{msg: e.posPrefix(spec.Pos()) + "invalid import path " + spec.Path.Value}
	}
	name := e.pkgs.name(p)
	if spec.Name != nil {
		name = spec.Name.Name
	}
	switch name {
	case "_":
		if e.pkgs.syms[p] != nil {
			return nil // a compiled package has nothing to initialise
		}
	case ".":
		if e.sess.dotImports[p] {
			return nil
		}
	default:
		if prev, ok := e.sess.imports[name]; ok {
			if prev.path == p {
				return nil
			}
			return compileError{msg: fmt.Sprintf("%s%s already names package %q (imported in In[%d]); import %q under another name, e.g. import %s2 %q",
				e.posPrefix(spec.Pos()), name, prev.path, prev.cell, p, name, p)}
		}
	}
	f := &ast.File{
		Package: u.file.Package,
		Name:    u.file.Name,
		Decls:   []ast.Decl{&ast.GenDecl{TokPos: spec.Pos(), Tok: token.IMPORT, Specs: []ast.Spec{spec}}},
	}
	if err := e.run(ctx, f); err != nil {
		if _, known := e.pkgs.syms[p]; !known {
			return compileError{msg: fmt.Sprintf("%v\n(gonn can import the standard library and its preloaded packages: %s)", err, strings.Join(e.pkgs.thirdParty(), ", "))}
		}
		return err
	}
	if name != "_" {
		e.sess.setImport(name, importRecord{path: p, cell: e.current.count})
	}
	return nil
}

// thirdParty lists the importable packages outside the standard library.
func (x *packageIndex) thirdParty() []string {
	var ps []string
	for p := range x.syms {
		if strings.Contains(p, ".") {
			ps = append(ps, p)
		}
	}
	sort.Strings(ps)
	return ps
}

// posPrefix formats a position of the interpreter's file set as yaegi
// does at the start of its messages.
func (e *Engine) posPrefix(pos token.Pos) string {
	p := e.interp.FileSet().Position(pos)
	return fmt.Sprintf("%d:%d: ", p.Line, p.Column)
}

// autoImport imports the preloaded packages that the cell's units use
// without importing them: identifiers used as X in X.Sel that nothing
// declares, in the cell or before it.
func (e *Engine) autoImport(ctx context.Context, units []*unit) error {
	declared := map[string]bool{}
	for _, u := range units {
		for _, n := range declaredNames(u) {
			declared[n] = true
		}
		if u.kind == segImport {
			for _, d := range u.file.Decls {
				if gd, ok := d.(*ast.GenDecl); ok {
					for _, s := range gd.Specs {
						is := s.(*ast.ImportSpec)
						if is.Name != nil {
							declared[is.Name.Name] = true
						} else if p, err := strconv.Unquote(is.Path.Value); err == nil {
							declared[e.pkgs.name(p)] = true
						}
					}
				}
			}
		}
	}
	uses := map[string]map[string]bool{} // name -> selectors
	for _, u := range units {
		ast.Inspect(u.file, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok || id.Obj != nil || declared[id.Name] || e.sess.known(id.Name) {
				return true
			}
			if uses[id.Name] == nil {
				uses[id.Name] = map[string]bool{}
			}
			uses[id.Name][sel.Sel.Name] = true
			return true
		})
	}
	names := make([]string, 0, len(uses))
	for n := range uses {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		p := e.pkgs.lookup(name, uses[name])
		if p == "" {
			continue
		}
		spec := "\"" + p + "\""
		if e.pkgs.name(p) != name {
			spec = name + " " + spec
		}
		f, err := e.parseSynthetic("package main\nimport " + spec + "\n")
		if err != nil {
			return err
		}
		if err := e.run(ctx, f); err != nil {
			return fmt.Errorf("importing %s automatically: %w", p, err)
		}
		e.sess.setImport(name, importRecord{path: p, cell: e.current.count})
		e.log.Printf("engine: imported %q for cell %d", p, e.current.count)
	}
	return nil
}
