package assist

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
	"strings"
)

// typ is the static type of an expression as far as the assistant can
// tell: a compiled type (rt), or a type written in user code (expr). named
// is the user-declared type that expr was found under, whose methods the
// value has.
type typ struct {
	rt    reflect.Type
	expr  ast.Expr
	named string
}

func (t typ) known() bool { return t.rt != nil || t.expr != nil }

// operand is what an expression denotes: a value of type t, a type t, or
// a package.
type operand struct {
	t      typ
	isType bool
	pkg    *pkg
	// value is the current value when the expression names a user
	// variable or a field of one (for inspect); invalid otherwise.
	value reflect.Value
	// user is set when the expression names a user declaration, sym the
	// Scope symbol (or cell binding) it names.
	user *Symbol
	cell *binding
}

// maxDepth bounds the resolution of names through other names
// (x := y; y := f(z) …), which also stops cycles such as x := x + 1.
const maxDepth = 24

// resolver finds the types of expressions in one request: the cell's own
// declarations first, then the session's, then the preloaded packages and
// Go's predeclared names.
type resolver struct {
	a       *Assistant
	cell    *cellScope
	depth   int
	symbols map[string]Symbol   // the Scope's names, by name
	methods map[string][]Symbol // the Scope's methods, by receiver type
	sources map[string]*cellScope
	// resolving holds the bindings being resolved and expanding the user
	// types whose members are being listed, to stop cycles.
	resolving map[*binding]bool
	expanding map[string]bool
}

func newResolver(a *Assistant, cell *cellScope) *resolver {
	r := &resolver{
		a: a, cell: cell,
		symbols: map[string]Symbol{}, methods: map[string][]Symbol{},
		sources: map[string]*cellScope{}, resolving: map[*binding]bool{}, expanding: map[string]bool{},
	}
	for _, s := range a.scope.Names() {
		if s.Kind == Method {
			r.methods[s.Recv] = append(r.methods[s.Recv], s)
		} else {
			r.symbols[s.Name] = s
		}
	}
	return r
}

// pkgNamed returns the package a local name refers to, unless a variable
// or other declaration of the cell or session shadows it.
func (r *resolver) pkgNamed(name string) *pkg {
	if _, ok := r.cell.names[name]; ok {
		return nil
	}
	if _, ok := r.symbols[name]; ok {
		return nil
	}
	return r.a.pkgs.lookup(name, r.cell.imports, r.a.scope.Imports())
}

// lookup finds the package a cell means by name: the cell's own imports,
// then the session's, then the preloaded packages by package name.
func (ps *packages) lookup(name string, imports ...map[string]string) *pkg {
	for _, m := range imports {
		if path, ok := m[name]; ok {
			if p := ps.byPath[path]; p != nil {
				return p
			}
			return &pkg{path: path, name: name}
		}
	}
	return ps.byName[name]
}

// expr resolves an expression.
func (r *resolver) expr(e ast.Expr) (op operand) {
	if r.depth >= maxDepth {
		return operand{}
	}
	r.depth++
	defer func() { r.depth-- }()
	switch e := e.(type) {
	case *ast.Ident:
		return r.ident(e.Name)
	case *ast.ParenExpr:
		return r.expr(e.X)
	case *ast.SelectorExpr:
		return r.selector(e)
	case *ast.CallExpr:
		return r.call(e)
	case *ast.CompositeLit:
		if e.Type == nil {
			return operand{}
		}
		return operand{t: r.typeOf(e.Type)}
	case *ast.FuncLit:
		return operand{t: typ{expr: e.Type}}
	case *ast.BasicLit:
		return operand{t: typ{rt: basicLitType(e.Kind)}}
	case *ast.UnaryExpr:
		x := r.expr(e.X)
		switch e.Op {
		case token.AND:
			return operand{t: pointerTo(x.t)}
		case token.ARROW:
			return operand{t: r.elem(x.t)}
		case token.NOT:
			return operand{t: typ{rt: reflect.TypeFor[bool]()}}
		}
		return operand{t: x.t}
	case *ast.StarExpr:
		x := r.expr(e.X)
		if x.isType {
			return operand{t: pointerTo(x.t), isType: true}
		}
		return operand{t: r.deref(x.t)}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.LAND, token.LOR:
			return operand{t: typ{rt: reflect.TypeFor[bool]()}}
		case token.SHL, token.SHR:
			return operand{t: r.expr(e.X).t}
		}
		if x := r.expr(e.X); x.t.known() && !untypedLit(e.X) {
			return operand{t: x.t}
		}
		return operand{t: r.expr(e.Y).t}
	case *ast.IndexExpr:
		x := r.expr(e.X)
		if x.t.isFunc(r) || x.isType { // an instantiation: F[int], T[K]
			return x
		}
		return operand{t: r.elem(x.t)}
	case *ast.IndexListExpr:
		return r.expr(e.X)
	case *ast.SliceExpr:
		x := r.expr(e.X)
		if x.t.rt != nil && x.t.rt.Kind() == reflect.Array {
			return operand{t: typ{rt: reflect.SliceOf(x.t.rt.Elem())}}
		}
		return operand{t: x.t}
	case *ast.TypeAssertExpr:
		if e.Type == nil {
			return operand{}
		}
		return operand{t: r.typeOf(e.Type)}
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.StructType, *ast.InterfaceType:
		return operand{t: r.typeOf(e), isType: true}
	}
	return operand{}
}

