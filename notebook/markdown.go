package notebook

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/gonn-dev/gonn/notebook/mathml"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown converts notebook Markdown (GitHub flavour, raw HTML allowed as
// in Jupyter) to HTML. Math is cut out before the Markdown parser sees it
// and put back, as MathML, afterwards.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(
		parser.WithAutoHeadingID(),
		parser.WithASTTransformers(util.Prioritized(attachmentLinks{}, 100)),
	),
	goldmark.WithRendererOptions(gmhtml.WithXHTML(), gmhtml.WithUnsafe()),
)

// attachmentsKey carries a cell's attachments to attachmentLinks.
var attachmentsKey = parser.NewContextKey()

// renderMarkdown renders src, resolving attachment: image links against
// attachments.
func renderMarkdown(src string, attachments map[string]map[string]any) (string, error) {
	masked, formulas := extractMath(src)
	ctx := parser.NewContext()
	ctx.Set(attachmentsKey, attachments)
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(masked), &buf, parser.WithContext(ctx)); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	return restoreMath(buf.String(), formulas), nil
}

// formula is one piece of math cut out of Markdown.
type formula struct {
	tex     string // without delimiters
	source  string // with delimiters, as written
	display bool
}

// placeholder marks where formula i was; it is plain letters and digits,
// which Markdown leaves alone.
func placeholder(i int) string { return "gonnmathq" + strconv.Itoa(i) + "q" }

var placeholderPattern = regexp.MustCompile(`(<p>)?gonnmathq(\d+)q(</p>)?`)

// extractMath replaces the math in Markdown source with placeholders, the
// way Jupyter does before rendering: $$…$$ and \begin{env}…\end{env} are
// display math, $…$ inline math; a backslash-escaped \$ is a dollar sign.
// Code spans and fenced code blocks are left alone, and inline math does
// not run past a blank line.
func extractMath(src string) (string, []formula) {
	var out strings.Builder
	var formulas []formula
	add := func(f formula) {
		out.WriteString(placeholder(len(formulas)))
		formulas = append(formulas, f)
	}
	fence := ""
	for i := 0; i < len(src); {
		lineStart := i == 0 || src[i-1] == '\n'
		if lineStart {
			if f := fenceMarker(src[i:]); f != "" && (fence == "" || strings.HasPrefix(f, fence)) {
				if fence == "" {
					fence = f
				} else {
					fence = ""
				}
			}
		}
		if fence != "" {
			end := strings.IndexByte(src[i:], '\n')
			if end < 0 {
				end = len(src) - i - 1
			}
			out.WriteString(src[i : i+end+1])
			i += end + 1
			continue
		}
		switch c := src[i]; {
		case c == '\\' && i+1 < len(src) && src[i+1] == '$':
			out.WriteString(`\$`)
			i += 2
		case c == '`':
			n := runLength(src[i:], '`')
			end := strings.Index(src[i+n:], strings.Repeat("`", n))
			if end < 0 {
				out.WriteString(src[i : i+n])
				i += n
				continue
			}
			out.WriteString(src[i : i+n+end+n])
			i += n + end + n
		case strings.HasPrefix(src[i:], "$$"):
			end := strings.Index(src[i+2:], "$$")
			if end < 0 {
				out.WriteString("$$")
				i += 2
				continue
			}
			add(formula{tex: src[i+2 : i+2+end], source: src[i : i+2+end+2], display: true})
			i += 2 + end + 2
		case c == '$':
			end := inlineMathEnd(src[i+1:])
			if end < 0 {
				out.WriteByte('$')
				i++
				continue
			}
			add(formula{tex: src[i+1 : i+1+end], source: src[i : i+1+end+1]})
			i += 1 + end + 1
		case c == '\\' && strings.HasPrefix(src[i:], `\begin{`):
			if n := environmentLength(src[i:]); n > 0 {
				add(formula{tex: src[i : i+n], source: src[i : i+n], display: true})
				i += n
				continue
			}
			out.WriteByte(c)
			i++
		default:
			out.WriteByte(c)
			i++
		}
	}
	return out.String(), formulas
}

// fenceMarker returns the ``` or ~~~ run that opens or closes a fenced
// code block at the start of line, or "".
func fenceMarker(line string) string {
	trimmed := strings.TrimLeft(line, " ")
	if len(line)-len(trimmed) > 3 || trimmed == "" || (trimmed[0] != '`' && trimmed[0] != '~') {
		return ""
	}
	if n := runLength(trimmed, trimmed[0]); n >= 3 {
		return trimmed[:n]
	}
	return ""
}

