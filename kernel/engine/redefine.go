package engine

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// Redefinition. yaegi lets a later cell redefine variables, constants and
// functions, but silently keeps the first definition of a type and of a
// method, and a declaration that fails to compile can leave its names
// registered half-way ("index out of range [0]" when used). So:
//
//   - every named type is compiled as a new version behind an alias (see
//     typeInfo), and all references to it in the unit use the version;
//   - redefining a method gives its type a new version, with the type's
//     other methods re-emitted from their stored source (a stored method
//     that no longer compiles is dropped with a warning);
//   - before redeclaring existing variables, the declarations are first
//     compiled inside a function literal, which registers nothing, so a
//     typo cannot wipe a variable; their values are also kept aside and
//     put back if the real compilation still fails;
//   - after a failed declaration, functions, constants and types that had
//     a good earlier definition get it back; names that had none are
//     buried (tombstone): cells using them get a clear error until they
//     are defined again.

// declPlan is what a declaration unit defines.
type declPlan struct {
	orig      []ast.Decl
	typeOrder []string                   // versioned types declared by the unit
	types     map[string]*ast.TypeSpec   // by name
	refs      map[string][]*ast.Ident    // idents naming a versioned type
	generic   []*ast.TypeSpec            // types not versioned
	funcs     []*ast.FuncDecl            // functions
	methods   map[string][]*ast.FuncDecl // methods by receiver type name
	consts    []*ast.GenDecl
	varDecls  []*ast.GenDecl
	vars      []string
	typeDocs  map[*ast.TypeSpec]*ast.CommentGroup // doc comments of type specs
	reversion []string                            // earlier types that need a new version
}

// injection is a stored method re-emitted with a new version of its type.
type injection struct {
	typ    string
	method methodInfo
	first  int // global lines of the stored source
	last   int
}

// planDecls analyses a declaration unit.
func (e *Engine) planDecls(u *unit) *declPlan {
	p := &declPlan{
		orig:    append([]ast.Decl(nil), u.file.Decls...),
		types:   map[string]*ast.TypeSpec{},
		refs:    map[string][]*ast.Ident{},
		methods: map[string][]*ast.FuncDecl{},

		typeDocs: map[*ast.TypeSpec]*ast.CommentGroup{},
	}
	for _, d := range u.file.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				p.funcs = append(p.funcs, d)
			} else if r := receiverName(d); r != "" {
				p.methods[r] = append(p.methods[r], d)
			}
		case *ast.GenDecl:
			switch d.Tok {
			case token.CONST:
				p.consts = append(p.consts, d)
			case token.VAR:
				p.varDecls = append(p.varDecls, d)
				for _, s := range d.Specs {
					for _, n := range s.(*ast.ValueSpec).Names {
						p.vars = append(p.vars, n.Name)
					}
				}
			case token.TYPE:
				for _, s := range d.Specs {
					ts := s.(*ast.TypeSpec)
					if ts.Doc != nil {
						p.typeDocs[ts] = ts.Doc
					} else if d.Doc != nil && len(d.Specs) == 1 {
						p.typeDocs[ts] = d.Doc
					}
					switch {
					case ts.Assign.IsValid() || ts.Name.Name == "_":
					case ts.TypeParams != nil:
						p.generic = append(p.generic, ts)
					default:
						p.typeOrder = append(p.typeOrder, ts.Name.Name)
						p.types[ts.Name.Name] = ts
					}
				}
			}
		}
	}
	// Methods redefined on earlier types need a new version of the type.
	for r, ms := range p.methods {
		if _, here := p.types[r]; here {
			continue
		}
		g := e.sess.globals[r]
		if g == nil || g.typ == nil || g.typ.version == 0 {
			continue
		}
		for _, m := range ms {
			if g.typ.hasMethod(m.Name.Name) {
				p.reversion = append(p.reversion, r)
				break
			}
		}
	}
	sort.Strings(p.reversion)
	// References to the versioned types in the unit.
	for name, ts := range p.types {
		obj := ts.Name.Obj
		p.refs[name] = collectRefs(u.file, func(id *ast.Ident) bool { return id.Obj != nil && id.Obj == obj })
	}
	for _, name := range p.reversion {
		p.refs[name] = collectRefs(u.file, func(id *ast.Ident) bool { return id.Obj == nil && id.Name == name })
	}
	return p
}