func untypedLit(e ast.Expr) bool {
	_, ok := e.(*ast.BasicLit)
	return ok
}

func basicLitType(k token.Token) reflect.Type {
	switch k {
	case token.INT:
		return reflect.TypeFor[int]()
	case token.FLOAT:
		return reflect.TypeFor[float64]()
	case token.IMAG:
		return reflect.TypeFor[complex128]()
	case token.CHAR:
		return reflect.TypeFor[rune]()
	}
	return reflect.TypeFor[string]()
}

// ident resolves a name: the cell's declarations, the session's, the
// packages, the predeclared identifiers.
func (r *resolver) ident(name string) operand {
	if b, ok := r.cell.names[name]; ok {
		op := r.binding(b)
		op.cell = b
		return op
	}
	if s, ok := r.symbols[name]; ok {
		op := r.symbol(s)
		op.user = &s
		return op
	}
	if p := r.pkgNamed(name); p != nil {
		return operand{pkg: p}
	}
	if rt, ok := predeclaredTypes[name]; ok {
		return operand{t: typ{rt: rt}, isType: true}
	}
	switch name {
	case "true", "false":
		return operand{t: typ{rt: reflect.TypeFor[bool]()}}
	case "iota":
		return operand{t: typ{rt: reflect.TypeFor[int]()}}
	}
	return operand{}
}

// binding resolves a name the cell declares. A binding met again while it
// is being resolved (x := x + 1, or a cycle through several names) is
// unknown.
func (r *resolver) binding(b *binding) operand {
	if r.resolving[b] {
		return operand{}
	}
	r.resolving[b] = true
	defer delete(r.resolving, b)
	switch {
	case b.kind == Type && b.spec != nil:
		return operand{t: typ{expr: ast.NewIdent(b.spec.Name.Name)}, isType: true}
	case b.fn != nil:
		return operand{t: typ{expr: b.fn.Type}}
	case b.typ != nil:
		return operand{t: r.typeOf(b.typ)}
	case b.rangeOver != nil:
		return operand{t: r.rangeType(r.expr(b.rangeOver).t, b.index)}
	case b.value != nil:
		if b.index > 0 || isCall(b.value) {
			return operand{t: r.result(b.value, b.index)}
		}
		return operand{t: r.expr(b.value).t}
	}
	return operand{}
}

func isCall(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok
}

// result is the type of the index-th value of a (possibly multi-value)
// initializer e: a call's index-th result, or the second, boolean value
// of a map index, type assertion or channel receive.
func (r *resolver) result(e ast.Expr, index int) typ {
	if c, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		if index == 0 { // also conversions and builtins
			return r.call(c).t
		}
		return r.callResult(r.expr(c.Fun).t, index)
	}
	if index == 1 {
		return typ{rt: reflect.TypeFor[bool]()}
	}
	return r.expr(e).t
}

