package assist

import (
	"go/ast"
	"go/constant"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"reflect"
	"strconv"
	"strings"

	"github.com/gonn-dev/gonn/kernel/assist/docindex"
	"github.com/gonn-dev/gonn/kernel/lang"
)

// description is what an inspection found about a name.
type description struct {
	title  string // the name as the user wrote it, qualified ("fmt.Println")
	decl   string // Go declaration or signature
	doc    string // doc comment, in doc comment syntax
	typ    string // the type of a value
	value  string // a preview of the current value
	extra  string // more facts, such as a type's methods
	source string // the user's source (detail level 1)
}

// Inspect implements lang.Inspector. It describes the name under the
// cursor (a position in Unicode code points), or, when the cursor is on no
// name, the function whose call's parentheses hold the cursor: package
// members, fields and methods with their declaration and doc comment
// (from the index built at build time), Go's builtins, and the user's own
// functions, types and variables, with a variable's type and current
// value. detailLevel 1 adds the source of user-defined names.
//
// Data holds "text/plain" and "text/markdown".
func (a *Assistant) Inspect(code string, cursor, detailLevel int) (in lang.Inspection) {
	defer func() {
		if recover() != nil { // a bug here must not take the kernel down
			in = notFound()
		}
	}()
	return a.inspect(code, cursor, detailLevel)
}

func notFound() lang.Inspection {
	return lang.Inspection{Found: false, Data: map[string]any{}, Metadata: map[string]any{}}
}

func (a *Assistant) inspect(code string, cursor, detailLevel int) lang.Inspection {
	off := ByteOffset(code, cursor)
	if start, end := identAround(code, off); start < end {
		if d, ok := a.describeAt(code, start, end, detailLevel); ok {
			return d.inspection()
		}
		if d, ok := a.describeKey(code, start, end); ok {
			return d.inspection()
		}
	}
	if d, ok := a.describeCall(code, off, detailLevel); ok {
		return d.inspection()
	}
	return notFound()
}

// describeAt describes the identifier code[start:end] with the selector
// chain before it (m.Layers()[0].Name).
func (a *Assistant) describeAt(code string, start, end, detail int) (description, bool) {
	st := situate(code, start)
	if st.inComment || st.inString {
		return description{}, false
	}
	text, from := code[start:end], start
	if st.base != "" {
		text, from = st.base+"."+text, st.baseStart
	}
	return a.describeText(code, from, text, detail)
}

// describeKey describes the field a key names in a struct literal:
// Epochs in nnlib.FitOptions{Epochs: 5}.
func (a *Assistant) describeKey(code string, start, end int) (description, bool) {
	st := situate(code, start)
	if st.literal == "" {
		return description{}, false
	}
	x, err := parser.ParseExpr(st.literal)
	if err != nil {
		return description{}, false
	}
	r := newResolver(a, parseCell(code, st.literalStart))
	op := r.expr(x)
	name := code[start:end]
	if !op.isType {
		return description{}, false
	}
	for _, it := range r.structFields(op.t) {
		if it.name == name {
			return a.describeMember(r, operand{}, it, st.literal+"."+name, 0), true
		}
	}
	return description{}, false
}

// describeCall describes the function called by the innermost open
// parenthesis before the cursor, as Shift+Tab inside f(…) asks.
func (a *Assistant) describeCall(code string, off, detail int) (description, bool) {
	st := situate(code, off)
	if st.inComment || st.inString {
		return description{}, false
	}
	for i := len(st.open) - 1; i >= 0; i-- {
		lp := st.open[i]
		if st.toks[lp].tok != token.LPAREN {
			continue
		}
		if b := operandStart(st.toks, lp); b >= 0 {
			from := st.toks[b].off
			return a.describeText(code, from, code[from:st.toks[lp].off], detail)
		}
		return description{}, false
	}
	return description{}, false
}

// describeText resolves the expression text, found at byte offset from of
// code, and describes what it names.
func (a *Assistant) describeText(code string, from int, text string, detail int) (description, bool) {
	x, err := parser.ParseExpr(text)
	if err != nil {
		return description{}, false
	}
	r := newResolver(a, parseCell(code, from))
	switch x := x.(type) {
	case *ast.Ident:
		return a.describeIdent(r, x.Name, detail)
	case *ast.SelectorExpr:
		return a.describeSelector(r, x, detail)
	}
	return description{}, false
}

