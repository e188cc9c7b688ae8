package display_test

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/gonn-dev/gonn/display"
)

// Outside a notebook the package-level functions print the text/plain
// form of what they show.
func ExampleHTML() {
	display.HTML("<h3>MNIST</h3><p>Test accuracy: <b>97.9%</b></p>")
	// Output:
	// MNIST
	//
	// Test accuracy: 97.9%
}

func ExampleLaTeX() {
	display.LaTeX(`\frac{\partial L}{\partial w} = (\hat y - y)\,x`)
	// Output:
	// \frac{\partial L}{\partial w} = (\hat y - y)\,x
}

func ExamplePlot() {
	p := plot.New()
	p.Title.Text = "Training loss"
	line, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 2.3}, {X: 1, Y: 0.4}, {X: 2, Y: 0.2}})
	p.Add(line)
	display.Plot(p) // in a notebook: a sharp 600×400 PNG
	// Output:
	// [plot "Training loss" 600×400]
}

func ExampleTable() {
	display.Table([]string{"epoch", "loss", "accuracy"}, [][]string{
		{"1", "0.2593", "92.6%"},
		{"2", "0.1134", "96.7%"},
	})
	// Output:
	// epoch    loss  accuracy
	// -----  ------  --------
	//     1  0.2593     92.6%
	//     2  0.1134     96.7%
}

// A weight matrix shows as aligned text, and as a table in a notebook.
func ExampleShow() {
	w := mat.NewDense(2, 3, []float64{0.5, -1.25, 3, 0, 2, -0.125})
	display.Show(w)
	// Output:
	// *mat.Dense 2×3
	// ⎡0.5  -1.25       3⎤
	// ⎣  0      2  -0.125⎦
}

// A handle's output area is replaced by each new content. In a notebook
// only the last line remains; as text every update is printed.
func ExampleNewHandle() {
	h := display.NewHandle()
	for epoch := 1; epoch <= 3; epoch++ {
		h.Text(fmt.Sprintf("epoch %d/3", epoch))
	}
	// Output:
	// epoch 1/3
	// epoch 2/3
	// epoch 3/3
}

func ExampleNewProgress() {
	p := display.NewProgress("batches", 4)
	for range 4 {
		p.Add(1)
	}
	// Output:
	// batches   0% ░░░░░░░░░░░░░░░░░░░░ 0/4
	// batches  25% █████░░░░░░░░░░░░░░░ 1/4
	// batches  50% ██████████░░░░░░░░░░ 2/4
	// batches  75% ███████████████░░░░░ 3/4
	// batches 100% ████████████████████ 4/4
}

// confusion is a type that knows nothing of package display but renders
// as HTML because it has an HTML method.
type confusion [2][2]int

func (c confusion) HTML() string {
	return fmt.Sprintf("<table><tr><td>%d</td><td>%d</td></tr><tr><td>%d</td><td>%d</td></tr></table>",
		c[0][0], c[0][1], c[1][0], c[1][1])
}

func ExampleRender() {
	b, _, ok := display.Render(confusion{{50, 2}, {3, 45}})
	fmt.Println(ok, b.MIMETypes())
	fmt.Println(b.Text())

	_, _, ok = display.Render(42) // no rich form: the caller prints it
	fmt.Println(ok)
	// Output:
	// true [text/html text/plain]
	// 50	2
	// 3	45
	// false
}

// A kernel gives each interpreter its own Displayer; a Recorder shows what
// it would publish.
func ExampleNew() {
	var rec display.Recorder
	d := display.New(&rec)
	d.Markdown("**bold**")
	h := d.NewHandle()
	h.Text("v1")
	h.Text("v2")
	for _, m := range rec.Messages() {
		fmt.Println(m.Data.MIMETypes(), m.DisplayID != "", m.Update)
	}
	// Output:
	// [text/markdown text/plain] false false
	// [text/plain] true false
	// [text/plain] true true
}

// Compiled code reaches the kernel's Displayer through its context.
func ExampleFromContext() {
	var rec display.Recorder
	ctx := display.NewContext(context.Background(), display.New(&rec))

	train := func(ctx context.Context) {
		display.FromContext(ctx).Text("epoch 1: loss 0.26")
	}
	train(ctx)
	fmt.Println(rec.Messages()[0].Data.Text())
	// Output:
	// epoch 1: loss 0.26
}