// symbol resolves a name an earlier cell declared.
func (r *resolver) symbol(s Symbol) operand {
	switch s.Kind {
	case Type:
		return operand{t: typ{expr: ast.NewIdent(s.Name)}, isType: true}
	case Func:
		if b := r.sourceBinding(s.Name); b != nil && b.fn != nil {
			return operand{t: typ{expr: b.fn.Type}}
		}
		if v, ok := r.a.scope.Value(s.Name); ok && v.IsValid() {
			return operand{t: typ{rt: v.Type()}, value: v}
		}
		return operand{}
	}
	v, ok := r.a.scope.Value(s.Name)
	ok = ok && v.IsValid()
	// The declaration names a user type, whose methods reflect cannot see
	// (the interpreter makes its types unnamed), and the static type of
	// an interface variable.
	if b := r.sourceBinding(s.Name); b != nil {
		op := r.inSource(s.Name, b)
		if r.namesUserType(op.t) || op.t.known() && (!ok || isInterpreted(v.Type())) {
			if ok {
				op.value = v
			}
			return op
		}
	}
	if !ok {
		return operand{}
	}
	rt := v.Type()
	if v.Kind() == reflect.Interface && !v.IsNil() && rt.NumMethod() == 0 {
		rt = v.Elem().Type() // an any variable: its dynamic type says more
	}
	return operand{t: typ{rt: rt}, value: v}
}

// namesUserType reports whether t is a user-declared type or a pointer
// to one.
func (r *resolver) namesUserType(t typ) bool {
	e := t.expr
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.Ident:
			return r.userType(x.Name) != nil
		default:
			return false
		}
	}
}

// isInterpreted reports whether rt is (or points to, or holds) a struct
// type the interpreter made, which has no name and no methods in reflect.
func isInterpreted(rt reflect.Type) bool {
	for i := 0; i < 4; i++ {
		switch rt.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map, reflect.Chan:
			rt = rt.Elem()
			continue
		case reflect.Struct:
			return rt.Name() == ""
		}
		return false
	}
	return false
}

// sourceBinding parses the Scope's source of a name and returns what that
// declaration binds the name to.
func (r *resolver) sourceBinding(name string) *binding {
	cs, ok := r.sources[name]
	if !ok {
		if src, found := r.a.scope.Source(name); found {
			cs = parseCell(src+"\n", len(src)+1)
			if _, declared := cs.names[name]; !declared && r.symbols[name].Kind == Type {
				// A type spec without its keyword: "Point struct{…}".
				src = "type " + src
				cs = parseCell(src+"\n", len(src)+1)
			}
		}
		r.sources[name] = cs
	}
	if cs == nil {
		return nil
	}
	return cs.names[name]
}

// inSource resolves a binding from the source of an earlier cell, where
// the current cell's names do not apply.
func (r *resolver) inSource(name string, b *binding) operand {
	saved := r.cell
	r.cell = &cellScope{names: map[string]*binding{}, imports: r.sources[name].imports}
	defer func() { r.cell = saved }()
	return r.binding(b)
}

// selector resolves x.sel: a package member, a field or a method.
func (r *resolver) selector(e *ast.SelectorExpr) operand {
	x := r.expr(e.X)
	name := e.Sel.Name
	if x.pkg != nil {
		m, ok := x.pkg.members[name]
		if !ok {
			return operand{}
		}
		op := operand{t: typ{rt: m.typ()}, isType: m.kind == Type}
		if m.kind == Var {
			op.value = m.value
		}
		return op
	}
	for _, it := range r.members(x.t) {
		if it.name != name {
			continue
		}
		op := operand{t: it.typ}
		if it.kind == Field && x.value.IsValid() {
			op.value = fieldValue(x.value, name)
		}
		return op
	}
	return operand{}
}

// fieldValue returns the field name of the struct v holds or points to.
func fieldValue(v reflect.Value, name string) reflect.Value {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return reflect.Value{}
	}
	return v.FieldByName(name)
}

// call resolves a call: a conversion, a builtin, or the first result of a
// function.
func (r *resolver) call(e *ast.CallExpr) operand {
	if id, ok := e.Fun.(*ast.Ident); ok {
		if _, shadowed := r.cell.names[id.Name]; !shadowed {
			if _, user := r.symbols[id.Name]; !user {
				if t, ok := r.builtinCall(id.Name, e.Args); ok {
					return operand{t: t}
				}
			}
		}
	}
	fn := r.expr(e.Fun)
	if fn.isType {
		return operand{t: fn.t}
	}
	return operand{t: r.callResult(fn.t, 0)}
}

func (r *resolver) builtinCall(name string, args []ast.Expr) (typ, bool) {
	switch name {
	case "len", "cap", "copy":
		return typ{rt: reflect.TypeFor[int]()}, true
	case "new":
		if len(args) == 1 {
			return pointerTo(r.typeOf(args[0])), true
		}
	case "make":
		if len(args) >= 1 {
			return r.typeOf(args[0]), true
		}
	case "append", "min", "max":
		if len(args) >= 1 {
			return r.expr(args[0]).t, true
		}
	case "real", "imag":
		return typ{rt: reflect.TypeFor[float64]()}, true
	case "complex":
		return typ{rt: reflect.TypeFor[complex128]()}, true
	case "recover":
		return typ{rt: reflect.TypeFor[any]()}, true
	}
	return typ{}, false
}