func (a *Assistant) describeIdent(r *resolver, name string, detail int) (description, bool) {
	if b, ok := r.cell.names[name]; ok {
		return r.describeBinding(name, b), true
	}
	if s, ok := r.symbols[name]; ok {
		return a.describeSymbol(r, s, detail), true
	}
	if p := r.pkgNamed(name); p != nil {
		return a.describePackage(p), true
	}
	if e, ok := a.index().Lookup("builtin", name); ok {
		return description{title: name, decl: e.Decl, doc: e.Doc}, true
	}
	return description{}, false
}

// describeBinding describes a name the current cell declares (it has not
// run yet, so there is no value).
func (r *resolver) describeBinding(name string, b *binding) description {
	d := description{title: name}
	switch {
	case b.fn != nil:
		d.decl, d.doc = funcSignature(b.fn), b.fn.Doc.Text()
	case b.spec != nil:
		d.decl, d.doc = "type "+nodeString(b.spec), r.cell.docs[name]
	default:
		d.typ = r.typeString(r.binding(b).t)
		d.decl, d.doc = string(b.kind)+" "+name+" "+d.typ, r.cell.docs[name]
	}
	return d
}

// funcSignature prints a function declaration without its body and doc.
func funcSignature(fd *ast.FuncDecl) string {
	c := *fd
	c.Body, c.Doc = nil, nil
	return nodeString(&c)
}

// describeSymbol describes a name an earlier cell declared.
func (a *Assistant) describeSymbol(r *resolver, s Symbol, detail int) description {
	d := description{title: s.Name}
	src, hasSrc := a.scope.Source(s.Name)
	b := r.sourceBinding(s.Name)
	switch {
	case b != nil && b.fn != nil:
		d.decl, d.doc = funcSignature(b.fn), b.fn.Doc.Text()
	case b != nil && b.spec != nil:
		d.decl = declText(src, b.spec)
		d.doc = r.sources[s.Name].docs[s.Name]
		var methods []string
		for _, m := range r.userMethods(s.Name) {
			methods = append(methods, m.name)
		}
		if len(methods) > 0 {
			d.extra = "Methods: " + strings.Join(methods, ", ")
		}
	}
	if s.Kind == Var || s.Kind == Const {
		op := r.symbol(s)
		d.typ = r.typeString(op.t)
		if op.t.named != "" {
			d.typ = op.t.named
		}
		d.decl = string(s.Kind) + " " + s.Name + " " + d.typ
		if b != nil && r.sources[s.Name] != nil {
			d.doc = r.sources[s.Name].docs[s.Name]
		}
		if v, ok := a.scope.Value(s.Name); ok {
			d.value = preview(v, r.fieldNames(op.t))
			if s.Kind == Const {
				d.decl, d.typ, d.value = constDecl(s.Name, d.typ, v, d.value), "", ""
			}
		}
	}
	if d.decl == "" {
		d.decl = string(s.Kind) + " " + s.Name
	}
	if detail > 0 && hasSrc {
		d.source = src
	}
	return d
}

// declText is the declaration of a type as the user wrote it (without its
// doc comment), or as printed from the AST.
func declText(src string, spec *ast.TypeSpec) string {
	if i := strings.Index(src, "type "); i >= 0 {
		return strings.TrimSpace(src[i:])
	}
	return "type " + nodeString(spec)
}

// fieldNames returns the field names of a user struct type, which the
// interpreter's reflect type renames when they are unexported.
func (r *resolver) fieldNames(t typ) []string {
	u := r.underlying(t)
	if s, ok := u.expr.(*ast.StarExpr); ok {
		u = r.underlying(typ{expr: s.X})
	}
	st, ok := u.expr.(*ast.StructType)
	if !ok {
		return nil
	}
	var names []string
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 {
			names = append(names, recvTypeName(f.Type))
		}
		for _, n := range f.Names {
			names = append(names, n.Name)
		}
	}
	return names
}

func (a *Assistant) describePackage(p *pkg) description {
	d := description{title: p.name, decl: "package " + p.name + ` // import "` + p.path + `"`}
	if docs := a.index().Packages[p.path]; docs != nil {
		d.doc = docs.Doc
	}
	return d
}

func (a *Assistant) describeSelector(r *resolver, x *ast.SelectorExpr, detail int) (description, bool) {
	base := r.expr(x.X)
	name := x.Sel.Name
	title := exprString(x)
	if base.pkg != nil {
		m, ok := base.pkg.members[name]
		e, documented := a.index().Lookup(m.path, name)
		if !ok && !documented {
			if e, documented = a.index().Lookup(base.pkg.path, name); !documented {
				return description{}, false
			}
		}
		d := description{title: title}
		if documented {
			d.decl, d.doc = e.Decl, e.Doc
		} else {
			d.decl = string(m.kind) + " " + name + " " + reflectSignature(m)
		}
		if ok && (m.kind == Var || m.kind == Const) {
			if t := m.typ(); t != nil {
				d.typ = t.String()
			}
			d.value = constOrValue(m)
		}
		return d, true
	}
	for _, it := range dedupe(r.members(base.t)) {
		if it.name == name {
			return a.describeMember(r, base, it, title, detail), true
		}
	}
	return description{}, false
}

