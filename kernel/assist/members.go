package assist

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"reflect"
	"slices"
)

// item is a name a completion offers or an inspection describes.
type item struct {
	name string
	kind Kind
	typ  typ // a value's, field's or function's type
	// owner is the compiled named type that declares a field or method,
	// where its documentation is found.
	owner reflect.Type
	// fn or field is the user declaration of a method or field.
	fn    *ast.FuncDecl
	field *ast.Field
}

// members lists the fields and methods of a value of type t: those a
// selector x.name can reach.
func (r *resolver) members(t typ) []item {
	if r.depth >= maxDepth {
		return nil
	}
	r.depth++
	defer func() { r.depth-- }()
	u := t
	if t.rt == nil {
		u = r.underlying(t)
	}
	if u.named != "" { // a type that embeds itself, directly or not
		if r.expanding[u.named] {
			return nil
		}
		r.expanding[u.named] = true
		defer delete(r.expanding, u.named)
	}
	var items []item
	switch e := u.expr.(type) {
	case nil:
		if u.rt != nil {
			items = reflectMembers(u.rt)
		}
	case *ast.StarExpr:
		return r.members(typ{expr: e.X})
	case *ast.StructType:
		for _, f := range e.Fields.List {
			ft := r.typeOf(f.Type)
			if len(f.Names) == 0 { // embedded: its name, then what it promotes
				items = append(items, item{name: recvTypeName(f.Type), kind: Field, typ: ft, field: f})
				items = append(items, r.members(ft)...)
				continue
			}
			for _, n := range f.Names {
				items = append(items, item{name: n.Name, kind: Field, typ: ft, field: f})
			}
		}
	case *ast.InterfaceType:
		for _, f := range e.Methods.List {
			if ft, ok := f.Type.(*ast.FuncType); ok {
				for _, n := range f.Names {
					items = append(items, item{name: n.Name, kind: Method, typ: typ{expr: ft}})
				}
				continue
			}
			items = append(items, r.members(r.typeOf(f.Type))...) // embedded interface
		}
	}
	if u.named != "" {
		items = append(items, r.userMethods(u.named)...)
	}
	return items
}

// userMethods lists the methods declared on a user type, in the cell or
// in earlier cells.
func (r *resolver) userMethods(typeName string) []item {
	var items []item
	seen := map[string]bool{}
	for _, fd := range r.cell.methods[typeName] {
		seen[fd.Name.Name] = true
		items = append(items, item{name: fd.Name.Name, kind: Method, typ: typ{expr: fd.Type}, fn: fd})
	}
	for _, s := range r.methods[typeName] {
		if seen[s.Name] {
			continue
		}
		it := item{name: s.Name, kind: Method}
		if fd := r.sourceMethod(typeName, s.Name); fd != nil {
			it.typ, it.fn = typ{expr: fd.Type}, fd
		}
		items = append(items, it)
	}
	return items
}

// sourceMethod parses the Scope's source of method recv.name.
func (r *resolver) sourceMethod(recv, name string) *ast.FuncDecl {
	key := recv + "." + name
	cs, ok := r.sources[key]
	if !ok {
		if src, found := r.a.scope.Source(key); found {
			cs = parseCell(src+"\n", len(src)+1)
		}
		r.sources[key] = cs
	}
	if cs == nil {
		return nil
	}
	for _, fd := range cs.methods[recv] {
		if fd.Name.Name == name {
			return fd
		}
	}
	return nil
}

