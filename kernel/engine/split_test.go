package engine

import (
	"strings"
	"testing"
)

// TestSplitCell checks how cells are cut into top-level statements and
// declarations, and how each is classified.
func TestSplitCell(t *testing.T) {
	kinds := map[segmentKind]string{segImport: "import", segDecl: "decl", segStmt: "stmt", segDefine: "define", segPackage: "package"}
	cases := []struct {
		code string
		want string // kind:text of each segment, separated by " | "
	}{
		{"x := 1\ny = 2", "define:x := 1 | stmt:y = 2"},
		{"import \"fmt\"\nfunc f() {}\nf()", "import:import \"fmt\" | decl:func f() {} | stmt:f()"},
		{"func (p *P) M() int { return 1 }", "decl:func (p *P) M() int { return 1 }"},
		{"func() { x := 1 }()", "stmt:func() { x := 1 }()"},
		{"func(x int) string { return \"\" }(1)", "stmt:func(x int) string { return \"\" }(1)"},
		{"for i := 0; i < 3; i++ {\n}\ndone := true", "stmt:for i := 0; i < 3; i++ {\n} | define:done := true"},
		{"if v := f(); v > 0 {\n} else if w := g(); w {\n}", "stmt:if v := f(); v > 0 {\n} else if w := g(); w {\n}"},
		{"outer:\nfor i := 0; i < 3; i++ {\n\tbreak outer\n}", "stmt:outer:\nfor i := 0; i < 3; i++ {\n\tbreak outer\n}"},
		{"for _, v := range []int{1, 2} {\n}; n := 1", "stmt:for _, v := range []int{1, 2} {\n} | define: n := 1"},
		{"a := 1; b := 2", "define:a := 1 | define: b := 2"},
		{"// Doc of f.\nfunc f() {}", "decl:// Doc of f.\nfunc f() {}"},
		{"package main\n\nfunc main() {}", "package:package main | decl:\nfunc main() {}"},
		{"var (\n\ta = 1\n\tb = 2\n)", "decl:var (\n\ta = 1\n\tb = 2\n)"},
		{"type T struct {\n\tX int\n}", "decl:type T struct {\n\tX int\n}"},
		{"go f(x)\ndefer g()", "stmt:go f(x) | stmt:defer g()"},
		{"m[\"k\"] := 1", "define:m[\"k\"] := 1"},
		{"// only a comment", ""},
		{"", ""},
	}
	for _, c := range cases {
		segs, err := splitCell(c.code)
		if err != nil {
			t.Errorf("%q: %v", c.code, err)
			continue
		}
		var got []string
		for _, s := range segs {
			got = append(got, kinds[s.kind]+":"+c.code[s.lead:s.end])
		}
		if g := strings.Join(got, " | "); g != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.code, g, c.want)
		}
	}
	if _, err := splitCell("s := \"unterminated\nx := 1"); err == nil {
		t.Error("an unterminated string was not reported")
	}
}
