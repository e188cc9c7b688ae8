package assist

import (
	"go/parser"
	"testing"
)

// TestResolve checks the type the resolver finds for expressions, written
// after a cell prelude that declares what they use.
func TestResolve(t *testing.T) {
	a := newSession(t, sessionCells...).assistant()
	const prelude = `
type Vec struct{ X, Y float64 }
type Named struct {
	Vec
	Tags map[string][]int
	Next *Named
}
func (v *Vec) Len() float64 { return 0 }
func pair() (n int, err error) { return 0, nil }
func divmod(a, b int) (q, r int) { return a / b, a % b }
var (
	ptr    *Vec
	named  Named
	grid   [3][4]float64
	ch     chan *strings.Builder
	ages   map[string]int
	word   string
	iface  any
	arrPtr *[2]bool
)
`
	tests := []struct{ expr, want string }{
		{"*ptr", "Vec"},
		{"ptr.X", "float64"},
		{"named.X", "float64"},
		{"named.Vec", "Vec"},
		{"named.Len", "func() float64"},
		{"named.Tags", "map[string][]int"},
		{"named.Tags[\"a\"]", "[]int"},
		{"named.Tags[\"a\"][0]", "int"},
		{"named.Next.Next.Y", "float64"},
		{"grid[1]", "[4]float64"},
		{"grid[1][2]", "float64"},
		{"grid[:]", "[][4]float64"},
		{"<-ch", "*strings.Builder"},
		{"ages[word]", "int"},
		{"word[0]", "uint8"},
		{"arrPtr[1]", "bool"},
		{"&named", "*Named"},
		{"len(word)", "int"},
		{"make(map[int]string)", "map[int]string"},
		{"append([]float64{}, 1)", "[]float64"},
		{"new(Vec)", "*Vec"},
		{"min(2.5, 1)", "float64"},
		{"real(1i)", "float64"},
		{"complex(1, 2)", "complex128"},
		{"float32(3)", "float32"},
		{"Vec{}", "Vec"},
		{"[]string{}", "[]string"},
		{"1 + 2.5", "float64"},
		{"2.5 * named.X", "float64"},
		{"word == \"\"", "bool"},
		{"!true", "bool"},
		{"'x'", "int32"},
		{"`raw`", "string"},
		{"1 << 3", "int"},
		{"iface.(*Vec)", "*Vec"},
		{"pair()", "int"},
		{"divmod(7, 2)", "int"},
		{"func(x int) string { return \"\" }(1)", "string"},
		{"strings.Fields(word)", "[]string"},
		{"strings.Fields(word)[0]", "string"},
		{"mat.NewDense(1, 1, nil).T()", "mat.Matrix"},
		{"time.Second", "time.Duration"},
		{"time.Now().Add(time.Second).Year()", "int"},
		{"os.Args", "[]string"},
		{"rand.Intn(3)", "int"},
		{"m.Layers()", "[]nnlib.Layer"},
		{"p.X", "float64"},
		{"p.Norm()", "float64"},
		{"temp.Fahrenheit()", "float64"},
		{"weights[1]", "float64"},
		{"learningRate * 2", "float64"},
		{"square(2)", "float64"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			code := prelude + "_ = "
			r := newResolver(a, parseCell(code, len(code)))
			x, err := parser.ParseExpr(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.typeString(r.expr(x).t); got != tt.want {
				t.Errorf("type of %s = %q, want %q", tt.expr, got, tt.want)
			}
		})
	}
}

// TestResolveRange checks the key and value types of range clauses.
func TestResolveRange(t *testing.T) {
	a := newSession(t, sessionCells...).assistant()
	tests := []struct{ over, key, value string }{
		{"map[string]float64{}", "string", "float64"},
		{"\"héllo\"", "int", "int32"},
		{"[]bool{}", "int", "bool"},
		{"[3]uint{}", "int", "uint"},
		{"make(chan byte)", "uint8", ""},
		{"10", "int", ""},
		{"weights", "int", "float64"},
	}
	for _, tt := range tests {
		t.Run(tt.over, func(t *testing.T) {
			for i, want := range []string{tt.key, tt.value} {
				if want == "" {
					continue
				}
				code := "for k, v := range " + tt.over + " {\n\t_ = "
				r := newResolver(a, parseCell(code, len(code)))
				name := []string{"k", "v"}[i]
				if got := r.typeString(r.ident(name).t); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}