// hasMethod reports whether the type has a stored method called name.
func (t *typeInfo) hasMethod(name string) bool {
	for _, m := range t.methods {
		if m.name == name {
			return true
		}
	}
	return false
}

// receiverName returns the name of a method's receiver type, or "" for a
// generic receiver.
func receiverName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return ""
	}
	t := d.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// collectRefs returns the identifiers of f in places where they refer to
// something (not field, method, label or selector names) that match.
func collectRefs(n ast.Node, match func(*ast.Ident) bool) []*ast.Ident {
	skip := map[*ast.Ident]bool{}
	var refs []*ast.Ident
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			skip[n.Sel] = true
		case *ast.Field:
			for _, id := range n.Names {
				skip[id] = true
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok && id.Obj == nil {
				skip[id] = true
			}
		case *ast.FuncDecl:
			skip[n.Name] = true
		case *ast.LabeledStmt:
			skip[n.Label] = true
		case *ast.BranchStmt:
			if n.Label != nil {
				skip[n.Label] = true
			}
		case *ast.Ident:
			if !skip[n] && match(n) {
				refs = append(refs, n)
			}
		}
		return true
	})
	return refs
}

// runDecls compiles and runs a declaration unit.
//
// Package-level var declarations run as statements where possible: yaegi
// fails ("variable definition loop") to initialise a var of a file from a
// var of an earlier cell, and statements get the protection of runDefine.
func (e *Engine) runDecls(ctx context.Context, u *unit) error {
	if err := e.checkNames(u); err != nil {
		return err
	}
	rewriteGoStmts(e, u.file)
	moved := e.moveVars(u)
	if len(u.file.Decls) == 0 {
		return e.runDefine(ctx, moved)
	}
	e.inlineData(u.file)
	if err := e.modernizeUnit(ctx, u.file); err != nil {
		return err
	}
	e.renameMain(u)
	p := e.planDecls(u)
	snap := e.snapshot(e.existingVars(p.vars))
	declared := append(declaredNames(u), p.reversion...)
	changed := e.existingNames(declared)

	versions, injected, prog, err := e.compileVersioned(ctx, u.file, p)
	if err != nil {
		e.repairDecls(ctx, p, snap, err)
		return err
	}
	// Once compiled, the declarations exist, even if running variable
	// initialisers panics or is interrupted.
	_, runErr := e.execute(ctx, prog)
	e.commitDecls(u, p, versions, injected)
	fresh := map[string]bool{}
	for _, n := range declared {
		fresh[n] = true
	}
	e.refreshDependents(ctx, changed, fresh)
	if runErr != nil || moved == nil {
		return runErr
	}
	return e.runDefine(ctx, moved)
}

// A cell may be a whole program: package clause, imports, func main. yaegi
// would run a declared main after every later compilation, so the
// pipeline renames it and calls it itself, once, when the cell's other
// units have run.

// mainName is what func main of a cell is compiled as.
const mainName = "main" + versionSep + "0"

// renameMain renames the cell's func main, and calls to it.
func (e *Engine) renameMain(u *unit) {
	for _, d := range u.file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || fd.Name.Name != "main" {
			continue
		}
		obj := fd.Name.Obj
		for _, id := range collectRefs(u.file, func(id *ast.Ident) bool { return id.Obj != nil && id.Obj == obj }) {
			id.Name = mainName
		}
		fd.Name.Name = mainName
		e.current.main = fd.Name.Pos()
	}
}

// runMain calls the func main a cell declared.
func (e *Engine) runMain(ctx context.Context, pos token.Pos) error {
	call := &ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.Ident{Name: mainName, NamePos: pos}, Lparen: pos, Rparen: pos}}
	return e.run(ctx, &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{call}, Rbrace: pos})
}

