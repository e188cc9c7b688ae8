package notebook

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// onePixelPNG is a 1×1 PNG, base64-encoded as nbformat stores images.
const onePixelPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

// pageNotebook exercises every kind of content the page renders.
func pageNotebook() *Notebook {
	return &Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{}, Cells: []*Cell{
		{Type: MarkdownCell, ID: "intro", Source: "# Gradient descent\n\n" +
			"The loss is $L = \\frac{1}{n}\\sum_i (y_i - \\hat{y}_i)^2$ and costs \\$5.\n\n" +
			"$$\n\\frac{\\partial L}{\\partial w} = \\frac{2}{n}\\sum_i (\\hat{y}_i - y_i)\\, x_i\n$$\n\n" +
			"Code keeps dollars: `fmt.Sprintf(\"$%d\", n)` and\n\n```go\nprice := \"$x$\"\n```\n\n" +
			"Unsupported math stays readable: $\\weird{x}$.\n\n" +
			"![a dot](attachment:dot.png) | and a table |\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"},
		{Type: CodeCell, ID: "code", ExecutionCount: 1, Source: "// compare\nif a < b && s != \"<b>\" {\n\tfmt.Println(len(s), 3.5)\n}",
			Outputs: []*Output{
				{Type: StreamOutput, Name: "stdout", Text: "plain <text> & \x1b[1;31mred bold\x1b[0m normal\n"},
				{Type: StreamOutput, Name: "stderr", Text: "warning\n"},
				{Type: DisplayDataOutput, Data: map[string]any{"image/png": onePixelPNG + "\n", "text/plain": "<Figure>"},
					Metadata: map[string]any{"image/png": map[string]any{"width": 640}}},
				{Type: DisplayDataOutput, Data: map[string]any{"image/svg+xml": `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`}},
				{Type: DisplayDataOutput, Data: map[string]any{"text/html": "<table><tr><td>html output</td></tr></table>", "text/plain": "table"}},
				{Type: DisplayDataOutput, Data: map[string]any{"text/latex": `$$\sigma(z) = \frac{1}{1+e^{-z}}$$`}},
				{Type: DisplayDataOutput, Data: map[string]any{"text/markdown": "**bold** markdown"}},
				{Type: DisplayDataOutput, Data: map[string]any{"application/json": map[string]any{"k": []any{1, "<v>"}}}},
				{Type: DisplayDataOutput, Data: map[string]any{"application/vnd.custom+json": map[string]any{}}},
				{Type: ExecuteResultOutput, ExecutionCount: 1, Data: map[string]any{"text/plain": "42"}},
				{Type: ErrorOutput, EName: "panic", EValue: "boom", Traceback: []string{"\x1b[0;31mpanic\x1b[0m: boom", "  1 | panic(\"boom\")"}},
			}},
		{Type: CodeCell, ID: "not-run", Source: "x"},
		{Type: RawCell, Source: "<raw & text>"},
		{Type: RawCell, Source: "<p>raw html</p>", Metadata: map[string]any{"raw_mimetype": "text/html"}},
	}}
}

func pageHTML(t *testing.T) string {
	t.Helper()
	nb := pageNotebook()
	nb.Cells[0].Attachments = map[string]map[string]any{"dot.png": {"image/png": onePixelPNG}}
	page, err := HTML(nb)
	if err != nil {
		t.Fatal(err)
	}
	return string(page)
}

func TestHTMLIsWellFormed(t *testing.T) {
	page := pageHTML(t)
	d := xml.NewDecoder(strings.NewReader(page))
	d.Entity = xml.HTMLEntity
	depth, sawMath := 0, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the page is not well-formed: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			sawMath = sawMath || el.Name.Local == "math"
		case xml.EndElement:
			depth--
		}
	}
	if depth != 0 || !sawMath {
		t.Errorf("unbalanced page (depth %d) or no math element", depth)
	}
}

