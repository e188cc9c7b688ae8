package nnlib

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Summary returns the model's layer table with output shapes and
// parameter counts, in Keras 3's format; the seed MNIST model reads
//
//	Total params: 101,770 (397.54 KB)
//
// Before the input shape is known, shapes and counts show as "?".
func (m *Sequential) Summary() string {
	widths := []int{33, 24, 15}
	var b strings.Builder
	fmt.Fprintf(&b, "Model: %q\n", m.name)
	rule := func(l, mid, r, fill string) {
		b.WriteString(l)
		for i, w := range widths {
			if i > 0 {
				b.WriteString(mid)
			}
			b.WriteString(strings.Repeat(fill, w))
		}
		b.WriteString(r + "\n")
	}
	row := func(edge string, cells ...string) {
		b.WriteString(edge)
		for i, c := range cells {
			pad := strings.Repeat(" ", max(widths[i]-2-utf8.RuneCountInString(c), 0))
			if i == 2 {
				b.WriteString(" " + pad + c + " " + edge)
			} else {
				b.WriteString(" " + c + pad + " " + edge)
			}
		}
		b.WriteString("\n")
	}
	rule("┏", "┳", "┓", "━")
	row("┃", "Layer (type)", "Output Shape", "Param #")
	rule("┡", "╇", "┩", "━")
	rows, total := m.summaryRows()
	for i, r := range rows {
		if i > 0 {
			rule("├", "┼", "┤", "─")
		}
		row("│", r[:]...)
	}
	rule("└", "┴", "┘", "─")
	for _, line := range m.summaryTotals(total) {
		b.WriteString(" " + line + "\n")
	}
	return b.String()
}

// summaryRows returns the cells of Summary's table, one row per layer —
// "name (Kind)", output shape, parameter count, with "?" before the input
// shape is known — and the total parameter count.
func (m *Sequential) summaryRows() (rows [][3]string, total int) {
	shape := m.inShape
	for _, l := range m.layers {
		outShape, params := "?", "?"
		if shape != nil {
			next, err := l.outputShape(shape)
			if err == nil {
				outShape = "(None, " + strings.TrimPrefix(strings.TrimSuffix(shapeString(next), ",)")+")", "(")
				n := l.paramCount(shape)
				total += n
				params = commas(n)
			}
			shape = next
		}
		rows = append(rows, [3]string{fmt.Sprintf("%s (%s)", l.name, l.kind), outShape, params})
	}
	return rows, total
}

// summaryTotals returns the lines under Summary's table.
func (m *Sequential) summaryTotals(total int) []string {
	if m.inShape == nil {
		return []string{"Total params: ? (unbuilt: give the model an Input layer, call Build or fit it)"}
	}
	bytesPer := 4
	if m.dtype == Float64 {
		bytesPer = 8
	}
	size := byteSize(total * bytesPer)
	return []string{
		fmt.Sprintf("Total params: %s (%s)", commas(total), size),
		fmt.Sprintf("Trainable params: %s (%s)", commas(total), size),
		fmt.Sprintf("Non-trainable params: 0 (%s)", byteSize(0)),
	}
}

// commas formats n with thousands separators: 101,770.
func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// byteSize formats a byte count as Keras does: "397.54 KB".
func byteSize(n int) string {
	v := float64(n)
	for _, unit := range []string{"B", "KB", "MB"} {
		if v < 1024 {
			return fmt.Sprintf("%.2f %s", v, unit)
		}
		v /= 1024
	}
	return fmt.Sprintf("%.2f GB", v)
}

// String describes the model in one line: its layers and, once built,
// its parameter count, e.g.
// `Sequential "sequential": Flatten() → Dense(128, "relu") → Dense(10, "softmax"); 101,770 params`.
// Summary gives the full table.
func (m *Sequential) String() string {
	parts := make([]string, len(m.layers))
	for i, l := range m.layers {
		parts[i] = l.String()
	}
	s := fmt.Sprintf("Sequential %q: %s", m.name, strings.Join(parts, " → "))
	if m.net != nil {
		s += fmt.Sprintf("; %s params", commas(m.NumParams()))
	}
	return s
}