// moveVars takes out of a declaration unit the var specs that can run as
// statements after it, and returns them as a unit (nil if none): all of
// them when the unit declares only vars, otherwise those that use a
// variable of an earlier cell and that no function of the unit uses.
func (e *Engine) moveVars(u *unit) *unit {
	onlyVars := true
	usedByFuncs := map[*ast.ValueSpec]bool{} // var specs the unit's functions use
	for _, d := range u.file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			continue
		}
		onlyVars = false
		if fd, ok := d.(*ast.FuncDecl); ok {
			ast.Inspect(fd, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && id.Obj != nil {
					if vs, ok := id.Obj.Decl.(*ast.ValueSpec); ok {
						usedByFuncs[vs] = true
					}
				}
				return true
			})
		}
	}
	usesEarlierVar := func(vs *ast.ValueSpec) bool {
		found := false
		for _, v := range vs.Values {
			ast.Inspect(v, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && id.Obj == nil {
					if g := e.sess.globals[id.Name]; g != nil && g.kind == symVar {
						found = true
					}
				}
				return !found
			})
		}
		return found
	}
	var stmts []ast.Stmt
	var keep []ast.Decl
	for _, d := range u.file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			keep = append(keep, d)
			continue
		}
		var kept, out []ast.Spec
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			if (onlyVars || usesEarlierVar(vs)) && !usedByFuncs[vs] {
				out = append(out, s)
			} else {
				kept = append(kept, s)
			}
		}
		if len(out) > 0 {
			stmts = append(stmts, &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: gd.TokPos, Tok: token.VAR, Specs: out}})
		}
		if len(kept) > 0 {
			gd.Specs = kept
			keep = append(keep, gd)
		}
	}
	u.file.Decls = keep
	if len(stmts) == 0 {
		return nil
	}
	body := &ast.BlockStmt{Lbrace: stmts[0].Pos(), List: stmts, Rbrace: stmts[len(stmts)-1].End()}
	return &unit{kind: segDefine, src: u.src, file: u.file, body: body}
}

// compileVersioned compiles a file of declarations with new versions of
// the types it declares or re-versions. Stored methods of those types are
// re-emitted; one that fails to compile is dropped (with a warning) and
// the compilation retried.
func (e *Engine) compileVersioned(ctx context.Context, f *ast.File, p *declPlan) (map[string]int, []injection, *interp.Program, error) {
	dropped := map[string]bool{} // "Type.Method"
	for attempt := 0; ; attempt++ {
		versions := map[string]int{}
		var front, aliases []ast.Decl
		var injected []injection
		var aliasSpecs []ast.Spec
		for _, name := range p.typeOrder {
			v := e.sess.nextVersion()
			versions[name] = v
			p.types[name].Name.Name = versionName(name, v)
		}
		for _, name := range p.reversion {
			v := e.sess.nextVersion()
			versions[name] = v
			spec, err := e.parseStoredSpec(e.sess.globals[name].typ.spec, name, v)
			if err != nil {
				return nil, nil, nil, err
			}
			front = append(front, &ast.GenDecl{TokPos: spec.Pos(), Tok: token.TYPE, Specs: []ast.Spec{spec}})
		}
		for name, ids := range p.refs {
			for _, id := range ids {
				id.Name = versionName(name, versions[name])
			}
		}
		for _, name := range append(append([]string(nil), p.typeOrder...), p.reversion...) {
			vname := versionName(name, versions[name])
			pos := f.Package
			if ts, ok := p.types[name]; ok {
				pos = ts.Pos()
			}
			aliasSpecs = append(aliasSpecs, &ast.TypeSpec{
				Name:   &ast.Ident{Name: name, NamePos: pos},
				Assign: pos,
				Type:   &ast.Ident{Name: vname, NamePos: pos},
			})
			g := e.sess.globals[name]
			if g == nil || g.typ == nil {
				continue
			}
			for _, m := range g.typ.methods {
				if dropped[name+"."+m.name] || declaresMethod(p.methods[name], m.name) {
					continue
				}
				fd, err := e.parseStoredMethod(ctx, m.decl, versions)
				if err != nil {
					dropped[name+"."+m.name] = true
					continue
				}
				front = append(front, fd)
				injected = append(injected, injection{typ: name, method: m,
					first: m.decl.line, last: m.decl.line + strings.Count(m.decl.text, "\n")})
			}
		}
		if len(aliasSpecs) > 0 {
			aliases = append(aliases, &ast.GenDecl{TokPos: f.Package, Tok: token.TYPE, Specs: aliasSpecs})
		}
		f.Decls = append(append(front, p.orig...), aliases...)
		prog, err := e.compile(f)
		f.Decls = p.orig
		if err == nil {
			return versions, injected, prog, nil
		}
		if inj, ok := e.injectionAt(err, injected); ok && attempt <= len(injected) {
			dropped[inj.typ+"."+inj.method.name] = true
			e.warn(fmt.Sprintf("gonn: method %s.%s (defined in In[%d]) was dropped: it does not compile with the new %s: %s",
				inj.typ, inj.method.name, e.cellOf(inj.first), inj.typ, e.describe(err, e.current).EValue))
			continue
		}
		return nil, nil, nil, err
	}
}