func TestHTMLContent(t *testing.T) {
	page := pageHTML(t)
	for _, want := range []string{
		`<title>Gradient descent</title>`,
		`<h1 id="gradient-descent">Gradient descent</h1>`,
		`<math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow><mi>L</mi><mo>=</mo><mfrac>`,
		`<div class="math"><math xmlns="http://www.w3.org/1998/Math/MathML" display="block">`,
		`costs $5.`,
		"<code>fmt.Sprintf(&quot;$%d&quot;, n)</code>",
		`price := &quot;$x$&quot;`,
		`<code class="tex" title="TeX at byte 0: unsupported command \weird">$\weird{x}$</code>`,
		`<img src="data:image/png;base64,` + onePixelPNG + `" alt="a dot" />`,
		`<table>`,
		`<span class="com">// compare</span>`,
		`<span class="kw">if</span> a &lt; b &amp;&amp; s != <span class="str">&#34;&lt;b&gt;&#34;</span>`,
		`<span class="fn">Println</span>(<span class="bi">len</span>(s), <span class="num">3.5</span>)`,
		`<pre class="stdout">plain &lt;text&gt; &amp; <span class="ansi-bold ansi-red">red bold</span> normal` + "\n</pre>",
		`<pre class="stderr">warning`,
		`<img src="data:image/png;base64,` + onePixelPNG + `" width="640" alt="image/png output" />`,
		`<img src="data:image/svg+xml;base64,`,
		`<div class="html"><table><tr><td>html output</td></tr></table></div>`,
		`<mi>σ</mi>`,
		`<strong>bold</strong> markdown`,
		`<pre class="json">{` + "\n" + `  &#34;k&#34;: [` + "\n" + `    1,` + "\n" + `    &#34;&lt;v&gt;&#34;` + "\n  ]\n}</pre>",
		`Output of type application/vnd.custom+json is not shown`,
		`<div class="prompt">Out&#160;[1]:</div><div class="output-body"><pre>42</pre>`,
		`<pre class="error"><span class="ansi-red">panic</span>: boom` + "\n" + `  1 | panic(&#34;boom&#34;)</pre>`,
		`<div class="prompt">In&#160;[&#160;]:</div>`,
		`<section class="cell raw"><pre>&lt;raw &amp; text&gt;</pre></section>`,
		"<section class=\"cell raw\">\n<p>raw html</p>\n</section>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, bad := range []string{"gonnmathq", "<script", "<link", `src="http`, "\x1b"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
}

func TestHTMLTitle(t *testing.T) {
	for _, tc := range []struct {
		nb   *Notebook
		want string
	}{
		{&Notebook{Metadata: map[string]any{"title": " Named "}}, "Named"},
		{&Notebook{Metadata: map[string]any{}, Cells: []*Cell{{Type: MarkdownCell, Source: "intro\n## *Second* level"}}}, "Second* level"},
		{&Notebook{Metadata: map[string]any{}}, "Untitled"},
	} {
		if got := tc.nb.title("Untitled"); got != tc.want {
			t.Errorf("title() = %q, want %q", got, tc.want)
		}
	}
}

func TestExtractMath(t *testing.T) {
	for _, tc := range []struct {
		src, masked string
		tex         []string
	}{
		{`a $x$ b`, `a gonnmathq0q b`, []string{"x"}},
		{`$$a$$ and $b$`, `gonnmathq0q and gonnmathq1q`, []string{"a", "b"}},
		{`\$5 and \$6`, `\$5 and \$6`, nil},
		{"`$x$` $y$", "`$x$` gonnmathq0q", []string{"y"}},
		{"```\n$x$\n```\n$y$", "```\n$x$\n```\ngonnmathq0q", []string{"y"}},
		{"$a\n\nb$", "$a\n\nb$", nil},
		{"$ $", "$ $", nil},
		{"$x", "$x", nil},
		{"\\begin{align} a &= b \\end{align} c", "gonnmathq0q c", []string{`\begin{align} a &= b \end{align}`}},
		{"$a\\$b$", "gonnmathq0q", []string{`a\$b`}},
	} {
		masked, formulas := extractMath(tc.src)
		var tex []string
		for _, f := range formulas {
			tex = append(tex, f.tex)
		}
		if masked != tc.masked || strings.Join(tex, "|") != strings.Join(tc.tex, "|") {
			t.Errorf("extractMath(%q) = %q %q, want %q %q", tc.src, masked, tex, tc.masked, tc.tex)
		}
	}
}

func TestHeadingWithMathKeepsItsID(t *testing.T) {
	out, err := renderMarkdown("## Loss $L$ here", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^<h2 id="loss--here">Loss <math .*</math> here</h2>`).MatchString(out) {
		t.Errorf("heading = %s", out)
	}
}