func runLength(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

// inlineMathEnd finds the $ closing inline math in s (which starts after
// the opening $), skipping escaped dollars; -1 when there is none before a
// blank line or the math would be empty.
func inlineMathEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '\n':
			if strings.HasPrefix(strings.TrimLeft(s[i+1:], " \t"), "\n") {
				return -1
			}
		case '$':
			if strings.TrimSpace(s[:i]) == "" {
				return -1
			}
			return i
		}
	}
	return -1
}

var beginPattern = regexp.MustCompile(`^\\begin\{([A-Za-z]+\*?)\}`)

// environmentLength returns the length of a \begin{env}…\end{env} at the
// start of s, or 0.
func environmentLength(s string) int {
	m := beginPattern.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	end := `\end{` + m[1] + `}`
	if i := strings.Index(s, end); i >= 0 {
		return i + len(end)
	}
	return 0
}

// restoreMath puts the formulas back as MathML; a display formula alone in
// a paragraph replaces the paragraph. A placeholder inside a tag (such as
// a heading's generated id) is dropped.
func restoreMath(h string, formulas []formula) string {
	var b strings.Builder
	last := 0
	for _, m := range placeholderPattern.FindAllStringSubmatchIndex(h, -1) {
		b.WriteString(h[last:m[0]])
		last = m[1]
		i, err := strconv.Atoi(h[m[4]:m[5]])
		if err != nil || i >= len(formulas) {
			b.WriteString(h[m[0]:m[1]])
			continue
		}
		open, close := m[2] >= 0, m[6] >= 0
		if !open && insideTag(h[:m[0]]) {
			continue
		}
		f := formulas[i]
		math := renderMath(f)
		switch {
		case open && close && f.display:
			b.WriteString(`<div class="math">` + math + `</div>`)
		default:
			if open {
				b.WriteString("<p>")
			}
			b.WriteString(math)
			if close {
				b.WriteString("</p>")
			}
		}
	}
	b.WriteString(h[last:])
	return b.String()
}

// insideTag reports whether HTML ending with before is inside a tag.
func insideTag(before string) bool {
	return strings.LastIndexByte(before, '<') > strings.LastIndexByte(before, '>')
}

// renderMath converts a formula to MathML, or shows its TeX source when it
// is outside the supported subset.
func renderMath(f formula) string {
	out, err := mathml.Convert(f.tex, f.display)
	if err != nil {
		return `<code class="tex" title="` + html.EscapeString(err.Error()) + `">` + html.EscapeString(f.source) + `</code>`
	}
	return out
}

// attachmentLinks rewrites ![alt](attachment:NAME) image links to data:
// URIs of the cell's attachments.
type attachmentLinks struct{}

// Transform implements parser.ASTTransformer.
func (attachmentLinks) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	attachments, _ := pc.Get(attachmentsKey).(map[string]map[string]any)
	if len(attachments) == 0 {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		img, ok := n.(*ast.Image)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		name, ok := strings.CutPrefix(string(img.Destination), "attachment:")
		if !ok {
			return ast.WalkContinue, nil
		}
		if uri := dataURI(attachments[name]); uri != "" {
			img.Destination = []byte(uri)
		}
		return ast.WalkContinue, nil
	})
}

// imageTypes are the image MIME types shown inline, in order of
// preference.
var imageTypes = []string{"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"}

// dataURI returns a data: URI for the first image in a MIME bundle, or "".
// Raster images are stored as base64 already; SVG is stored as text.
func dataURI(bundle map[string]any) string {
	for _, mime := range imageTypes {
		s, ok := bundle[mime].(string)
		if !ok {
			continue
		}
		if mime == "image/svg+xml" {
			return "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(s))
		}
		if b64 := cleanBase64(s); b64 != "" {
			return "data:" + mime + ";base64," + b64
		}
	}
	return ""
}

// cleanBase64 returns s without whitespace if it is valid base64, else "".
func cleanBase64(s string) string {
	s = strings.Join(strings.Fields(s), "")
	if _, err := base64.StdEncoding.DecodeString(s); err != nil {
		return ""
	}
	return s
}
