package main

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/gonn-dev/gonn/kernel/assist/docindex"
)

func shapes(t *testing.T, keep map[string]bool) *docindex.Package {
	t.Helper()
	lp := listed{ImportPath: "example.com/shapes", Dir: "testdata/shapes", GoFiles: []string{"shapes.go", "table.go"}}
	p, err := document(lp, keep, func(msg string) { t.Error(msg) })
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDocumentFull(t *testing.T) {
	p := shapes(t, nil)
	if p.Name != "shapes" || p.Doc != "Package shapes is a fixture for the documentation generator's tests.\n" {
		t.Errorf("package %q doc %q", p.Name, p.Doc)
	}
	want := map[string]docindex.Entry{
		"Color":           {Kind: docindex.Type, Decl: "type Color int", Doc: "Color is a paint colour.\n"},
		"Red":             {Kind: docindex.Const, Decl: "const (\n\tRed   Color = iota // like a cherry\n\tGreen              // like grass\n)", Doc: "The colours a shape can have.\n"},
		"Unit":            {Kind: docindex.Const, Decl: `const Unit = "cm"`, Doc: "Unit is the unit of every length.\n"},
		"Shape":           {Kind: docindex.Type, Decl: "type Shape interface {\n\t// Area returns the surface in square units.\n\tArea() float64\n\tPerimeter() float64 // the length around\n\t// contains filtered or unexported methods\n}", Doc: "Shape is anything with an area.\n"},
		"Shape.Area":      {Kind: docindex.Method, Decl: "func (Shape) Area() float64", Doc: "Area returns the surface in square units.\n"},
		"Shape.Perimeter": {Kind: docindex.Method, Decl: "func (Shape) Perimeter() float64", Doc: "the length around\n"},
		"Rect.W":          {Kind: docindex.Field, Decl: "W float64", Doc: "W and H are the sides.\n"},
		"Rect.H":          {Kind: docindex.Field, Decl: "H float64", Doc: "W and H are the sides.\n"},
		"Rect.Color":      {Kind: docindex.Field, Decl: "Color", Doc: "the fill\n"},
		"NewRect":         {Kind: docindex.Func, Decl: "func NewRect(w, h float64) *Rect", Doc: "NewRect returns a w×h rectangle.\n"},
		"Rect.Area":       {Kind: docindex.Method, Decl: "func (r *Rect) Area() float64", Doc: "Area returns w·h.\n"},
		"Map":             {Kind: docindex.Func, Decl: "func Map[T, U any](xs []T, f func(T) U) []U", Doc: "Map applies f to every element.\n"},
		"Second":          {Kind: docindex.Var, Decl: `var Second = "the second entry of a long table, long enough to matter....................................."`, Doc: "Table is a long group of variables, documented spec by spec.\n"},
	}
	for key, w := range want {
		got, ok := p.Members[key]
		if !ok {
			t.Errorf("%s is missing", key)
			continue
		}
		if *got != w {
			t.Errorf("%s = %+v\nwant %+v", key, *got, w)
		}
	}
	if r := p.Members["Rect"]; r == nil || !strings.Contains(r.Decl, "contains filtered or unexported fields") || strings.Contains(r.Decl, "name") {
		t.Errorf("Rect's declaration should hide its unexported field: %+v", r)
	}
	for _, hidden := range []string{"hidden", "internal", "Rect.scale", "Rect.name", "Shape.secret"} {
		if _, ok := p.Members[hidden]; ok {
			t.Errorf("unexported %s is documented", hidden)
		}
	}
	if g := p.Members["Green"]; g == nil || g.Decl != p.Members["Red"].Decl {
		t.Errorf("Green should show the whole small group, got %+v", g)
	}
}

func TestDocumentKeepsOnlyListedNames(t *testing.T) {
	p := shapes(t, map[string]bool{"Rect": false, "Map": true})
	got := slices.Sorted(maps.Keys(p.Members))
	want := []string{"Map", "Rect", "Rect.Area", "Rect.Color", "Rect.H", "Rect.W"}
	if !slices.Equal(got, want) {
		t.Errorf("members %v, want %v", got, want)
	}
	if !p.Members["Map"].Source || p.Members["Rect"].Source {
		t.Errorf("Source marks: Map %v, Rect %v; want true, false", p.Members["Map"].Source, p.Members["Rect"].Source)
	}
}