// constOrValue previews a package variable's current value or a
// constant's value.
func constOrValue(m member) string {
	if !m.value.IsValid() {
		return ""
	}
	if c, ok := m.value.Interface().(constant.Value); ok {
		return constantText(c)
	}
	return preview(m.value, nil)
}

// constantText writes an untyped constant's value as Go source would.
func constantText(c constant.Value) string {
	if c.Kind() == constant.Float {
		f, _ := constant.Float64Val(c)
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return c.ExactString()
}

// constDecl is the declaration of a user constant with its value:
// "const c = 3 (untyped int)" for an untyped constant, which the
// interpreter keeps as a go/constant value, "const d time.Duration = 1s"
// for a typed one (typ and value as inspection found them).
func constDecl(name, typ string, v reflect.Value, value string) string {
	if v.IsValid() && v.CanInterface() {
		if c, ok := v.Interface().(constant.Value); ok {
			kind := map[constant.Kind]string{constant.Bool: "bool", constant.String: "string",
				constant.Int: "int", constant.Float: "float", constant.Complex: "complex"}[c.Kind()]
			return "const " + name + " = " + constantText(c) + " (untyped " + kind + ")"
		}
	}
	return "const " + name + " " + typ + " = " + value
}

// describeMember describes a field or method of a value or type.
func (a *Assistant) describeMember(r *resolver, base operand, it item, title string, detail int) description {
	d := description{title: title}
	ix := a.index()
	switch {
	case it.fn != nil:
		d.decl, d.doc = funcSignature(it.fn), it.fn.Doc.Text()
		if detail > 0 {
			if src, ok := a.scope.Source(recvTypeName(it.fn.Recv.List[0].Type) + "." + it.name); ok {
				d.source = src
			}
		}
	case it.field != nil:
		d.decl = "field " + it.name + " " + exprString(it.field.Type)
		d.doc = it.field.Doc.Text() + it.field.Comment.Text()
	case it.owner != nil:
		has := func(path, key string) bool { _, ok := ix.Lookup(path, key); return ok }
		owner := it.owner
		if it.kind == Method {
			owner = memberDocOwner(it.owner, it.name, has)
		}
		if owner != nil {
			if e, ok := ix.Lookup(owner.PkgPath(), owner.Name()+"."+it.name); ok {
				d.decl, d.doc = e.Decl, e.Doc
				if e.Kind == docindex.Field {
					d.decl = "field " + e.Decl
				}
			}
		}
	}
	if d.decl == "" {
		d.decl = string(it.kind) + " " + it.name + " " + r.typeString(it.typ)
	}
	if it.kind == Field {
		d.typ = r.typeString(it.typ)
		if base.value.IsValid() {
			if v := fieldValue(base.value, it.name); v.IsValid() {
				d.value = preview(v, r.fieldNames(it.typ))
			}
		}
	}
	return d
}

// inspection renders a description as an inspect_reply.
func (d description) inspection() lang.Inspection {
	var text, md strings.Builder
	text.WriteString(d.decl + "\n")
	md.WriteString("```go\n" + d.decl + "\n```\n")
	if d.doc != "" {
		doc := new(comment.Parser).Parse(d.doc)
		pr := &comment.Printer{DocLinkBaseURL: "https://pkg.go.dev"}
		text.WriteString("\n" + string(pr.Text(doc)))
		md.WriteString("\n" + string(pr.Markdown(doc)))
	}
	if d.typ != "" && !strings.HasSuffix(d.decl, " "+d.typ) {
		text.WriteString("\nType: " + d.typ + "\n")
		md.WriteString("\n**Type:** `" + d.typ + "`\n")
	}
	if d.extra != "" {
		text.WriteString("\n" + d.extra + "\n")
		md.WriteString("\n" + d.extra + "\n")
	}
	if d.value != "" {
		text.WriteString("\nValue: " + d.value + "\n")
		md.WriteString("\n**Value:**\n\n```\n" + d.value + "\n```\n")
	}
	if d.source != "" {
		text.WriteString("\nSource:\n" + d.source + "\n")
		md.WriteString("\n**Source:**\n\n```go\n" + d.source + "\n```\n")
	}
	return lang.Inspection{
		Found:    true,
		Data:     map[string]any{"text/plain": text.String(), "text/markdown": md.String()},
		Metadata: map[string]any{},
	}
}
