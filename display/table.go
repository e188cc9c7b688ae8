package display

import (
	"strconv"
	"strings"
)

// tableBundle shows rows under header as an HTML table and as aligned
// text. Rows may have different lengths; missing cells are empty. Columns
// of numbers are right-aligned, header included.
func tableBundle(header []string, rows [][]string) Bundle {
	all := append([][]string{header}, rows...)
	width := columnWidths(all)
	right := numericColumns(rows, len(width))
	var text strings.Builder
	for i, row := range all {
		if i == 0 && len(header) == 0 {
			continue
		}
		text.WriteString(textRow(row, width, right))
		if i == 0 {
			text.WriteString(ruleRow(width))
		}
	}
	return Bundle{
		MIMEText: strings.TrimRight(text.String(), "\n"),
		MIMEHTML: tableHTML(header, rows, right),
	}
}

// numericColumns reports for each of n columns whether all its non-empty
// cells are numbers.
func numericColumns(rows [][]string, n int) []bool {
	numeric := make([]bool, n)
	seen := make([]bool, n)
	for j := range numeric {
		numeric[j] = true
	}
	for _, row := range rows {
		for j, cell := range row {
			if cell != "" {
				seen[j] = true
				numeric[j] = numeric[j] && isNumber(cell)
			}
		}
	}
	for j := range numeric {
		numeric[j] = numeric[j] && seen[j]
	}
	return numeric
}

// textRow pads the cells of one row to the column widths, right-aligning
// the columns marked in right.
func textRow(row []string, width []int, right []bool) string {
	var b strings.Builder
	for j, w := range width {
		cell := ""
		if j < len(row) {
			cell = row[j]
		}
		pad := strings.Repeat(" ", w-runeLen(cell))
		if j > 0 {
			b.WriteString("  ")
		}
		if right[j] {
			b.WriteString(pad + cell)
		} else {
			b.WriteString(cell + pad)
		}
	}
	return strings.TrimRight(b.String(), " ") + "\n"
}

// ruleRow underlines the header.
func ruleRow(width []int) string {
	parts := make([]string, len(width))
	for j, w := range width {
		parts[j] = strings.Repeat("-", w)
	}
	return strings.Join(parts, "  ") + "\n"
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	return err == nil
}

func tableHTML(header []string, rows [][]string, right []bool) string {
	var b strings.Builder
	b.WriteString("<table>\n")
	if len(header) > 0 {
		b.WriteString("<thead><tr>")
		for j, h := range header {
			if j < len(right) && right[j] {
				b.WriteString(`<th style="text-align:right">` + escapeHTML(h) + "</th>")
			} else {
				b.WriteString("<th>" + escapeHTML(h) + "</th>")
			}
		}
		b.WriteString("</tr></thead>\n")
	}
	b.WriteString("<tbody>\n")
	for _, row := range rows {
		b.WriteString("<tr>")
		for j, c := range row {
			if right[j] {
				b.WriteString(`<td style="text-align:right">` + escapeHTML(c) + "</td>")
			} else {
				b.WriteString("<td>" + escapeHTML(c) + "</td>")
			}
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table>")
	return b.String()
}
