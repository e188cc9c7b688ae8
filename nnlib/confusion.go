package nnlib

import (
	"errors"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// MaxConfusionClasses is the largest number of classes ConfusionMatrix
// accepts.
const MaxConfusionClasses = 1000

// Confusion is a confusion matrix: how often the samples of each true
// class were predicted as each class. Rows are true classes and columns
// predicted ones, as in Keras's and scikit-learn's confusion_matrix.
// Left as a notebook cell's value it shows as an HTML table whose cells
// are shaded by the share of their row — blue on the diagonal (right),
// red off it (wrong) — with recall per row and precision per column; as
// text it is an aligned table.
type Confusion struct {
	// Counts[t][p] is the number of samples of true class t predicted as
	// class p.
	Counts [][]int
	// Classes names the classes in the table ("cat", "dog", …); nil shows
	// their numbers.
	Classes []string
}

// ConfusionMatrix counts predicted classes against the true labels, both
// numbered from 0, as nnlib.Argmax(m.MustPredict(x)) and MNIST's labels
// are. classes is the number of classes; 0 means one more than the
// largest label or prediction.
//
// It fails when the lengths differ, there are no samples, a class is
// negative or not below classes, or classes is above MaxConfusionClasses.
func ConfusionMatrix(predicted, labels []int, classes int) (*Confusion, error) {
	c, err := confusion(predicted, labels, classes)
	if err != nil {
		return nil, fmt.Errorf("nnlib: ConfusionMatrix: %w", err)
	}
	return c, nil
}

func confusion(predicted, labels []int, classes int) (*Confusion, error) {
	if len(predicted) != len(labels) {
		return nil, fmt.Errorf("%d predictions for %d labels", len(predicted), len(labels))
	}
	if len(labels) == 0 {
		return nil, errors.New("no samples")
	}
	if classes < 0 || classes > MaxConfusionClasses {
		return nil, fmt.Errorf("classes is %d, want 0 (automatic) to %d", classes, MaxConfusionClasses)
	}
	n := classes
	for i := range labels {
		for _, v := range [2]int{labels[i], predicted[i]} {
			if v < 0 {
				return nil, fmt.Errorf("sample %d: class %d is negative", i, v)
			}
			if classes > 0 && v >= classes {
				return nil, fmt.Errorf("sample %d: class %d is not below classes = %d", i, v, classes)
			}
			if classes == 0 && v >= MaxConfusionClasses {
				return nil, fmt.Errorf("sample %d: class %d is not below %d", i, v, MaxConfusionClasses)
			}
			n = max(n, v+1)
		}
	}
	c := &Confusion{Counts: make([][]int, n)}
	for i := range c.Counts {
		c.Counts[i] = make([]int, n)
	}
	for i, t := range labels {
		c.Counts[t][predicted[i]]++
	}
	return c, nil
}

// Total returns the number of samples counted.
func (c *Confusion) Total() int {
	total := 0
	for _, row := range c.Counts {
		for _, v := range row {
			total += v
		}
	}
	return total
}

// Accuracy returns the share of samples on the diagonal (predicted right),
// NaN for an empty matrix.
func (c *Confusion) Accuracy() float64 {
	right := 0
	for i, row := range c.Counts {
		if i < len(row) {
			right += row[i]
		}
	}
	return float64(right) / float64(c.Total())
}

// Recall returns, for each true class, the share of its samples predicted
// right (NaN for a class without samples).
func (c *Confusion) Recall() []float64 {
	r := make([]float64, len(c.Counts))
	for i, row := range c.Counts {
		sum := 0
		for _, v := range row {
			sum += v
		}
		r[i] = math.NaN()
		if sum > 0 && i < len(row) {
			r[i] = float64(row[i]) / float64(sum)
		}
	}
	return r
}

// Precision returns, for each predicted class, the share of its
// predictions that were right (NaN for a class never predicted).
func (c *Confusion) Precision() []float64 {
	p := make([]float64, len(c.Counts))
	for j := range p {
		sum := 0
		for _, row := range c.Counts {
			if j < len(row) {
				sum += row[j]
			}
		}
		p[j] = math.NaN()
		if sum > 0 && j < len(c.Counts[j]) {
			p[j] = float64(c.Counts[j][j]) / float64(sum)
		}
	}
	return p
}

// className returns the name of class i.
func (c *Confusion) className(i int) string {
	if i < len(c.Classes) && c.Classes[i] != "" {
		return c.Classes[i]
	}
	return strconv.Itoa(i)
}

// percent formats a share as "97.5%", or "–" for NaN.
func percent(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*v)
}

