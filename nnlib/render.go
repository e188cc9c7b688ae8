package nnlib

import (
	"fmt"
	"html"
	"strings"
)

// How models and histories show themselves when they are a notebook
// cell's value. The methods match the display package's rendering
// interfaces by their method sets (HTMLer, MIMEBundler, MetadataBundler),
// so nnlib does not depend on a kernel.

// HTML returns the model's Summary as an HTML table: the layers with their
// output shapes and parameter counts, then the totals.
func (m *Sequential) HTML() string {
	if m == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="nnlib-summary"><div><b>%s</b></div>`, html.EscapeString(fmt.Sprintf("Model: %q", m.name)))
	b.WriteString(`<table><thead><tr><th style="text-align:left">Layer (type)</th>` +
		`<th style="text-align:left">Output Shape</th><th style="text-align:right">Param #</th></tr></thead><tbody>`)
	rows, total := m.summaryRows()
	for _, r := range rows {
		fmt.Fprintf(&b, `<tr><td style="text-align:left">%s</td><td style="text-align:left">%s</td>`+
			`<td style="text-align:right">%s</td></tr>`,
			html.EscapeString(r[0]), html.EscapeString(r[1]), html.EscapeString(r[2]))
	}
	b.WriteString("</tbody></table><div>")
	for i, line := range m.summaryTotals(total) {
		if i > 0 {
			b.WriteString("<br>")
		}
		b.WriteString(html.EscapeString(line))
	}
	b.WriteString("</div></div>")
	return b.String()
}

// MIMEBundle shows the model as its summary table: text/html (see HTML)
// and, for consoles, the Summary text as text/plain.
func (m *Sequential) MIMEBundle() map[string]any {
	if m == nil {
		return map[string]any{"text/plain": "Sequential (nil)"}
	}
	return map[string]any{"text/html": m.HTML(), "text/plain": m.Summary()}
}

// MIMEBundle shows the history as its training curves (see
// TrainingCurves: loss and each metric side by side, with their validation
// twins) as image/png and, as text/plain, its table (String). A history
// without epochs shows only the text.
func (h *History) MIMEBundle() map[string]any {
	f, err := TrainingCurves(h)
	if err != nil {
		return map[string]any{"text/plain": h.String()}
	}
	b := f.MIMEBundle()
	b["text/plain"] = h.String()
	return b
}

// MIMEMetadata gives the CSS size of MIMEBundle's image/png (see
// Figure.MIMEMetadata); nil for a history without epochs.
func (h *History) MIMEMetadata() map[string]any {
	f, err := TrainingCurves(h)
	if err != nil {
		return nil
	}
	return f.MIMEMetadata()
}
