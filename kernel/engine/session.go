package engine

import (
	"fmt"
	"go/ast"
	"go/token"
	"sync"
)

// session is what the engine knows about the names cells have defined.
// yaegi keeps the symbols themselves; the session keeps what is needed to
// redefine, restore and diagnose them. The pipeline uses it under
// Engine.mu; it changes it only through the methods below, which also
// take mu, so that completion and inspection can read it (under mu) while
// a cell runs.
type session struct {
	mu sync.RWMutex

	imports    map[string]importRecord // package name in cells -> import
	dotImports map[string]bool         // paths imported with "."
	globals    map[string]*global      // names defined at top level
	tombs      map[string]tombstone    // names whose last definition failed
	version    int                     // last type version handed out
	minMax     bool                    // the min and max helpers are compiled
	// uses caches the free names of stored declarations, by source
	// (dependents.go); only the pipeline uses it.
	uses map[string]map[string]bool
}

func newSession() *session {
	return &session{
		imports:    map[string]importRecord{hookAlias: {path: hookPath}},
		dotImports: map[string]bool{},
		globals:    map[string]*global{},
		tombs:      map[string]tombstone{},
		uses:       map[string]map[string]bool{},
	}
}

// symKind is the kind of a global name.
type symKind int

const (
	symVar symKind = iota
	symConst
	symFunc
	symType
)

func (k symKind) String() string {
	return [...]string{"variable", "constant", "function", "type"}[k]
}

// global is a name defined at top level by a cell that compiled.
type global struct {
	kind symKind
	cell int // execution count of the defining cell
	// decl is the source of the defining declaration, for functions and
	// constants (a whole const group, for iota), so it can be compiled
	// again when a failed redefinition broke the symbol.
	decl piece
	// source is the declaration as the user wrote it, doc comment
	// included, for inspection (Shift+Tab).
	source string
	typ    *typeInfo // for types
}

// typeInfo is the state of a named type. A type T is compiled as a
// version "type T__gonnN <its type>" plus the alias "type T = T__gonnN",
// because yaegi ignores a second definition of a type but overwrites an
// alias; methods are declared on the version and re-emitted when the type
// gets a new one.
type typeInfo struct {
	version int   // current version; 0 if the type is not versioned
	spec    piece // "T <type>" (the type spec without the keyword)
	methods []methodInfo
}

// methodInfo is a method declaration of a type, kept to re-emit it.
type methodInfo struct {
	name string
	decl piece
}

// tombstone marks a name whose definition failed to compile and that had
// no earlier good definition: yaegi may have registered it half-way, so
// cells may not use it until it is defined again.
type tombstone struct {
	cell    int
	err     string
	removed bool // forgotten by %rm in cell, rather than failed
}

// versionSep separates a type's name from its version number.
const versionSep = "__gonn"

// versionName is the name of version v of type name.
func versionName(name string, v int) string { return fmt.Sprintf("%s%s%d", name, versionSep, v) }

// nextVersion hands out a new type version number.
func (s *session) nextVersion() int {
	s.version++
	return s.version
}

// known reports whether name is defined by an earlier cell (or marked
// as failed), so that it is not mistaken for a package to import.
func (s *session) known(name string) bool {
	if _, ok := s.imports[name]; ok {
		return true
	}
	if _, ok := s.globals[name]; ok {
		return true
	}
	_, ok := s.tombs[name]
	return ok
}

// define records a successful definition of name.
func (s *session) define(name string, g *global) {
	if name == "_" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.globals[name] = g
	delete(s.tombs, name)
}

// bury records that name may be broken in the interpreter.
func (s *session) bury(name string, cell int, err string) {
	if name == "_" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.globals, name)
	s.tombs[name] = tombstone{cell: cell, err: err}
}

// setImport records an import under a name ("." for a dot import).
func (s *session) setImport(name string, r importRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if name == "." {
		s.dotImports[r.path] = true
		return
	}
	s.imports[name] = r
}

// updateType changes the stored state of a type.
func (s *session) updateType(name string, change func(*typeInfo)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.globals[name]; g != nil && g.typ != nil {
		change(g.typ)
	}
}

// declaredNames lists the global names a unit declares.
func declaredNames(u *unit) []string {
	var names []string
	switch u.kind {
	case segDecl:
		for _, d := range u.file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					names = append(names, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						names = append(names, s.Name.Name)
					case *ast.ValueSpec:
						for _, n := range s.Names {
							names = append(names, n.Name)
						}
					}
				}
			}
		}
	case segDefine:
		for _, st := range u.body.List {
			names = append(names, stmtNames(st)...)
		}
	}
	return names
}

