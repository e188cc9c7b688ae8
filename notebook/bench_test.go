package notebook

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// bigNotebook has 200 code cells with streams, images and results, and
// 100 Markdown cells with math: the size of a long training walkthrough.
func bigNotebook() *Notebook {
	nb := &Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{}}
	for i := range 100 {
		nb.Cells = append(nb.Cells,
			&Cell{Type: MarkdownCell, Source: fmt.Sprintf("## Step %d\n\nThe update is $w \\leftarrow w - \\eta \\frac{\\partial L}{\\partial w}$ and\n\n$$L = \\frac{1}{n}\\sum_{i=1}^{n} (y_i - \\hat{y}_i)^2$$\n", i)},
			&Cell{Type: CodeCell, ExecutionCount: 2*i + 1, Source: "for epoch := 0; epoch < 5; epoch++ {\n\tloss := model.Fit(x, y)\n\tfmt.Printf(\"epoch %d: %.4f\\n\", epoch, loss)\n}",
				Outputs: []*Output{
					{Type: StreamOutput, Name: "stdout", Text: strings.Repeat("epoch 1: loss 0.1234\n", 50)},
					{Type: DisplayDataOutput, Data: map[string]any{"image/png": strings.Repeat(onePixelPNG, 100), "text/plain": "<Figure>"}, Metadata: map[string]any{}},
				}},
			&Cell{Type: CodeCell, ExecutionCount: 2*i + 2, Source: "acc",
				Outputs: []*Output{{Type: ExecuteResultOutput, ExecutionCount: 2*i + 2, Data: map[string]any{"text/plain": "0.9781"}, Metadata: map[string]any{}}}})
	}
	return nb
}

func BenchmarkMarshal(b *testing.B) {
	nb := bigNotebook()
	data, _ := nb.Marshal()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := nb.Marshal(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	data, _ := bigNotebook().Marshal()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHTML(b *testing.B) {
	nb := bigNotebook()
	for b.Loop() {
		if _, err := HTML(nb); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStream measures recording a chatty cell: 10,000 progress
// updates with carriage returns.
func BenchmarkStream(b *testing.B) {
	for b.Loop() {
		a := newOutputArea()
		c := &Cell{Type: CodeCell}
		a.begin(c)
		for i := range 10000 {
			a.Stream("stdout", fmt.Sprintf("batch %d/10000 loss 0.%04d\r", i, i))
			if i%1000 == 999 {
				a.Stream("stdout", "\n")
			}
		}
		a.end(lang.Result{}, 1)
	}
}
