package assist

import (
	"reflect"

	"github.com/gonn-dev/gonn/kernel/assist/docindex"
	"github.com/gonn-dev/gonn/kernel/lang"
)

// Kind says what a name denotes.
type Kind string

// The kinds of names.
const (
	Var     Kind = "var"
	Const   Kind = "const"
	Func    Kind = "func"
	Type    Kind = "type"
	Method  Kind = "method"
	Field   Kind = "field"
	Package Kind = "package"
	Keyword Kind = "keyword"
)

// Symbol is a name the user declared in an earlier cell.
type Symbol struct {
	Name string
	Kind Kind // Var, Const, Func, Type or Method
	// Recv is, for a method, the name of its receiver's base type
	// ("Point" for func (p *Point) Scale(…)); empty otherwise.
	Recv string
}

// Scope is what the engine knows about the user's session. Its methods may
// be called while a cell runs, from another goroutine, and must not block
// on the cell; they must be safe for concurrent use.
type Scope interface {
	// Names returns the names the user has declared in earlier cells:
	// variables, constants, functions, types and methods.
	Names() []Symbol
	// Value returns the current value of a user variable or constant. An
	// addressable value (the variable itself) keeps the static type of an
	// interface variable; a copy shows only the dynamic type.
	Value(name string) (reflect.Value, bool)
	// Source returns the declaration of a user-defined name as the user
	// wrote it, doc comment included: "f" for a function, variable,
	// constant or type, "Point.Scale" for a method. For a variable it may
	// be the statement that declared it (`m := nnlib.NewSequential()`);
	// for a type, the spec without its keyword (`Point struct{…}`) will do.
	Source(name string) (string, bool)
	// Imports maps the local names of packages the user imported (under
	// their own name or an alias, "crand" → "crypto/rand") to import paths.
	// Preloaded packages missing here are taken to be visible under their
	// package name, as the engine imports them on first use.
	Imports() map[string]string
}

// Assistant answers complete, inspect and is_complete requests for one
// kernel session. It is safe for concurrent use; it implements
// lang.Completer, lang.Inspector and lang.CompletenessChecker.
type Assistant struct {
	pkgs  *packages
	scope Scope
	docs  func() (*docindex.Index, error)
}

var (
	_ lang.Completer = (*Assistant)(nil)
	// _ lang.Inspector           = (*Assistant)(nil)
	_ lang.CompletenessChecker = (*Assistant)(nil)
)

// Symbols is a yaegi symbol table: "path/name" → member → value, such as
// github.com/traefik/yaegi/stdlib.Symbols, interp.Exports and what
// `yaegi extract` writes.
type Symbols interface {
	~map[string]map[string]reflect.Value
}

// New returns an Assistant for the session scope describes (nil for none),
// whose cells can use the packages of the symbol tables. A later table's
// package replaces an earlier one's. New reads the tables once and does
// not keep them. It starts decoding the embedded documentation in the
// background, so that the first request seldom waits for it.
func New[S Symbols](scope Scope, tables ...S) *Assistant {
	if scope == nil {
		scope = noScope{}
	}
	plain := make([]map[string]map[string]reflect.Value, len(tables))
	for i, t := range tables {
		plain[i] = t
	}
	a := &Assistant{pkgs: newPackages(plain), scope: scope, docs: docindex.Embedded}
	go a.docs() //nolint:errcheck // warms the shared index; errors surface on use
	return a
}

// index returns the documentation index, or an empty one if it cannot be
// decoded (the binary was built without a valid index).
func (a *Assistant) index() *docindex.Index {
	ix, err := a.docs()
	if err != nil || ix == nil {
		return &docindex.Index{Packages: map[string]*docindex.Package{}}
	}
	return ix
}

// IsComplete implements lang.CompletenessChecker; see the function
// IsComplete.
func (a *Assistant) IsComplete(code string) lang.Completeness { return IsComplete(code) }

// noScope is the Scope of a session that has declared nothing.
type noScope struct{}

func (noScope) Names() []Symbol                    { return nil }
func (noScope) Value(string) (reflect.Value, bool) { return reflect.Value{}, false }
func (noScope) Source(string) (string, bool)       { return "", false }
func (noScope) Imports() map[string]string         { return nil }
