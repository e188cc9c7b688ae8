package assist

import (
	"slices"
	"strings"
	"testing"
)

// sessionCells are the earlier cells of the session the completion and
// inspection tests run in.
var sessionCells = []string{
	`import "github.com/gonn-dev/gonn/nnlib"`,
	`import "gonum.org/v1/gonum/mat"`,
	`import "strings"`,
	`import "fmt"`,
	"// learningRate is the step size of gradient descent.\nvar learningRate = 0.05",
	`m := nnlib.NewSequential(nnlib.Dense(4, "relu"), nnlib.Dense(1, ""))`,
	"// Point is a point in the plane.\ntype Point struct {\n\tX, Y float64\n\tlabel string\n}",
	"// Norm is the Euclidean norm of p.\nfunc (p Point) Norm() float64 { return p.X*p.X + p.Y*p.Y }",
	`p := Point{X: 3, Y: 4}`,
	"// square returns x².\nfunc square(x float64) float64 {\n\treturn x * x\n}",
	`var sb strings.Builder`,
	`var stringer fmt.Stringer`,
	`weights := []float64{0.5, -1.25}`,
	"type Celsius float64",
	"// Fahrenheit converts c.\nfunc (c Celsius) Fahrenheit() float64 { return float64(c)*9/5 + 32 }",
	`temp := Celsius(21.5)`,
	`var failure error = fmt.Errorf("wrapped: %w", fmt.Errorf("inner"))`,
	`var anything any = &strings.Builder{}`,
}

