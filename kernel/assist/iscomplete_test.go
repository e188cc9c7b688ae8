package assist

import (
	"testing"

	"github.com/gonn-dev/gonn/kernel/lang"
)

func TestIsComplete(t *testing.T) {
	const in1, in2 = IndentUnit, IndentUnit + IndentUnit
	tests := []struct {
		name, code string
		want       lang.Completeness
	}{
		{"empty", "", complete()},
		{"blank lines", "\n  \n\t", complete()},
		{"expression", "1 + 2", complete()},
		{"statement with newline", "x := 3\n", complete()},
		{"whole function", "func f(x int) int {\n\treturn x * 2\n}", complete()},
		{"explicit semicolon", "x := 1;", complete()},
		{"trailing line comment", "x := 1 // the answer", complete()},
		{"closed block comment", "/* note */", complete()},
		{"closed raw string", "s := `a\nb`", complete()},
		{"string with brackets", `s := "({["`, complete()},
		{"rune with brace", `r := '{'`, complete()},
		{"return", "return", complete()},

		{"open brace", "func f() {", incomplete(in1)},
		{"open brace in body", "func f() {\n\tif x {", incomplete(in2)},
		{"one level per line", "f(func() {", incomplete(in1)},
		{"open paren", "fmt.Println(1,", incomplete(in1)},
		{"open bracket", "xs := []int{\n1, 2,", incomplete(in1)},
		{"open index", "a[", incomplete(in1)},
		{"case clause body", "switch x {\ncase 1:", incomplete(in2)},
		{"default clause body", "switch x {\ndefault:", incomplete(in2)},
		{"open raw string", "s := `line one", incomplete("")},
		{"raw string with newline", "s := `a\n", incomplete("")},
		{"open block comment", "/* a comment", incomplete("")},
		{"block comment slash", "/*/", incomplete("")},
		{"trailing plus", "x := 1 +", incomplete(in1)},
		{"trailing and", "ok := a &&", incomplete(in1)},
		{"trailing assign", "x =", incomplete(in1)},
		{"trailing define", "x :=", incomplete(in1)},
		{"trailing comma", "a, b :=\n1,", incomplete(in1)},
		{"trailing period", "fmt.", incomplete(in1)},
		{"trailing operator then comment", "x := 1 + // more", incomplete(in1)},
		{"trailing operator in body", "func f() int {\n\treturn 1 +", incomplete(in1)},
		{"else", "if x {\n} else", incomplete(in1)},
		{"trailing arrow", "v := <-", incomplete(in1)},

		{"unmatched brace", "}", invalid()},
		{"unmatched paren", "x := 1)", invalid()},
		{"mismatched", "f(]", invalid()},
		{"mismatched later", "func f() {\n\tg(}\n", invalid()},
		{"unterminated string", `fmt.Println("hi`, invalid()},
		{"unterminated rune", `r := 'a`, invalid()},
		{"illegal character", "x := 1 @ 2", invalid()},
		{"error before raw string", "x := 1 @ `abc", invalid()},
		{"closer after magic", "%time\n)", invalid()},

		{"line magic", "%time", complete()},
		{"line magic with code", "%time m.Fit(x, y, 5", complete()},
		{"shell escape", "!ls -l", complete()},
		{"help query", "fmt.Println?", complete()},
		{"double help query", "nnlib??", complete()},
		{"leading help query", "?fmt", complete()},
		{"cell magic", "%%bash\necho {", complete()},
		{"%%time needs a body", "%%time", incomplete("")},
		{"%%time with a body", "%%time\nx := 1", complete()},
		{"%%time with an open body", "%%time\nfor {", incomplete(in1)},
		{"magic then open brace", "%time\nfor {", incomplete(in1)},
		{"magic line inside function", "func f() {\n!ls", incomplete(in1)},
		{"not-operator continuing an expression", "ok := a &&\n!b", complete()},
		{"help query is not Go", "x?y", invalid()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsComplete(tt.code); got != tt.want {
				t.Errorf("IsComplete(%q) = %+v, want %+v", tt.code, got, tt.want)
			}
		})
	}
}

func complete() lang.Completeness { return lang.Completeness{Status: StatusComplete} }
func invalid() lang.Completeness  { return lang.Completeness{Status: StatusInvalid} }
func incomplete(indent string) lang.Completeness {
	return lang.Completeness{Status: StatusIncomplete, Indent: indent}
}