// predeclaredTypes are Go's predeclared types.
var predeclaredTypes = map[string]reflect.Type{
	"bool": reflect.TypeFor[bool](), "string": reflect.TypeFor[string](),
	"int": reflect.TypeFor[int](), "int8": reflect.TypeFor[int8](), "int16": reflect.TypeFor[int16](),
	"int32": reflect.TypeFor[int32](), "int64": reflect.TypeFor[int64](),
	"uint": reflect.TypeFor[uint](), "uint8": reflect.TypeFor[uint8](), "uint16": reflect.TypeFor[uint16](),
	"uint32": reflect.TypeFor[uint32](), "uint64": reflect.TypeFor[uint64](), "uintptr": reflect.TypeFor[uintptr](),
	"float32": reflect.TypeFor[float32](), "float64": reflect.TypeFor[float64](),
	"complex64": reflect.TypeFor[complex64](), "complex128": reflect.TypeFor[complex128](),
	"byte": reflect.TypeFor[byte](), "rune": reflect.TypeFor[rune](),
	"error": reflect.TypeFor[error](), "any": reflect.TypeFor[any](),
}

// maxArrayLen bounds the array types typeOf builds with reflect, which
// panics on an array too large for memory.
const maxArrayLen = 1 << 24

// typeOf resolves a type expression.
func (r *resolver) typeOf(e ast.Expr) typ {
	switch e := e.(type) {
	case *ast.Ident:
		if rt, ok := predeclaredTypes[e.Name]; ok {
			if _, shadowed := r.cell.names[e.Name]; !shadowed {
				return typ{rt: rt}
			}
		}
		return typ{expr: e}
	case *ast.SelectorExpr:
		if op := r.expr(e); op.isType {
			return op.t
		}
		return typ{}
	case *ast.ParenExpr:
		return r.typeOf(e.X)
	case *ast.StarExpr:
		return pointerTo(r.typeOf(e.X))
	case *ast.ArrayType:
		if elem := r.typeOf(e.Elt); elem.rt != nil {
			if e.Len == nil {
				return typ{rt: reflect.SliceOf(elem.rt)}
			}
			if lit, ok := e.Len.(*ast.BasicLit); ok {
				if n, err := strconv.Atoi(lit.Value); err == nil && n >= 0 && n <= maxArrayLen {
					return typ{rt: reflect.ArrayOf(n, elem.rt)}
				}
			}
		}
	case *ast.MapType:
		k, v := r.typeOf(e.Key), r.typeOf(e.Value)
		if k.rt != nil && v.rt != nil && k.rt.Comparable() {
			return typ{rt: reflect.MapOf(k.rt, v.rt)}
		}
	case *ast.IndexExpr, *ast.IndexListExpr: // an instantiated generic type
		return typ{}
	}
	return typ{expr: e}
}

// pointerTo is the type *t.
func pointerTo(t typ) typ {
	switch {
	case t.rt != nil:
		return typ{rt: reflect.PointerTo(t.rt)}
	case t.expr != nil:
		return typ{expr: &ast.StarExpr{X: t.expr}, named: t.named}
	}
	return typ{}
}

// underlying unwraps names of user-declared types and parentheses in a
// type written in user code, remembering the last user type it unwrapped.
func (r *resolver) underlying(t typ) typ {
	for i := 0; t.expr != nil && i < maxDepth; i++ {
		switch e := t.expr.(type) {
		case *ast.ParenExpr:
			t.expr = e.X
		case *ast.Ident:
			spec := r.userType(e.Name)
			if spec == nil {
				if rt, ok := predeclaredTypes[e.Name]; ok {
					return typ{rt: rt}
				}
				return typ{}
			}
			t = typ{expr: spec.Type, named: e.Name}
			if inner := r.typeOf(spec.Type); inner.rt != nil {
				t.rt, t.expr = inner.rt, nil
			}
		case *ast.SelectorExpr:
			inner := r.typeOf(e)
			inner.named = t.named
			return inner
		default:
			return t
		}
	}
	return t
}