// declaresMethod reports whether ds declares a method called name.
func declaresMethod(ds []*ast.FuncDecl, name string) bool {
	for _, d := range ds {
		if d.Name.Name == name {
			return true
		}
	}
	return false
}

// injectionAt finds the re-emitted method a compile error points into.
func (e *Engine) injectionAt(err error, injected []injection) (injection, bool) {
	var ce compileError
	if !errors.As(err, &ce) {
		return injection{}, false
	}
	m := leadingPos.FindStringSubmatch(ce.msg)
	if m == nil {
		return injection{}, false
	}
	var line int
	fmt.Sscan(m[1], &line)
	for _, inj := range injected {
		if line >= inj.first && line <= inj.last {
			return inj, true
		}
	}
	return injection{}, false
}

// cellOf returns the execution count of the cell holding a global line.
func (e *Engine) cellOf(line int) int {
	c, _, _ := e.lines.locate(line)
	return c.count
}

// parseStoredSpec parses a stored type spec as version v of name.
func (e *Engine) parseStoredSpec(spec piece, name string, v int) (*ast.TypeSpec, error) {
	f, err := e.parseSynthetic("package main\ntype " + spec.directive() + spec.text + "\n")
	if err != nil {
		return nil, err
	}
	ts := f.Decls[0].(*ast.GenDecl).Specs[0].(*ast.TypeSpec)
	obj := ts.Name.Obj
	for _, id := range collectRefs(ts.Type, func(id *ast.Ident) bool { return id.Obj != nil && id.Obj == obj }) {
		id.Name = versionName(name, v)
	}
	ts.Name.Name = versionName(name, v)
	return ts, nil
}

