package assist

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/gonn-dev/gonn/kernel/engine/symbols"
)

// session is a Scope backed by a real yaegi interpreter: cells run in it,
// and their declarations are recorded the way an engine records them.
type session struct {
	t       testing.TB
	i       *interp.Interpreter
	syms    []Symbol
	src     map[string]string
	imports map[string]string
}

func newSession(t testing.TB, cells ...string) *session {
	t.Helper()
	i := interp.New(interp.Options{})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if err := i.Use(symbols.Symbols); err != nil {
		t.Fatal(err)
	}
	s := &session{t: t, i: i, src: map[string]string{}, imports: map[string]string{}}
	for _, c := range cells {
		s.run(c)
	}
	return s
}

// assistant returns an Assistant over the session, with the standard
// library and the test symbol tables.
func (s *session) assistant() *Assistant {
	return New(s, stdlib.Symbols, symbols.Symbols)
}

// run evaluates a cell (all declarations, or statements) and records what
// it declares.
func (s *session) run(cell string) {
	s.t.Helper()
	if _, err := s.i.Eval(cell); err != nil {
		s.t.Fatalf("cell %q: %v", cell, err)
	}
	const filePrefix = "package main\n"
	fset := token.NewFileSet()
	if f, err := parser.ParseFile(fset, "", filePrefix+cell, parser.ParseComments); err == nil {
		text := func(n ast.Node, doc *ast.CommentGroup) string {
			start := n.Pos()
			if doc != nil {
				start = doc.Pos()
			}
			return cell[fset.Position(start).Offset-len(filePrefix) : fset.Position(n.End()).Offset-len(filePrefix)]
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil {
					recv := recvTypeName(d.Recv.List[0].Type)
					s.declare(Symbol{Name: d.Name.Name, Kind: Method, Recv: recv}, recv+"."+d.Name.Name, text(d, d.Doc))
				} else {
					s.declare(Symbol{Name: d.Name.Name, Kind: Func}, d.Name.Name, text(d, d.Doc))
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch sp := spec.(type) {
					case *ast.ImportSpec:
						path, _ := strconv.Unquote(sp.Path.Value)
						name := path[strings.LastIndexByte(path, '/')+1:]
						if sp.Name != nil {
							name = sp.Name.Name
						}
						s.imports[name] = path
					case *ast.TypeSpec:
						s.declare(Symbol{Name: sp.Name.Name, Kind: Type}, sp.Name.Name, text(d, d.Doc))
					case *ast.ValueSpec:
						kind := Var
						if d.Tok == token.CONST {
							kind = Const
						}
						for _, n := range sp.Names {
							s.declare(Symbol{Name: n.Name, Kind: kind}, n.Name, text(d, d.Doc))
						}
					}
				}
			}
		}
		return
	}
	const bodyPrefix = "package main\nfunc _() {\n"
	f, err := parser.ParseFile(fset, "", bodyPrefix+cell+"\n}", 0)
	if err != nil {
		s.t.Fatalf("cell %q does not parse: %v", cell, err)
	}
	for _, st := range f.Decls[0].(*ast.FuncDecl).Body.List {
		if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			text := cell[fset.Position(as.Pos()).Offset-len(bodyPrefix) : fset.Position(as.End()).Offset-len(bodyPrefix)]
			for _, l := range as.Lhs {
				s.declare(Symbol{Name: l.(*ast.Ident).Name, Kind: Var}, l.(*ast.Ident).Name, text)
			}
		}
	}
}

func (s *session) declare(sym Symbol, key, source string) {
	for i, old := range s.syms {
		if old.Name == sym.Name && old.Recv == sym.Recv {
			s.syms = append(s.syms[:i], s.syms[i+1:]...)
			break
		}
	}
	s.syms = append(s.syms, sym)
	s.src[key] = source
}

func (s *session) Names() []Symbol { return s.syms }

func (s *session) Value(name string) (reflect.Value, bool) {
	for _, sym := range s.syms {
		if sym.Name == name && sym.Kind != Method && sym.Kind != Type {
			v, err := s.i.Eval(name)
			return v, err == nil
		}
	}
	return reflect.Value{}, false
}

func (s *session) Source(name string) (string, bool) {
	src, ok := s.src[name]
	return src, ok
}

func (s *session) Imports() map[string]string { return s.imports }

// cursorMark marks the cursor in test cells.
const cursorMark = "‸"

// atCursor removes the cursor mark from cell and returns the code and
// the cursor in code points.
func atCursor(t testing.TB, cell string) (string, int) {
	t.Helper()
	i := strings.Index(cell, cursorMark)
	if i < 0 {
		t.Fatalf("no cursor mark in %q", cell)
	}
	code := cell[:i] + cell[i+len(cursorMark):]
	return code, CodePoints(code, i)
}

// TestNewTakesInterpExports checks that the engine can pass its
// []interp.Exports as they are.
func TestNewTakesInterpExports(t *testing.T) {
	tables := []interp.Exports{stdlib.Symbols, symbols.Symbols}
	a := New(nil, tables...)
	if got := a.Complete("mat.NewDen", 10).Matches; !slices.Contains(got, "NewDense") {
		t.Errorf("mat.NewDen completes to %v", got)
	}
}

func TestNewTakesMixedTables(t *testing.T) {
	a := New(nil, stdlib.Symbols, interp.Exports(symbols.Symbols))
	if got := a.Complete("mat.NewDen", 10).Matches; !slices.Contains(got, "NewDense") {
		t.Errorf("mat.NewDen completes to %v", got)
	}
}