// userType finds the declaration of a user type in the cell or session.
func (r *resolver) userType(name string) *ast.TypeSpec {
	if b, ok := r.cell.names[name]; ok {
		return b.spec
	}
	if s, ok := r.symbols[name]; ok && s.Kind == Type {
		if b := r.sourceBinding(name); b != nil {
			return b.spec
		}
	}
	return nil
}

// deref is the type *t points to (t itself when it is not a pointer).
func (r *resolver) deref(t typ) typ {
	if t.rt != nil {
		if t.rt.Kind() == reflect.Pointer {
			return typ{rt: t.rt.Elem()}
		}
		return t
	}
	u := r.underlying(t)
	if s, ok := u.expr.(*ast.StarExpr); ok {
		return typ{expr: s.X}
	}
	if u.rt != nil && u.rt.Kind() == reflect.Pointer {
		return typ{rt: u.rt.Elem()}
	}
	return t
}

// elem is the type of x[i] (or <-x) for x of type t.
func (r *resolver) elem(t typ) typ {
	u := r.underlying(t)
	if u.rt != nil {
		rt := u.rt
		if rt.Kind() == reflect.Pointer && rt.Elem().Kind() == reflect.Array {
			rt = rt.Elem()
		}
		switch rt.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map, reflect.Chan:
			return typ{rt: rt.Elem()}
		case reflect.String:
			return typ{rt: reflect.TypeFor[byte]()}
		}
		return typ{}
	}
	switch e := u.expr.(type) {
	case *ast.ArrayType:
		return r.typeOf(e.Elt)
	case *ast.MapType:
		return r.typeOf(e.Value)
	case *ast.ChanType:
		return r.typeOf(e.Value)
	case *ast.StarExpr:
		if at, ok := r.underlying(typ{expr: e.X}).expr.(*ast.ArrayType); ok {
			return r.typeOf(at.Elt)
		}
	}
	return typ{}
}

// rangeType is the type of the key (index 0) or value (index 1) of a range
// over a value of type t.
func (r *resolver) rangeType(t typ, index int) typ {
	u := r.underlying(t)
	intT := typ{rt: reflect.TypeFor[int]()}
	if u.rt != nil {
		switch u.rt.Kind() {
		case reflect.Map:
			if index == 0 {
				return typ{rt: u.rt.Key()}
			}
			return typ{rt: u.rt.Elem()}
		case reflect.String:
			if index == 0 {
				return intT
			}
			return typ{rt: reflect.TypeFor[rune]()}
		case reflect.Int, reflect.Int64, reflect.Int32:
			return u
		case reflect.Chan:
			return typ{rt: u.rt.Elem()}
		}
	}
	if mt, ok := u.expr.(*ast.MapType); ok && index == 0 {
		return r.typeOf(mt.Key)
	}
	if index == 0 {
		if _, ok := u.expr.(*ast.ChanType); !ok {
			return intT
		}
	}
	return r.elem(t)
}

// isFunc reports whether t is a function type.
func (t typ) isFunc(r *resolver) bool {
	u := r.underlying(t)
	if u.rt != nil {
		return u.rt.Kind() == reflect.Func
	}
	_, ok := u.expr.(*ast.FuncType)
	return ok
}

// callResult is the type of the index-th result of calling a function of
// type t.
func (r *resolver) callResult(t typ, index int) typ {
	u := r.underlying(t)
	if u.rt != nil {
		if u.rt.Kind() == reflect.Func && index < u.rt.NumOut() {
			return typ{rt: u.rt.Out(index)}
		}
		return typ{}
	}
	ft, ok := u.expr.(*ast.FuncType)
	if !ok || ft.Results == nil {
		return typ{}
	}
	i := 0
	for _, f := range ft.Results.List {
		n := max(1, len(f.Names))
		if index < i+n {
			return r.typeOf(f.Type)
		}
		i += n
	}
	return typ{}
}

// typeString writes t the way Go source would, for signatures in replies.
func (r *resolver) typeString(t typ) string {
	switch {
	case t.rt != nil:
		return reflectTypeString(t.rt)
	case t.expr != nil:
		return exprString(t.expr)
	}
	return ""
}

// exprString prints an expression or type in one line.
func exprString(e ast.Node) string {
	s := nodeString(e)
	if strings.Contains(s, "\n") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return s
}

// reflectTypeString is rt as Go source spells it today: any rather than
// reflect's interface {}.
func reflectTypeString(rt reflect.Type) string {
	return strings.ReplaceAll(rt.String(), "interface {}", "any")
}
