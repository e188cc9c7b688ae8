package notebook

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"sort"
	"strings"
)

//go:embed page.css
var pageCSS string

// HTML renders the notebook as one self-contained HTML page: Markdown
// with math as MathML, Go code with syntax highlighting, and every output
// inline — images as data: URIs, HTML as is, text with terminal colours.
// The page loads nothing from the network and runs no script. The title is
// metadata.title, else the notebook's first heading, else "Notebook". The
// markup is well-formed XML apart from raw HTML that the notebook itself
// contains.
func HTML(nb *Notebook) ([]byte, error) {
	return page(nb, "Notebook")
}

// page renders the page; untitled is the title of a notebook without
// metadata.title or a heading.
func page(nb *Notebook, untitled string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
	b.WriteString("<meta name=\"generator\" content=\"gonn\" />\n")
	fmt.Fprintf(&b, "<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n<main class=\"notebook\">\n", html.EscapeString(nb.title(untitled)), pageCSS)
	for i, c := range nb.Cells {
		if err := writeCell(&b, c); err != nil {
			return nil, fmt.Errorf("cell %d: %w", i+1, err)
		}
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.Bytes(), nil
}

// title is metadata.title, the text of the first heading, or untitled.
func (nb *Notebook) title(untitled string) string {
	if t, ok := nb.Metadata["title"].(string); ok && strings.TrimSpace(t) != "" {
		return strings.TrimSpace(t)
	}
	for _, c := range nb.Cells {
		if c.Type != MarkdownCell {
			continue
		}
		for line := range strings.SplitSeq(c.Source, "\n") {
			if t, ok := strings.CutPrefix(strings.TrimSpace(line), "#"); ok {
				t = strings.Trim(strings.TrimLeft(t, "#"), " *_`")
				if t != "" {
					return t
				}
			}
		}
	}
	return untitled
}

func writeCell(b *bytes.Buffer, c *Cell) error {
	id := ""
	if c.ID != "" {
		id = ` id="cell-` + html.EscapeString(c.ID) + `"`
	}
	switch c.Type {
	case MarkdownCell:
		body, err := renderMarkdown(c.Source, c.Attachments)
		if err != nil {
			return err
		}
		fmt.Fprintf(b, "<section class=\"cell markdown\"%s>\n%s</section>\n", id, body)
	case RawCell:
		if rawFormat(c.Metadata) == "text/html" {
			fmt.Fprintf(b, "<section class=\"cell raw\"%s>\n%s\n</section>\n", id, c.Source)
		} else {
			fmt.Fprintf(b, "<section class=\"cell raw\"%s><pre>%s</pre></section>\n", id, html.EscapeString(c.Source))
		}
	case CodeCell:
		fmt.Fprintf(b, "<section class=\"cell code\"%s>\n<div class=\"input\"><div class=\"prompt\">%s</div>", id, prompt("In", c.ExecutionCount))
		fmt.Fprintf(b, "<pre class=\"source\"><code class=\"language-go\">%s</code></pre></div>\n", highlightGo(c.Source))
		for _, o := range c.Outputs {
			body, err := renderOutput(o)
			if err != nil {
				return err
			}
			p := ""
			if o.Type == ExecuteResultOutput {
				p = prompt("Out", o.ExecutionCount)
			}
			fmt.Fprintf(b, "<div class=\"output %s\"><div class=\"prompt\">%s</div><div class=\"output-body\">%s</div></div>\n", o.Type, p, body)
		}
		b.WriteString("</section>\n")
	}
	return nil
}

// rawFormat is the MIME type a raw cell is meant for: metadata.format (the
// nbformat field) or metadata.raw_mimetype (what the classic notebook
// sets).
func rawFormat(meta map[string]any) string {
	if f, ok := meta["format"].(string); ok {
		return f
	}
	f, _ := meta["raw_mimetype"].(string)
	return f
}

// prompt is "In [3]:" (or "In [ ]:" for a cell that has not run).
func prompt(label string, count int) string {
	if count == 0 {
		return label + "&#160;[&#160;]:"
	}
	return fmt.Sprintf("%s&#160;[%d]:", label, count)
}

func renderOutput(o *Output) (string, error) {
	switch o.Type {
	case StreamOutput:
		return `<pre class="` + html.EscapeString(o.Name) + `">` + ansiToHTML(o.Text) + `</pre>`, nil
	case ErrorOutput:
		tb := strings.Join(o.Traceback, "\n")
		if tb == "" {
			tb = o.EName + ": " + o.EValue
		}
		return `<pre class="error">` + ansiToHTML(tb) + `</pre>`, nil
	}
	return renderBundle(o.Data, o.Metadata)
}

// bundleOrder is the order in which MIME types are preferred when an
// output offers several.
var bundleOrder = []string{
	"text/html", "image/svg+xml", "image/png", "image/jpeg", "image/gif", "image/webp",
	"text/markdown", "text/latex", "application/json", "text/plain",
}

// renderBundle shows the richest MIME type of a bundle the page can show.
func renderBundle(data, meta map[string]any) (string, error) {
	for _, mime := range bundleOrder {
		v, ok := data[mime]
		if !ok {
			continue
		}
		if mime == "application/json" {
			var j bytes.Buffer
			enc := json.NewEncoder(&j)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(v); err != nil {
				return "", fmt.Errorf("application/json output: %w", err)
			}
			return `<pre class="json">` + html.EscapeString(strings.TrimSuffix(j.String(), "\n")) + `</pre>`, nil
		}
		s, ok := v.(string)
		if !ok {
			continue
		}
		switch mime {
		case "text/html":
			return `<div class="html">` + s + `</div>`, nil
		case "text/markdown":
			return renderMarkdown(s, nil)
		case "text/latex":
			return renderLatex(s), nil
		case "text/plain":
			return `<pre>` + ansiToHTML(s) + `</pre>`, nil
		}
		if uri := dataURI(map[string]any{mime: s}); uri != "" {
			return `<img src="` + uri + `"` + imageSize(meta, mime) + ` alt="` + mime + ` output" />`, nil
		}
	}
	var types []string
	for mime := range data {
		types = append(types, mime)
	}
	sort.Strings(types)
	return `<p class="unsupported">Output of type ` + html.EscapeString(strings.Join(types, ", ")) + ` is not shown on this page.</p>`, nil
}

// renderLatex shows text/latex output: math in $…$, $$…$$ or an
// environment is converted, anything else is taken as one display formula.
func renderLatex(s string) string {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "$") || strings.HasPrefix(t, `\begin{`) {
		masked, formulas := extractMath(t)
		return restoreMath(html.EscapeString(masked), formulas)
	}
	if inner, ok := strings.CutPrefix(t, `\[`); ok {
		t = strings.TrimSuffix(inner, `\]`)
	}
	return `<div class="math">` + renderMath(formula{tex: t, source: s, display: true}) + `</div>`
}

// imageSize returns width and height attributes from an image's
// metadata ({"image/png": {"width": 640}}), or "".
func imageSize(meta map[string]any, mime string) string {
	m, _ := meta[mime].(map[string]any)
	a := ""
	for _, dim := range []string{"width", "height"} {
		switch v := m[dim].(type) {
		case json.Number:
			if _, err := v.Float64(); err == nil {
				a += fmt.Sprintf(` %s="%s"`, dim, v)
			}
		case float64, int:
			a += fmt.Sprintf(` %s="%v"`, dim, v)
		}
	}
	return a
}