// stmtNames lists the names a top-level statement declares: the new
// variables of :=, and those of var declarations.
func stmtNames(st ast.Stmt) []string {
	var names []string
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok == token.DEFINE {
			for _, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					names = append(names, id.Name)
				}
			}
		}
	case *ast.DeclStmt:
		if gd, ok := st.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, sp := range gd.Specs {
				for _, id := range sp.(*ast.ValueSpec).Names {
					if id.Name != "_" {
						names = append(names, id.Name)
					}
				}
			}
		}
	}
	return names
}

// checkNames fails when a unit uses a name that nothing defines, or one
// whose definition failed. yaegi reports undefined names, but often
// obscurely ("constant definition loop", "incomplete type"); go/parser
// has already found the identifiers that the unit itself does not
// declare, so the engine can say "undefined: x" at the right place.
func (e *Engine) checkNames(u *unit) error {
	from, to := u.file.Pos(), u.file.End()
	if u.body != nil {
		from, to = u.body.Pos(), u.body.End()
	}
	for _, id := range u.file.Unresolved {
		if id.Pos() < from || id.Pos() >= to {
			continue
		}
		if t, ok := e.sess.tombs[id.Name]; ok && t.removed {
			return compileError{msg: fmt.Sprintf("%s%s is not defined: %%rm removed it in In[%d]; define it again to use it",
				e.posPrefix(id.Pos()), id.Name, t.cell)}
		}
		if t, ok := e.sess.tombs[id.Name]; ok {
			return compileError{msg: fmt.Sprintf("%s%s is not defined: its definition in In[%d] did not compile (%s); fix that cell and run it again",
				e.posPrefix(id.Pos()), id.Name, t.cell, t.err)}
		}
		if len(e.sess.dotImports) == 0 && !universe[id.Name] && !e.sess.known(id.Name) {
			return compileError{msg: e.posPrefix(id.Pos()) + "undefined: " + id.Name}
		}
	}
	if err := e.checkTypeNames(u.file, from, to); err != nil {
		return err
	}
	return e.checkRecursiveTypes(u.file, from, to)
}

// checkTypeNames fails when a name that is not a type is used as the type
// of a parameter, result or field: yaegi recurses for ever on
// "func A() A" and kills the process.
func (e *Engine) checkTypeNames(f *ast.File, from, to token.Pos) error {
	var bad *ast.Ident
	var inType func(x ast.Expr)
	inType = func(x ast.Expr) {
		switch t := x.(type) {
		case *ast.Ident:
			if bad != nil || t.Pos() < from || t.Pos() >= to {
				return
			}
			if t.Obj != nil && t.Obj.Kind != ast.Typ && t.Obj.Kind != ast.Bad {
				bad = t
			} else if g := e.sess.globals[t.Name]; t.Obj == nil && g != nil && g.kind != symType {
				bad = t
			}
		case *ast.StarExpr:
			inType(t.X)
		case *ast.ArrayType:
			inType(t.Elt)
		case *ast.MapType:
			inType(t.Key)
			inType(t.Value)
		case *ast.ChanType:
			inType(t.Value)
		case *ast.Ellipsis:
			inType(t.Elt)
		case *ast.ParenExpr:
			inType(t.X)
		}
	}
	fields := func(fl *ast.FieldList) {
		if fl != nil {
			for _, fd := range fl.List {
				inType(fd.Type)
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncType:
			fields(n.Params)
			fields(n.Results)
		case *ast.StructType:
			fields(n.Fields)
		}
		return bad == nil
	})
	if bad != nil {
		return compileError{msg: e.posPrefix(bad.Pos()) + bad.Name + " is not a type"}
	}
	return nil
}

// universe holds Go's predeclared identifiers.
var universe = map[string]bool{
	"any": true, "bool": true, "byte": true, "comparable": true, "complex64": true, "complex128": true,
	"error": true, "float32": true, "float64": true, "int": true, "int8": true, "int16": true,
	"int32": true, "int64": true, "rune": true, "string": true, "uint": true, "uint8": true,
	"uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"true": true, "false": true, "iota": true, "nil": true,
	"append": true, "cap": true, "clear": true, "close": true, "complex": true, "copy": true,
	"delete": true, "imag": true, "len": true, "make": true, "max": true, "min": true, "new": true,
	"panic": true, "print": true, "println": true, "real": true, "recover": true,
}