func TestComplete(t *testing.T) {
	a := newSession(t, sessionCells...).assistant()
	tests := []struct {
		name  string
		cell  string // ‸ marks the cursor, » where the completion starts
		want  []string
		first []string // the first matches, in order
		not   []string
	}{
		{name: "package member", cell: "fmt.»Pr‸", first: []string{"Print", "Printf", "Println"}, not: []string{"Errorf", "Sprint"}},
		{name: "package member after é", cell: "é := 1\nfmt.»Pr‸", first: []string{"Print", "Printf", "Println"}},
		{name: "package member after emoji", cell: "s := \"🙂🙂\"\nfmt.»Sp‸", first: []string{"Sprint", "Sprintf", "Sprintln"}},
		{name: "package member after CJK comment", cell: "// 数据集\nmath.»Sq‸", first: []string{"Sqrt"}},
		{name: "all members after period", cell: "nnlib.»‸", want: []string{"NewSequential", "Dense", "Adam", "Sequential"}},
		{name: "gonum member", cell: "mat.»NewD‸", first: []string{"NewDense", "NewDiagDense"}},
		{name: "member inside a call", cell: "fmt.Println(math.»Ab‸)", first: []string{"Abs"}},
		{name: "cursor inside a word", cell: "fmt.»Pri‸ntln", first: []string{"Print", "Printf", "Println"}},
		{name: "case-insensitive then substring", cell: "strings.»builder‸", first: []string{"Builder"}},
		{name: "substring match", cell: "strings.»Prefix‸", want: []string{"HasPrefix", "TrimPrefix", "CutPrefix"}},
		{name: "generic source functions", cell: "slices.»Con‸", first: []string{"Concat", "Contains", "ContainsFunc"}, not: []string{"Sort"}},
		{name: "session value of compiled type", cell: "m.»‸", want: []string{"Compile", "Layers", "Summary", "NumParams"}},
		{name: "session value, prefix", cell: "m.»Comp‸", first: []string{"Compile", "Compiled", "CompileWith"}},
		{name: "field of a compiled struct", cell: "sb.»Wr‸", first: []string{"Write", "WriteByte", "WriteRune", "WriteString"}},
		{name: "interface variable", cell: "stringer.»‸", want: []string{"String"}, not: []string{"Write"}},
		{name: "user struct fields and methods", cell: "p.»‸", first: []string{"Norm", "X", "Y", "label"}},
		{name: "slice element", cell: "weights[0].»‸", want: []string{}},
		{name: "cell-local value from a function", cell: "d := mat.NewDense(2, 2, nil)\nd.»Mu‸", first: []string{"Mul", "MulElem"}},
		{name: "call chain", cell: "strings.NewReader(\"x\").»Rea‸", first: []string{"Read", "ReadAt", "ReadByte", "ReadRune"}},
		{name: "multi-value definition", cell: "f, err := os.Open(\"x\")\nerr.»‸", want: []string{"Error"}},
		{name: "first of two values", cell: "f, err := os.Open(\"x\")\nf.»Clo‸", first: []string{"Close"}},
		{name: "range value", cell: "for _, b := range []*strings.Builder{} {\n\tb.»Wr‸\n}", first: []string{"Write", "WriteByte"}},
		{name: "parameter in function body", cell: "func grow(sb *strings.Builder, n int) {\n\tsb.»Gr‸\n}", first: []string{"Grow"}},
		{name: "function result in body", cell: "func f() {\n\tm2 := nnlib.NewSequential()\n\tm2.»Fi‸", first: []string{"Fit"}},
		{name: "type switch", cell: "var v any\nswitch x := v.(type) {\ncase *strings.Builder:\n\tx.»Le‸", first: []string{"Len"}},
		{name: "composite literal", cell: "(&strings.Builder{}).»Gr‸", first: []string{"Grow"}},
		{name: "new", cell: "b := new(strings.Builder)\nb.»Res‸", first: []string{"Reset"}},
		{name: "named non-struct user type", cell: "temp.»‸", want: []string{"Fahrenheit"}},
		{name: "error variable keeps its static type", cell: "failure.»‸", want: []string{"Error"}, not: []string{"Unwrap"}},
		{name: "any variable shows its dynamic type", cell: "anything.»Gr‸", first: []string{"Grow"}},
		{name: "method expression on a type", cell: "Point.»‸", want: []string{"Norm"}, not: []string{"X"}},

		{name: "struct literal key", cell: "opts := nnlib.FitOptions{»Ep‸", first: []string{"Epochs"}},
		{name: "struct literal key after a comma", cell: "nnlib.FitOptions{Epochs: 5, »Ba‸", first: []string{"BatchSize"}},
		{name: "struct literal keys", cell: "nnlib.FitOptions{\n\t»‸", want: []string{"Epochs", "BatchSize", "Verbose"}, not: []string{"learningRate"}},
		{name: "user struct literal keys", cell: "q := Point{»‸", first: []string{"X", "Y", "label"}},
		{name: "literal value is not a key", cell: "nnlib.FitOptions{Epochs: »lea‸", first: []string{"learningRate"}},
		{name: "block is not a literal", cell: "if true {\n\t»lea‸", first: []string{"learningRate"}},
		{name: "no field matches: names in scope", cell: "Point{»lea‸", first: []string{"learningRate"}},
		{name: "session variable", cell: "»learn‸", first: []string{"learningRate"}},
		{name: "session function", cell: "x := »squ‸", first: []string{"square"}},
		{name: "builtin and keyword", cell: "»ap‸", first: []string{"append"}},
		{name: "keyword", cell: "»fu‸", first: []string{"func"}},
		{name: "package name", cell: "»nnl‸", first: []string{"nnlib"}},
		{name: "local in function body", cell: "func f(alpha float64) {\n\tbeta := 2\n\t»be‸", first: []string{"beta"}},
		{name: "parameter", cell: "func f(alpha float64) {\n\t»al‸", first: []string{"alpha"}},
		{name: "locals of other functions are out of scope", cell: "func g() { hidden := 1; _ = hidden }\n»hid‸", want: []string{}},
		{name: "start of cell", cell: "»‸", want: []string{"func", "learningRate", "fmt", "nnlib", "len", "Point"}},
		{name: "end of cell after newline", cell: "x := 1\n»‸", want: []string{"x", "learningRate"}},

		{name: "inside a string", cell: `fmt.Println("fmt.Pr»‸`, want: []string{}},
		{name: "after a number", cell: "x := 3.»‸", want: []string{}},
		{name: "inside a comment", cell: "// see fmt.Pr»‸", want: []string{}},
		{name: "import path", cell: `import "»gonum.org/v1/plot‸"`, first: []string{"gonum.org/v1/plot", "gonum.org/v1/plot/plotter"}},
		{name: "import path in a group", cell: "import (\n\t\"fmt\"\n\t\"»str‸", first: []string{"strconv", "strings"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, start, cursor := markedCell(t, tt.cell)
			got := a.Complete(code, cursor)
			if got.CursorStart != start || got.CursorEnd != cursor {
				t.Errorf("cursor_start, cursor_end = %d, %d; want %d, %d", got.CursorStart, got.CursorEnd, start, cursor)
			}
			if len(got.Matches) < len(tt.first) || !slices.Equal(got.Matches[:len(tt.first)], tt.first) {
				t.Errorf("matches start %v, want %v", head(got.Matches, 8), tt.first)
			}
			for _, w := range tt.want {
				if !slices.Contains(got.Matches, w) {
					t.Errorf("matches %v lack %q", head(got.Matches, 12), w)
				}
			}
			if tt.want != nil && len(tt.want) == 0 && len(got.Matches) > 0 {
				t.Errorf("matches %v, want none", head(got.Matches, 8))
			}
			for _, n := range tt.not {
				if slices.Contains(got.Matches, n) {
					t.Errorf("matches include %q", n)
				}
			}
			types, _ := got.Metadata["_jupyter_types_experimental"].([]any)
			if len(types) != len(got.Matches) {
				t.Errorf("%d type entries for %d matches", len(types), len(got.Matches))
			}
		})
	}
}

func head(s []string, n int) []string { return s[:min(n, len(s))] }

// markedCell removes the marks from a test cell: ‸ for the cursor and »
// for where the completion starts. It returns the code and both positions
// in code points.
func markedCell(t testing.TB, cell string) (code string, start, cursor int) {
	t.Helper()
	code, cursor = atCursor(t, strings.Replace(cell, "»", "", 1))
	withStart, _ := atCursor(t, cell)
	i := strings.Index(withStart, "»")
	if i < 0 {
		t.Fatalf("no start mark in %q", cell)
	}
	return code, CodePoints(withStart, i), cursor
}

func TestCompleteAroundMagics(t *testing.T) {
	a := newSession(t, sessionCells...).assistant()
	for _, cell := range []string{
		"%time m.»Comp‸",
		"%time\nd := mat.NewDense(2, 2, nil)\nd.»Mu‸",
		"!ls\nb := new(strings.Builder)\nb.»Gr‸",
	} {
		code, start, cursor := markedCell(t, cell)
		got := a.Complete(code, cursor)
		if got.CursorStart != start || len(got.Matches) == 0 {
			t.Errorf("Complete(%q): start %d (want %d), matches %v", code, got.CursorStart, start, head(got.Matches, 5))
		}
	}
}
