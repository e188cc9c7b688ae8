package main

import (
	"bytes"
	"go/ast"
	"go/doc"
	"go/printer"
	"go/token"
	"strings"

	"github.com/gonn-dev/gonn/kernel/assist/docindex"
)

// maxGroup is the size above which a const or var group is shown one spec
// at a time rather than whole (as go doc shows small groups).
const maxGroup = 1500

// collector turns one package's go/doc output into index entries.
type collector struct {
	fset *token.FileSet
	keep map[string]bool // nil: everything exported
	pkg  *docindex.Package
}

// kept reports whether name is documented, and whether it comes as source.
func (c *collector) kept(name string) (ok, source bool) {
	if c.keep == nil {
		return true, false
	}
	source, ok = c.keep[name]
	return ok, source
}

func (c *collector) add(key string, kind docindex.Kind, decl ast.Node, docText string, source bool) {
	c.pkg.Members[key] = &docindex.Entry{Kind: kind, Decl: c.print(decl), Doc: docText, Source: source}
}

func (c *collector) print(n ast.Node) string {
	var b bytes.Buffer
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(&b, c.fset, n); err != nil {
		return ""
	}
	return b.String()
}

func (c *collector) funcs(fs []*doc.Func) {
	for _, f := range fs {
		if ok, source := c.kept(f.Name); ok {
			c.add(f.Name, docindex.Func, signature(f.Decl), f.Doc, source)
		}
	}
}

// signature is decl without its body and doc comment.
func signature(decl *ast.FuncDecl) *ast.FuncDecl {
	d := *decl
	d.Body, d.Doc = nil, nil
	return &d
}

// values documents a const or var group: small groups whole, as go doc
// does (the neighbours of an iota constant explain it), large ones by spec.
func (c *collector) values(vs []*doc.Value, kind docindex.Kind) {
	for _, v := range vs {
		group := *v.Decl
		group.Doc = nil
		// Filtered-out specs leave their blank line before the ")".
		whole := strings.ReplaceAll(c.print(&group), "\n\n)", "\n)")
		for _, spec := range v.Decl.Specs {
			vspec := spec.(*ast.ValueSpec)
			for _, n := range vspec.Names {
				ok, _ := c.kept(n.Name)
				if !ok || !n.IsExported() && c.pkg.Path != "builtin" {
					continue
				}
				text := v.Doc
				if text == "" {
					text = vspec.Doc.Text() + vspec.Comment.Text()
				}
				decl := whole
				if len(whole) > maxGroup {
					decl = c.print(&ast.GenDecl{Tok: v.Decl.Tok, Specs: []ast.Spec{stripComments(vspec)}})
				}
				c.pkg.Members[n.Name] = &docindex.Entry{Kind: kind, Decl: decl, Doc: text}
			}
		}
	}
}

func stripComments(s *ast.ValueSpec) *ast.ValueSpec {
	c := *s
	c.Doc, c.Comment = nil, nil
	return &c
}

// typ documents a type, its methods and, for structs and interfaces, its
// fields and interface methods as "Type.Name".
func (c *collector) typ(t *doc.Type) {
	if ok, _ := c.kept(t.Name); !ok {
		return
	}
	decl := *t.Decl
	decl.Doc = nil
	c.add(t.Name, docindex.Type, &decl, t.Doc, false)
	for _, m := range t.Methods {
		c.add(t.Name+"."+m.Name, docindex.Method, signature(m.Decl), m.Doc, false)
	}
	for _, spec := range t.Decl.Specs {
		ts, ok := spec.(*ast.TypeSpec)
		if !ok || ts.Name.Name != t.Name {
			continue
		}
		switch tt := ts.Type.(type) {
		case *ast.StructType:
			c.fields(t.Name, tt.Fields)
		case *ast.InterfaceType:
			c.interfaceMethods(t.Name, tt.Methods)
		}
	}
}

func (c *collector) fields(typeName string, fl *ast.FieldList) {
	for _, f := range fl.List {
		text := f.Doc.Text()
		if text == "" {
			text = f.Comment.Text()
		}
		field := &ast.Field{Names: f.Names, Type: f.Type}
		names := f.Names
		if len(names) == 0 { // embedded: named after its type
			names = []*ast.Ident{ast.NewIdent(embeddedName(f.Type))}
		}
		for _, n := range names {
			if !n.IsExported() {
				continue
			}
			if len(f.Names) > 1 {
				field = &ast.Field{Names: []*ast.Ident{n}, Type: f.Type}
			}
			c.pkg.Members[typeName+"."+n.Name] = &docindex.Entry{
				Kind: docindex.Field,
				Decl: c.printField(field),
				Doc:  text,
			}
		}
	}
}

func (c *collector) interfaceMethods(typeName string, fl *ast.FieldList) {
	for _, f := range fl.List {
		ft, ok := f.Type.(*ast.FuncType)
		if !ok {
			continue // an embedded interface or a type constraint
		}
		text := f.Doc.Text()
		if text == "" {
			text = f.Comment.Text()
		}
		for _, n := range f.Names {
			if !n.IsExported() {
				continue
			}
			decl := &ast.FuncDecl{
				Recv: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent(typeName)}}},
				Name: n,
				Type: ft,
			}
			c.add(typeName+"."+n.Name, docindex.Method, decl, text, false)
		}
	}
}

// printField prints one struct field as it appears in its struct,
// "Name Type", by printing a struct of that field alone.
func (c *collector) printField(f *ast.Field) string {
	s := c.print(&ast.StructType{Fields: &ast.FieldList{List: []*ast.Field{f}}})
	s = strings.TrimPrefix(strings.TrimSuffix(s, "}"), "struct {")
	return strings.TrimSpace(s)
}

// embeddedName is the field name of an embedded field of type t.
func embeddedName(t ast.Expr) string {
	switch t := t.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.StarExpr:
		return embeddedName(t.X)
	case *ast.SelectorExpr:
		return t.Sel.Name
	case *ast.IndexExpr:
		return embeddedName(t.X)
	case *ast.IndexListExpr:
		return embeddedName(t.X)
	}
	return ""
}
