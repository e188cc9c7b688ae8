package assist

import (
	"strings"
	"testing"
)

func TestInspect(t *testing.T) {
	a := newSession(t, sessionCells...).assistant()
	tests := []struct {
		name   string
		cell   string // ‸ marks the cursor
		detail int
		want   []string // phrases of text/plain, in order
		not    []string
	}{
		{name: "stdlib function", cell: "fmt.Print‸ln(1)", want: []string{"func Println(a ...any) (n int, err error)", "writes to standard output"}},
		{name: "cursor at the start of the name", cell: "fmt.‸Println(1)", want: []string{"func Println(a ...any)"}},
		{name: "cursor right after the name", cell: "fmt.Println‸", want: []string{"func Println(a ...any)"}},
		{name: "inside the call's parentheses", cell: "fmt.Println(‸)", want: []string{"func Println(a ...any)"}},
		{name: "inside a nested call", cell: "fmt.Println(math.Sqrt(2, ‸", want: []string{"func Sqrt(x float64) float64"}},
		{name: "after é and emoji", cell: "s := \"é🙂\"\nstrings.ToUp‸per(s)", want: []string{"func ToUpper(s string) string"}},
		{name: "package", cell: "fm‸t.Println()", want: []string{`package fmt // import "fmt"`, "Package fmt implements formatted I/O"}},
		{name: "gonum constructor", cell: "mat.NewDen‸se(2, 2, nil)", want: []string{"func NewDense(r, c int, data []float64) *Dense", "creates a new Dense matrix"}},
		{name: "gonum method on a cell value", cell: "d := mat.NewDense(2, 2, nil)\nd.Mu‸l(d, d)", want: []string{"func (m *Dense) Mul(a, b Matrix)", "matrix product"}},
		{name: "promoted method docs", cell: "var w bytes.Buffer\nw.Wri‸teString(\"x\")", want: []string{"func (b *Buffer) WriteString(s string) (n int, err error)"}},
		{name: "stdlib struct field", cell: "var srv http.Server\nsrv.Ad‸dr", want: []string{"field Addr string", "TCP address"}},
		{name: "package constant with value", cell: "math.P‸i", want: []string{"Pi", "Value: 3.141592653589793"}},
		{name: "package variable", cell: "os.Ar‸gs", want: []string{"var Args []string", "Value: ["}},
		{name: "builtin", cell: "le‸n(x)", want: []string{"func len(v Type) int", "length of v"}},
		{name: "plot function", cell: "plot.Ne‸w()", want: []string{"func New() *Plot", "returns a new plot"}},
		{name: "plotter function", cell: "plotter.NewLi‸ne(xys)", want: []string{"func NewLine(xys XYer) (*Line, error)"}},
		{name: "display function", cell: "display.Markd‸own(\"# hi\")", want: []string{"func Markdown("}},
		{name: "nnlib function", cell: "nnlib.NewSeq‸uential()", want: []string{"func NewSequential(layers ...Layer) *Sequential"}},
		{name: "nnlib method on a session value", cell: "m.Compi‸le", want: []string{"func (m *Sequential) Compile("}},

		{name: "struct literal key", cell: "nnlib.FitOptions{Epo‸chs: 5}", want: []string{"field Epochs int", "number of passes over the training data"}},
		{name: "user struct literal key", cell: "Point{X‸: 1}", want: []string{"field X float64"}},
		{name: "user variable", cell: "learning‸Rate", want: []string{"var learningRate float64", "step size of gradient descent", "Value: 0.05"}},
		{name: "user slice", cell: "weights‸", want: []string{"var weights []float64", "Value: [0.5 -1.25]"}},
		{name: "user struct value", cell: "p‸", want: []string{"var p Point", "Value: {X:3 Y:4 label:}"}},
		{name: "user compiled value", cell: "m‸", want: []string{"var m *nnlib.Sequential", "Value: "}},
		{name: "user function", cell: "squa‸re(2)", want: []string{"func square(x float64) float64", "square returns x²."}, not: []string{"return x * x"}},
		{name: "user function with source", cell: "squa‸re(2)", detail: 1, want: []string{"func square(x float64) float64", "Source:", "return x * x"}},
		{name: "user function called", cell: "square(‸", want: []string{"func square(x float64) float64"}},
		{name: "user type", cell: "Poi‸nt{}", want: []string{"type Point struct", "Point is a point in the plane.", "Methods: Norm"}},
		{name: "user method", cell: "p.No‸rm()", want: []string{"func (p Point) Norm() float64", "Euclidean norm"}},
		{name: "user method with source", cell: "p.No‸rm()", detail: 1, want: []string{"Source:", "return p.X*p.X + p.Y*p.Y"}},
		{name: "user value of a named non-struct type", cell: "tem‸p", want: []string{"var temp Celsius", "Value: 21.5"}},
		{name: "method of a named non-struct type", cell: "temp.Fahr‸enheit()", want: []string{"func (c Celsius) Fahrenheit() float64", "Fahrenheit converts c."}},
		{name: "user field with value", cell: "p.‸X", want: []string{"field X float64", "Value: 3"}},
		{name: "cell function not yet run", cell: "// cube returns x³.\nfunc cube(x int) int { return x * x * x }\ncu‸be(3)", want: []string{"func cube(x int) int", "cube returns x³."}},
		{name: "cell variable not yet run", cell: "r := strings.NewReader(\"abc\")\nr‸", want: []string{"var r *strings.Reader"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, cursor := atCursor(t, tt.cell)
			got := a.Inspect(code, cursor, tt.detail)
			if !got.Found {
				t.Fatalf("not found")
			}
			text, _ := got.Data["text/plain"].(string)
			md, _ := got.Data["text/markdown"].(string)
			if md == "" {
				t.Errorf("no text/markdown")
			}
			rest := strings.Join(strings.Fields(text), " ") // ignore wrapping
			for _, w := range tt.want {
				w = strings.Join(strings.Fields(w), " ")
				i := strings.Index(rest, w)
				if i < 0 {
					t.Errorf("text/plain lacks %q (in order):\n%s", w, text)
					break
				}
				rest = rest[i+len(w):]
			}
			for _, n := range tt.not {
				if strings.Contains(text, n) {
					t.Errorf("text/plain contains %q:\n%s", n, text)
				}
			}
		})
	}
}

func TestInspectFindsNothing(t *testing.T) {
	a := newSession(t).assistant()
	for _, cell := range []string{"‸", "x := 1 +‸ 2", "undefinedName‸", "// fmt.Print‸ln", `s := "fmt.Print‸ln"`, "fmt.NoSuch‸Thing", "}}}‸"} {
		code, cursor := atCursor(t, cell)
		if got := a.Inspect(code, cursor, 0); got.Found {
			t.Errorf("Inspect(%q) found %v", cell, got.Data["text/plain"])
		}
	}
}
