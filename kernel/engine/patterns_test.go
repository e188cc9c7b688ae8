package engine

import "testing"

// TestNotebookPatterns runs code as people write it in notebooks about
// neural networks: hand-written layers, training loops, closures, sorting,
// interfaces, labels (and channels, in TestGoroutines).
func TestNotebookPatterns(t *testing.T) {
	play(t, []step{
		{code: `type Layer struct {
	W [][]float64
	B []float64
}

func NewLayer(in, out int) *Layer {
	l := &Layer{B: make([]float64, out)}
	for i := 0; i < out; i++ {
		l.W = append(l.W, make([]float64, in))
	}
	return l
}

// Forward applies the layer and a ReLU.
func (l *Layer) Forward(x []float64) []float64 {
	out := make([]float64, len(l.B))
	for i := range out {
		s := l.B[i]
		for j, v := range x {
			s += l.W[i][j] * v
		}
		out[i] = math.Max(0, s)
	}
	return out
}

layer := NewLayer(3, 2)
layer.W[0][0] = 1
layer.Forward([]float64{2, 3, 4})`, want: "[2 0]"},
		{code: "xs := []float64{1, 2, 3, 4}\nys := make([]float64, len(xs))\nfor i, x := range xs {\n\tys[i] = 2*x + 1\n}\nys", want: "[3 5 7 9]"},
		{code: `w, b := 0.0, 0.0
for epoch := 0; epoch < 2000; epoch++ {
	var dw, db float64
	for i := range xs {
		e := w*xs[i] + b - ys[i]
		dw += e * xs[i]
		db += e
	}
	w -= 0.01 * dw
	b -= 0.01 * db
}
fmt.Sprintf("%.2f %.2f", w, b)`, want: `"2.00 1.00"`},
		{code: "people := []struct {\n\tName string\n\tAge  int\n}{{\"a\", 30}, {\"b\", 20}}\nsort.Slice(people, func(i, j int) bool { return people[i].Age < people[j].Age })\npeople[0].Name", want: `"b"`},
		{code: "counter := map[string]int{}\nfor _, w := range strings.Fields(\"a b a c a\") {\n\tcounter[w]++\n}\ncounter[\"a\"]", want: "3"},
		{code: "adder := func(n int) func(int) int { return func(x int) int { return x + n } }\nadd5 := adder(5)\nadd5(10)", want: "15"},
		{code: "type Shape interface{ Area() float64 }\ntype Sq struct{ s float64 }\nfunc (q Sq) Area() float64 { return q.s * q.s }\nshapes := []Shape{Sq{2}, Sq{3}}\nsum := 0.0\nfor _, sh := range shapes {\n\tsum += sh.Area()\n}\nsum", want: "13"},
		{code: "type Celsius float64\nfunc (c Celsius) String() string { return fmt.Sprintf(\"%.1f°C\", float64(c)) }\nCelsius(21.5)", want: "21.5°C"},
		{code: "found := -1\nouter:\nfor i := 0; i < 3; i++ {\n\tfor j := 0; j < 3; j++ {\n\t\tif i*j == 2 {\n\t\t\tfound = i*10 + j\n\t\t\tbreak outer\n\t\t}\n\t}\n}\nfound", want: "12"},
		{code: "switch x := 5; {\ncase x > 3:\n\tfmt.Println(\"big\")\n}", stdout: "big\n"},
		{code: "defer fmt.Println(\"deferred\")\nfmt.Println(\"body\")", stdout: "body\ndeferred\n"},
		{code: "var sb strings.Builder\nsb.WriteString(\"hi\")\nsb.String()", want: `"hi"`},
		{code: "const N = 5\narr := [N]int{}\nlen(arr)", want: "5"},
	})
}