// reflectMembers lists the exported methods and fields of a compiled type,
// with pointer methods for non-pointer types (variables are addressable).
func reflectMembers(rt reflect.Type) []item {
	var items []item
	mt := rt
	if rt.Kind() != reflect.Pointer && rt.Kind() != reflect.Interface {
		mt = reflect.PointerTo(rt)
	}
	base := rt
	if base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	for i := range mt.NumMethod() {
		m := mt.Method(i)
		if !m.IsExported() {
			continue
		}
		ft := m.Type
		if mt.Kind() != reflect.Interface { // drop the receiver
			ins := make([]reflect.Type, 0, ft.NumIn()-1)
			for j := 1; j < ft.NumIn(); j++ {
				ins = append(ins, ft.In(j))
			}
			outs := make([]reflect.Type, ft.NumOut())
			for j := range outs {
				outs[j] = ft.Out(j)
			}
			ft = reflect.FuncOf(ins, outs, ft.IsVariadic())
		}
		items = append(items, item{name: m.Name, kind: Method, typ: typ{rt: ft}, owner: base})
	}
	if base.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(base) {
			if !f.IsExported() {
				continue
			}
			items = append(items, item{name: f.Name, kind: Field, typ: typ{rt: f.Type}, owner: declaringStruct(base, f.Index)})
		}
	}
	return items
}

// declaringStruct is the struct type that declares the field at index
// path in t (t itself, or the type of an embedded field).
func declaringStruct(t reflect.Type, index []int) reflect.Type {
	for _, i := range index[:len(index)-1] {
		t = t.Field(i).Type
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
	}
	return t
}

// memberDocOwner finds the named type whose documentation describes
// method name of t: t itself, or the embedded type that declares it.
func memberDocOwner(t reflect.Type, name string, has func(path, key string) bool) reflect.Type {
	for depth := 0; t != nil && depth < 8; depth++ {
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Name() != "" && has(t.PkgPath(), t.Name()+"."+name) {
			return t
		}
		if t.Kind() != reflect.Struct {
			return nil
		}
		var next reflect.Type
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.Anonymous {
				continue
			}
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if _, ok := reflect.PointerTo(ft).MethodByName(name); ok {
				next = ft
				break
			}
		}
		t = next
	}
	return nil
}

// dedupe keeps the first item of each name.
func dedupe(items []item) []item {
	seen := make(map[string]bool, len(items))
	return slices.DeleteFunc(items, func(it item) bool {
		if seen[it.name] {
			return true
		}
		seen[it.name] = true
		return false
	})
}

// nodeString prints an AST node as gofmt would.
func nodeString(n ast.Node) string {
	var b bytes.Buffer
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(&b, token.NewFileSet(), n); err != nil {
		return ""
	}
	return b.String()
}

// literalFields lists the field keys of the struct literal around the
// cursor, if any: the fields the struct declares (not promoted ones,
// which a literal cannot name).
func (r *resolver) literalFields(st situation) []candidate {
	if st.literal == "" {
		return nil
	}
	x, err := parser.ParseExpr(st.literal)
	if err != nil {
		return nil
	}
	op := r.expr(x)
	if !op.isType {
		return nil
	}
	var cands []candidate
	for _, it := range r.structFields(op.t) {
		cands = append(cands, candidate{name: it.name, kind: Field, sig: r.typeString(it.typ)})
	}
	return cands
}

// structFields lists the fields a struct type declares itself, embedded
// ones by their type name.
func (r *resolver) structFields(t typ) []item {
	u := t
	if t.rt == nil {
		u = r.underlying(t)
	}
	var items []item
	switch {
	case u.rt != nil && u.rt.Kind() == reflect.Struct:
		for i := range u.rt.NumField() {
			f := u.rt.Field(i)
			if f.IsExported() || u.rt.PkgPath() == "" {
				items = append(items, item{name: f.Name, kind: Field, typ: typ{rt: f.Type}, owner: u.rt})
			}
		}
	case u.expr != nil:
		st, ok := u.expr.(*ast.StructType)
		if !ok {
			return nil
		}
		for _, f := range st.Fields.List {
			ft := r.typeOf(f.Type)
			if len(f.Names) == 0 {
				items = append(items, item{name: recvTypeName(f.Type), kind: Field, typ: ft, field: f})
			}
			for _, n := range f.Names {
				items = append(items, item{name: n.Name, kind: Field, typ: ft, field: f})
			}
		}
	}
	return items
}