// parseStoredMethod parses a stored method, naming the given type
// versions instead of their aliases.
func (e *Engine) parseStoredMethod(ctx context.Context, decl piece, versions map[string]int) (*ast.FuncDecl, error) {
	f, err := e.parseStored(ctx, "package main\n"+decl.directive()+decl.text+"\n")
	if err != nil {
		return nil, err
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok {
		return nil, errors.New("stored method is not a function declaration")
	}
	for _, id := range collectRefs(fd, func(id *ast.Ident) bool { _, ok := versions[id.Name]; return id.Obj == nil && ok }) {
		id.Name = versionName(id.Name, versions[id.Name])
	}
	return fd, nil
}

// parseStored parses declarations of earlier cells kept as their source,
// and rewrites them as their cells were (go statements, newer Go), before
// they are compiled again.
func (e *Engine) parseStored(ctx context.Context, src string) (*ast.File, error) {
	f, err := e.parseSynthetic(src)
	if err != nil {
		return nil, err
	}
	rewriteGoStmts(e, f)
	if err := e.modernizeUnit(ctx, f); err != nil {
		return nil, err
	}
	return f, nil
}

// parseSynthetic parses source made by the engine.
func (e *Engine) parseSynthetic(src string) (*ast.File, error) {
	f, err := parser.ParseFile(e.interp.FileSet(), sourceName, src, 0)
	if err != nil {
		return nil, fmt.Errorf("engine: parsing generated source: %w", err)
	}
	return f, nil
}

// commitDecls records what a compiled declaration unit defined.
func (e *Engine) commitDecls(u *unit, p *declPlan, versions map[string]int, injected []injection) {
	cell := e.current.count
	for _, fd := range p.funcs {
		decl := e.pieceOf(u, withDoc(fd.Doc, fd.Pos()), fd.End())
		e.sess.define(fd.Name.Name, &global{kind: symFunc, cell: cell, decl: decl, source: decl.text})
	}
	for _, gd := range p.consts {
		decl := e.pieceOf(u, withDoc(gd.Doc, gd.Pos()), gd.End())
		for _, s := range gd.Specs {
			for _, n := range s.(*ast.ValueSpec).Names {
				e.sess.define(n.Name, &global{kind: symConst, cell: cell, decl: decl, source: decl.text})
			}
		}
	}
	for _, gd := range p.varDecls {
		src := excerpt(e.pieceOf(u, withDoc(gd.Doc, gd.Pos()), gd.End()).text)
		for _, s := range gd.Specs {
			for _, n := range s.(*ast.ValueSpec).Names {
				e.sess.define(n.Name, &global{kind: symVar, cell: cell, source: src})
			}
		}
	}
	for _, ts := range p.generic {
		spec := e.pieceOf(u, ts.Name.Pos(), ts.End())
		if g := e.sess.globals[ts.Name.Name]; g != nil && g.typ != nil && g.typ.version == 0 {
			// yaegi keeps the first definition of a type, and generic
			// types cannot be versioned behind an alias.
			if g.typ.spec.text != spec.text {
				e.warn(fmt.Sprintf("gonn: the generic type %s keeps its first definition (from In[%d]): yaegi cannot redefine generic types; restart the kernel to change it",
					ts.Name.Name, g.cell))
			}
			continue
		}
		e.sess.define(ts.Name.Name, &global{kind: symType, cell: cell, source: e.typeSource(u, p, ts),
			typ: &typeInfo{spec: spec}})
	}
	kept := map[string][]methodInfo{}
	for _, inj := range injected {
		kept[inj.typ] = append(kept[inj.typ], inj.method)
	}
	for _, name := range p.typeOrder {
		ts := p.types[name]
		e.sess.define(name, &global{kind: symType, cell: cell, source: e.typeSource(u, p, ts), typ: &typeInfo{
			version: versions[name],
			spec:    e.pieceOf(u, ts.Name.Pos(), ts.End()),
			methods: kept[name],
		}})
	}
	for _, name := range p.reversion {
		e.sess.updateType(name, func(t *typeInfo) {
			t.version = versions[name]
			t.methods = kept[name]
		})
	}
	for r, ms := range p.methods {
		for _, m := range ms {
			mi := methodInfo{name: m.Name.Name, decl: e.pieceOf(u, withDoc(m.Doc, m.Pos()), m.End())}
			e.sess.updateType(r, func(t *typeInfo) { t.setMethod(mi) })
		}
	}
}

// typeSource is the declaration of a type as the user wrote it.
func (e *Engine) typeSource(u *unit, p *declPlan, ts *ast.TypeSpec) string {
	src := "type " + e.pieceOf(u, ts.Name.Pos(), ts.End()).text
	if doc := p.typeDocs[ts]; doc != nil && withDoc(doc, doc.End()) < doc.End() {
		src = e.pieceOf(u, withDoc(doc, doc.End()), doc.End()).text + "\n" + src
	}
	return src
}

// setMethod adds or replaces a stored method.
func (t *typeInfo) setMethod(m methodInfo) {
	for i := range t.methods {
		if t.methods[i].name == m.name {
			t.methods[i] = m
			return
		}
	}
	t.methods = append(t.methods, m)
}

// repairDecls undoes what a failed declaration unit may have broken.
func (e *Engine) repairDecls(ctx context.Context, p *declPlan, snap []saved, cause error) {
	cell := e.current.count
	why := e.describe(cause, e.current).EValue
	restore := func(name string, kinds ...symKind) {
		g := e.sess.globals[name]
		if g == nil || !hasKind(g.kind, kinds) || g.decl.text == "" {
			e.sess.bury(name, cell, why)
			return
		}
		f, err := e.parseStored(ctx, "package main\n"+g.decl.directive()+g.decl.text+"\n")
		if err == nil {
			err = e.run(ctx, f)
		}
		if err != nil {
			e.log.Printf("engine: restoring %s failed: %v", name, err)
			e.sess.bury(name, cell, why)
		}
	}
	for _, fd := range p.funcs {
		restore(fd.Name.Name, symFunc)
	}
	for _, gd := range p.consts {
		for _, s := range gd.Specs {
			for _, n := range s.(*ast.ValueSpec).Names {
				restore(n.Name, symConst)
			}
		}
	}
	types := append(append([]string(nil), p.typeOrder...), p.reversion...)
	for r := range p.methods {
		types = append(types, r)
	}
	for _, ts := range p.generic {
		e.sess.bury(ts.Name.Name, cell, why)
	}
	done := map[string]bool{}
	for _, name := range types {
		if done[name] {
			continue
		}
		done[name] = true
		g := e.sess.globals[name]
		if g == nil || g.typ == nil || g.typ.version == 0 {
			if _, declared := p.types[name]; declared {
				e.sess.bury(name, cell, why)
			}
			continue
		}
		if err := e.rebuildType(ctx, name); err != nil {
			e.log.Printf("engine: rebuilding type %s failed: %v", name, err)
			e.sess.bury(name, cell, why)
		}
	}
	e.restore(snap)
	for _, v := range p.vars {
		if g := e.sess.globals[v]; g == nil || g.kind != symVar {
			e.sess.bury(v, cell, why)
		}
	}
}

func hasKind(k symKind, kinds []symKind) bool {
	for _, x := range kinds {
		if k == x {
			return true
		}
	}
	return false
}

// rebuildType gives a type a new version from its stored definition and
// methods.
func (e *Engine) rebuildType(ctx context.Context, name string) error {
	f, err := e.parseSynthetic("package main\n")
	if err != nil {
		return err
	}
	p := &declPlan{types: map[string]*ast.TypeSpec{}, refs: map[string][]*ast.Ident{},
		methods: map[string][]*ast.FuncDecl{}, reversion: []string{name}}
	versions, injected, prog, err := e.compileVersioned(ctx, f, p)
	if err != nil {
		return err
	}
	if _, err := e.execute(ctx, prog); err != nil {
		return err
	}
	var kept []methodInfo
	for _, inj := range injected {
		kept = append(kept, inj.method)
	}
	e.sess.updateType(name, func(t *typeInfo) {
		t.version = versions[name]
		t.methods = kept
	})
	return nil
}

// existingVars returns those of names that are variables of earlier cells.
func (e *Engine) existingVars(names []string) []string {
	var out []string
	for _, n := range names {
		if g := e.sess.globals[n]; g != nil && g.kind == symVar {
			out = append(out, n)
		}
	}
	return out
}

// saved is the value of a variable kept aside.
type saved struct {
	name  string
	value reflect.Value
}

// globals returns the interpreter's global variables. yaegi's Globals
// indexes its memory with the symbols it knows, which a compilation that
// failed (or a cell still running) may have registered beyond what is
// allocated; then it panics, and the engine knows no values.
func (e *Engine) globals() (g map[string]reflect.Value) {
	defer func() {
		if r := recover(); r != nil {
			e.log.Printf("engine: reading globals: %v", r)
			g = nil
		}
	}()
	return e.interp.Globals()
}

// snapshot copies the current values of variables.
func (e *Engine) snapshot(names []string) []saved {
	if len(names) == 0 {
		return nil
	}
	globals := e.globals()
	var out []saved
	for _, n := range names {
		v, ok := globals[n]
		if !ok || !v.IsValid() {
			continue
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		out = append(out, saved{name: n, value: c})
	}
	return out
}

// restore puts saved values back where the variable still has its type,
// and warns about the others.
func (e *Engine) restore(snap []saved) {
	if len(snap) == 0 {
		return
	}
	globals := e.globals()
	for _, s := range snap {
		v, ok := globals[s.name]
		if ok && v.IsValid() && v.Type() == s.value.Type() && v.CanSet() {
			v.Set(s.value)
			continue
		}
		e.warn(fmt.Sprintf("gonn: the failed declaration changed %s; its earlier value could not be restored", s.name))
	}
}

// probe compiles statements inside a function literal, which registers
// no global name: a compile error found this way cannot break anything.
func (e *Engine) probe(stmts []ast.Stmt) error {
	if len(stmts) == 0 {
		return nil
	}
	_, err := e.compile(&ast.BlockStmt{Lbrace: stmts[0].Pos(), List: []ast.Stmt{funcLitStmt(stmts, false)}})
	return err
}

// funcLitStmt wraps statements in a function literal, called or not.
func funcLitStmt(stmts []ast.Stmt, call bool) ast.Stmt {
	pos := stmts[0].Pos()
	end := stmts[len(stmts)-1].End()
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}},
		Body: &ast.BlockStmt{Lbrace: pos, List: stmts, Rbrace: end},
	}
	if !call {
		return &ast.ExprStmt{X: lit}
	}
	return &ast.ExprStmt{X: &ast.CallExpr{Fun: lit, Lparen: end, Rparen: end}}
}

// warn writes a notice of the engine to the cell's stderr.
func (e *Engine) warn(msg string) {
	fmt.Fprintln(e.stderr.File(), msg)
}