func TestANSI(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"\x1b[31mred\x1b[39m back", `<span class="ansi-red">red</span> back`},
		{"\x1b[1m\x1b[94mb\x1b[22mc\x1b[0m", `<span class="ansi-bold"></span><span class="ansi-bold ansi-bright-blue">b</span><span class="ansi-bright-blue">c</span>`},
		{"\x1b[38;5;196mx\x1b[0m", `<span style="color:#ff0000">x</span>`},
		{"\x1b[48;2;1;2;3mx", `<span style="background-color:#010203">x</span>`},
		{"erase\x1b[K line\x1b]0;title\a", "erase line]0;title\a"},
		{"\x1b[", ""},
		{"<&>", "&lt;&amp;&gt;"},
	} {
		if got := ansiToHTML(tc.in); got != tc.want {
			t.Errorf("ansiToHTML(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHighlightGoKeepsEveryCharacter(t *testing.T) {
	src := "package main\r\n\nimport \"fmt\"\n\n%%magic !shell `raw\nstring` 'c' 0x1F 1e3i /* block */\nfunc f() { _ = append([]int{}, 1) }\n"
	out := highlightGo(src)
	text := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(out, "")
	for _, e := range [][2]string{{"&lt;", "<"}, {"&gt;", ">"}, {"&#34;", `"`}, {"&#39;", "'"}, {"&amp;", "&"}} {
		text = strings.ReplaceAll(text, e[0], e[1])
	}
	if want := strings.ReplaceAll(src, "\r\n", "\n"); text != want {
		t.Errorf("highlighting changed the text:\n got %q\nwant %q", text, want)
	}
	for _, want := range []string{`<span class="kw">package</span>`, `<span class="str">` + "`raw\nstring`</span>", `<span class="num">0x1F</span>`, `<span class="com">/* block */</span>`, `<span class="bi">append</span>`, `<span class="fn">f</span>`} {
		if !strings.Contains(out, want) {
			t.Errorf("highlighted code lacks %s", want)
		}
	}
}

// TestHTMLOfExecutedNotebook renders a notebook the real engine ran.
func TestHTMLOfExecutedNotebook(t *testing.T) {
	nb := readFixture(t, "hello.ipynb")
	if err := runWithEngine(t, nb, Options{}); err != nil {
		t.Fatal(err)
	}
	page, err := HTML(nb)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h1 id=\"hello-gonn\">Hello, gonn</h1>", "<munderover><mo movablelimits=\"true\">∑</mo>", "<pre class=\"stdout\">hello\nworld\n</pre>", "Out&#160;[2]:</div><div class=\"output-body\"><pre>42</pre>"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if dir := os.Getenv("GONN_HTML_PREVIEW"); dir != "" {
		// For a person to look at: GONN_HTML_PREVIEW=/tmp go test -run HTML ./notebook
		os.WriteFile(filepath.Join(dir, "executed.html"), page, 0o644)
		os.WriteFile(filepath.Join(dir, "page.html"), []byte(pageHTML(t)), 0o644)
	}
}
