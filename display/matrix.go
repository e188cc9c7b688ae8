package display

import (
	"fmt"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// A matrix with more rows or columns than these is shown as an excerpt: its
// first and last matrixEdge rows (columns), with an ellipsis between.
const (
	matrixMaxRows = 20
	matrixMaxCols = 12
	matrixEdge    = 4
)

// matrixBundle shows m as aligned text and as an HTML table with row and
// column indices. Large matrices are excerpted; numbers have 6 significant
// digits.
func matrixBundle(m mat.Matrix) Bundle {
	r, c := m.Dims()
	title := fmt.Sprintf("%T %d×%d", m, r, c)
	rows := excerpt(r, matrixMaxRows)
	cols := excerpt(c, matrixMaxCols)
	cells := make([][]string, len(rows))
	for i, ri := range rows {
		cells[i] = make([]string, len(cols))
		for j, cj := range cols {
			switch {
			case ri < 0 && cj < 0:
				cells[i][j] = "⋱"
			case ri < 0:
				cells[i][j] = "⋮"
			case cj < 0:
				cells[i][j] = "…"
			default:
				cells[i][j] = strconv.FormatFloat(m.At(ri, cj), 'g', 6, 64)
			}
		}
	}
	return Bundle{
		MIMEText: title + "\n" + matrixText(cells),
		MIMEHTML: matrixHTML(title, rows, cols, cells),
	}
}

// excerpt returns the indices 0..n-1, or, when n exceeds max, the first and
// last matrixEdge indices with -1 marking the elided middle.
func excerpt(n, max int) []int {
	var idx []int
	if n <= max {
		for i := range n {
			idx = append(idx, i)
		}
		return idx
	}
	for i := range matrixEdge {
		idx = append(idx, i)
	}
	idx = append(idx, -1)
	for i := n - matrixEdge; i < n; i++ {
		idx = append(idx, i)
	}
	return idx
}

// matrixText lays the cells out in right-aligned columns between the
// bracket characters mat.Formatted uses.
func matrixText(cells [][]string) string {
	if len(cells) == 0 || len(cells[0]) == 0 {
		return "[]"
	}
	width := columnWidths(cells)
	var b strings.Builder
	for i, row := range cells {
		left, right := brackets(i, len(cells))
		b.WriteString(left)
		for j, s := range row {
			if j > 0 {
				b.WriteString("  ")
			}
			b.WriteString(strings.Repeat(" ", width[j]-runeLen(s)))
			b.WriteString(s)
		}
		b.WriteString(right)
		if i < len(cells)-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// brackets returns the left and right bracket pieces of row i of n.
func brackets(i, n int) (string, string) {
	switch {
	case n == 1:
		return "[", "]"
	case i == 0:
		return "⎡", "⎤"
	case i == n-1:
		return "⎣", "⎦"
	}
	return "⎢", "⎥"
}

func runeLen(s string) int { return len([]rune(s)) }

// columnWidths returns the widest cell of each column, in runes.
func columnWidths(rows [][]string) []int {
	var width []int
	for _, row := range rows {
		for j, s := range row {
			if j == len(width) {
				width = append(width, 0)
			}
			width[j] = max(width[j], runeLen(s))
		}
	}
	return width
}

// matrixHTML renders the cells as a table whose header row and first
// column hold the matrix indices.
func matrixHTML(title string, rows, cols []int, cells [][]string) string {
	var b strings.Builder
	b.WriteString(`<table style="font-family:monospace;text-align:right">`)
	b.WriteString("<caption>" + escapeHTML(title) + "</caption>\n<thead><tr><th></th>")
	for _, c := range cols {
		b.WriteString("<th>" + indexLabel(c) + "</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for i, row := range cells {
		b.WriteString("<tr><th>" + indexLabel(rows[i]) + "</th>")
		for _, s := range row {
			b.WriteString("<td>" + escapeHTML(s) + "</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table>")
	return b.String()
}

func indexLabel(i int) string {
	if i < 0 {
		return "…"
	}
	return strconv.Itoa(i)
}