// check reports why c cannot be shown as a table: Counts must be square.
func (c *Confusion) check() error {
	for i, row := range c.Counts {
		if len(row) != len(c.Counts) {
			return fmt.Errorf("nnlib: Confusion: row %d of Counts has %d columns, want %d (a square matrix)",
				i, len(row), len(c.Counts))
		}
	}
	return nil
}

// HTML returns the matrix as an HTML table (see Confusion).
func (c *Confusion) HTML() string {
	if err := c.check(); err != nil {
		return html.EscapeString(err.Error())
	}
	var b strings.Builder
	const cell = `padding:2px 6px;text-align:right;`
	fmt.Fprintf(&b, `<table class="nnlib-confusion" style="border-collapse:collapse">`+
		`<caption style="caption-side:top">Confusion matrix: %s samples, accuracy %s (rows: true class, columns: predicted)</caption>`,
		commas(c.Total()), percent(c.Accuracy()))
	b.WriteString(`<thead><tr><th style="` + cell + `">true \ predicted</th>`)
	for j := range c.Counts {
		fmt.Fprintf(&b, `<th style="%s">%s</th>`, cell, html.EscapeString(c.className(j)))
	}
	b.WriteString(`<th style="` + cell + `">recall</th></tr></thead><tbody>`)
	recall := c.Recall()
	for i, row := range c.Counts {
		sum := 0
		for _, v := range row {
			sum += v
		}
		fmt.Fprintf(&b, `<tr><th style="%s">%s</th>`, cell, html.EscapeString(c.className(i)))
		for j, v := range row {
			fmt.Fprintf(&b, `<td style="%s%s">%d</td>`, cell, cellShade(v, sum, i == j), v)
		}
		fmt.Fprintf(&b, `<td style="%s">%s</td></tr>`, cell, percent(recall[i]))
	}
	b.WriteString(`<tr><th style="` + cell + `">precision</th>`)
	for _, p := range c.Precision() {
		fmt.Fprintf(&b, `<td style="%s">%s</td>`, cell, percent(p))
	}
	b.WriteString(`<td></td></tr></tbody></table>`)
	return b.String()
}

// cellShade is the CSS colouring of a cell holding count of a row of sum:
// blue for right predictions, red for wrong ones, deeper for a larger
// share of the row (by its square root, so that a few mistakes show).
func cellShade(count, sum int, right bool) string {
	if count == 0 || sum == 0 {
		return "color:#aaa;"
	}
	a := math.Sqrt(float64(count) / float64(sum))
	rgb := "214,39,40"
	if right {
		rgb = "31,119,180"
	}
	text := "#000"
	if a > 0.6 {
		text = "#fff"
	}
	return fmt.Sprintf("background:rgba(%s,%.2f);color:%s;", rgb, a, text)
}

// String returns the matrix as an aligned text table with recall per row
// and precision per column.
func (c *Confusion) String() string {
	if err := c.check(); err != nil {
		return err.Error()
	}
	n := len(c.Counts)
	cells := make([][]string, 0, n+2)
	head := []string{`true\pred`}
	for j := range n {
		head = append(head, c.className(j))
	}
	cells = append(cells, append(head, "recall"))
	recall := c.Recall()
	for i, row := range c.Counts {
		r := []string{c.className(i)}
		for _, v := range row {
			r = append(r, strconv.Itoa(v))
		}
		cells = append(cells, append(r, percent(recall[i])))
	}
	foot := []string{"precision"}
	for _, p := range c.Precision() {
		foot = append(foot, percent(p))
	}
	cells = append(cells, append(foot, ""))

	widths := make([]int, n+2)
	for _, r := range cells {
		for j, s := range r {
			widths[j] = max(widths[j], len([]rune(s)))
		}
	}
	for j := 2; j <= n; j++ { // the class columns alike
		widths[1] = max(widths[1], widths[j])
	}
	for j := 2; j <= n; j++ {
		widths[j] = widths[1]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Confusion matrix: %s samples, accuracy %s\n", commas(c.Total()), percent(c.Accuracy()))
	for _, r := range cells {
		for j, s := range r {
			pad := strings.Repeat(" ", widths[j]-len([]rune(s)))
			if j == 0 {
				b.WriteString(s + pad)
			} else {
				b.WriteString("  " + pad + s)
			}
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n ")
}
