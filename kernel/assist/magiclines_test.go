package assist

import (
	"slices"
	"testing"
)

func TestMagicLines(t *testing.T) {
	tests := []struct {
		name, code string
		want       []int
	}{
		{"no magic", "x := 1\nx", nil},
		{"line magic", "%time f()", []int{0}},
		{"mixed", "x := 1\n%who\n!ls -l\nx", []int{1, 2}},
		{"help queries", "fmt.Println?\n??nnlib.Dense\nx??", []int{0, 1, 2}},
		{"indented", "  %env", []int{0}},
		{"negation continuing an expression", "ok := a &&\n!b", nil},
		{"inside brackets", "f(\n!b,\n)", nil},
		{"inside a function body", "func f() {\n!ls\n}", nil},
		{"inside a raw string", "s := `\n%time\n`\n%who", []int{3}},
		{"inside a block comment", "/*\n!ls\n*/\n!ls", []int{3}},
		{"remainder operator", "x := 7 %\n3", nil},
		{"question mark in a string", `s := "why?"`, nil},
		{"not a name", "1?", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MagicLines(tt.code); !slices.Equal(got, tt.want) {
				t.Errorf("MagicLines(%q) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}
