package engine

import (
	"fmt"
	"strings"
	"testing"
)

// numbers returns n number literals produced by f, comma-separated.
func numbers(n int, f func(i int) string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = f(i)
	}
	return strings.Join(parts, ", ")
}

// TestDataLiterals checks that large number literals, which the pipeline
// parses itself, give exactly what Go gives.
func TestDataLiterals(t *testing.T) {
	const n = 1000
	s := newTestSession(t)
	cases := []struct {
		name, code, want string
	}{
		{"float64", "x := []float64{" + numbers(n, func(i int) string { return fmt.Sprintf("%d.25e-1", i) }) + "}\nfmt.Sprint(len(x), x[0], x[999])", `"1000 0.025 99.925"`},
		{"negative float32", "x := []float32{" + numbers(n, func(i int) string { return fmt.Sprintf("-%d.5", i) }) + "}\nfmt.Sprintf(\"%T %v\", x, x[2])", `"[]float32 -2.5"`},
		{"int with 2.0 and hex", "x := []int{" + numbers(n, func(i int) string {
			if i == 1 {
				return "2.0"
			}
			if i == 2 {
				return "0x1F"
			}
			return fmt.Sprint(-i)
		}) + "}\nfmt.Sprint(x[0], x[1], x[2], x[999])", `"0 2 31 -999"`},
		{"bytes", "x := []byte{" + numbers(n, func(i int) string { return fmt.Sprint(i % 256) }) + "}\nint(x[300])", "44"},
		{"matrix rows", "x := [][]float64{{" + numbers(n, func(int) string { return "1" }) + "}, {" + numbers(n, func(int) string { return "2" }) + "}}\nx[1][999] + x[0][0]", "3"},
		{"fresh copy per evaluation", "var all [][]int\nfor i := 0; i < 2; i++ {\n\tall = append(all, []int{" + numbers(n, func(int) string { return "7" }) + "})\n}\nall[0][0] = 1\nall[1][0]", "7"},
		{"inside a function", "func table() []int { return []int{" + numbers(n, func(i int) string { return fmt.Sprint(i) }) + "} }\ntable()[998]", "998"},
		{"trailing literal", "[]int{" + numbers(n, func(i int) string { return "3" }) + "}[5]", "3"},
	}
	for _, c := range cases {
		if got, _ := s.ok(c.code); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
	if got, _ := s.ok("table()[1]"); got != "1" {
		t.Errorf("function defined with a data literal, called from a later cell: %s", got)
	}
	// What Go rejects is still rejected (by yaegi, which sees the literal).
	for _, code := range []string{
		"bad := []int{" + numbers(n, func(i int) string { return "2.5" }) + "}",
		"bad := []uint8{" + numbers(n, func(i int) string { return "300" }) + "}",
	} {
		if e, _ := s.fails(code); e.EName != "CompileError" {
			t.Errorf("%.30s…: %s %s", code, e.EName, e.EValue)
		}
	}
}
