package mathml

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

// body returns the MathML of tex without the <math>, <semantics> and
// annotation wrapper.
func body(t *testing.T, tex string) string {
	t.Helper()
	out, err := Convert(tex, false)
	if err != nil {
		t.Fatalf("Convert(%q): %v", tex, err)
	}
	start := strings.Index(out, "<semantics>") + len("<semantics>")
	end := strings.Index(out, "<annotation")
	return out[start:end]
}

// The expected MathML is written by hand from the MathML Core
// specification, one construct at a time.
func TestConvertConstructs(t *testing.T) {
	for _, tc := range []struct{ tex, want string }{
		{`x`, `<mrow><mi>x</mi></mrow>`},
		{`x^2`, `<mrow><msup><mi>x</mi><mn>2</mn></msup></mrow>`},
		{`x_{ij}`, `<mrow><msub><mi>x</mi><mrow><mi>i</mi><mi>j</mi></mrow></msub></mrow>`},
		{`w_i^{t+1}`, `<mrow><msubsup><mi>w</mi><mi>i</mi><mrow><mi>t</mi><mo>+</mo><mn>1</mn></mrow></msubsup></mrow>`},
		{`f'(x)`, `<mrow><msup><mi>f</mi><mo>′</mo></msup><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo></mrow>`},
		{`3.14 - 2`, `<mrow><mn>3.14</mn><mo>−</mo><mn>2</mn></mrow>`},
		{`\frac{a}{b}`, `<mrow><mfrac><mi>a</mi><mi>b</mi></mfrac></mrow>`},
		{`\frac12`, `<mrow><mfrac><mn>1</mn><mn>2</mn></mfrac></mrow>`},
		{`\dfrac{1}{n}`, `<mrow><mstyle displaystyle="true" scriptlevel="0"><mfrac><mn>1</mn><mi>n</mi></mfrac></mstyle></mrow>`},
		{`\sqrt{x}`, `<mrow><msqrt><mi>x</mi></msqrt></mrow>`},
		{`\sqrt[3]{x}`, `<mrow><mroot><mi>x</mi><mn>3</mn></mroot></mrow>`},
		{`\alpha\Omega`, `<mrow><mi>α</mi><mi mathvariant="normal">Ω</mi></mrow>`},
		{`\sum_{i=1}^{n} i`, `<mrow><munderover><mo movablelimits="true">∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover><mi>i</mi></mrow>`},
		{`\int_0^1`, `<mrow><msubsup><mo>∫</mo><mn>0</mn><mn>1</mn></msubsup></mrow>`},
		{`\log x`, `<mrow><mrow><mi>log</mi><mo>&#x2061;</mo></mrow><mi>x</mi></mrow>`},
		{`\lim_{n \to \infty}`, `<mrow><munder><mo movablelimits="true" form="prefix" lspace="0" rspace="0">lim</mo><mrow><mi>n</mi><mo>→</mo><mi>∞</mi></mrow></munder><mo>&#x2061;</mo></mrow>`},
		{`\hat{y}`, `<mrow><mover accent="true"><mi>y</mi><mo stretchy="false">^</mo></mover></mrow>`},
		{`\overline{AB}`, `<mrow><mover accent="true"><mrow><mi>A</mi><mi>B</mi></mrow><mo stretchy="true">‾</mo></mover></mrow>`},
		{`\mathbf{W}x`, `<mrow><mi>𝐖</mi><mi>x</mi></mrow>`},
		{`\mathbb{R}^n`, `<mrow><msup><mi>ℝ</mi><mi>n</mi></msup></mrow>`},
		{`\mathcal{L}`, `<mrow><mi>ℒ</mi></mrow>`},
		{`\boldsymbol{\theta}`, `<mrow><mi>𝜽</mi></mrow>`},
		{`\mathrm{d}x`, `<mrow><mi mathvariant="normal">d</mi><mi>x</mi></mrow>`},
		{`\mathrm{softmax}`, `<mrow><mi>softmax</mi></mrow>`},
		{`\operatorname{ReLU}(z)`, `<mrow><mrow><mi>ReLU</mi><mo>&#x2061;</mo></mrow><mo stretchy="false">(</mo><mi>z</mi><mo stretchy="false">)</mo></mrow>`},
		{`\text{if } x`, "<mrow><mtext>if\u00a0</mtext><mi>x</mi></mrow>"},
		{`a \cdot b \times c`, `<mrow><mi>a</mi><mo>⋅</mo><mi>b</mi><mo>×</mo><mi>c</mi></mrow>`},
		{`\partial L`, `<mrow><mi>∂</mi><mi>L</mi></mrow>`},
		{`\left( x \right)`, `<mrow><mo fence="true" stretchy="true" symmetric="true">(</mo><mi>x</mi><mo fence="true" stretchy="true" symmetric="true">)</mo></mrow>`},
		{`\left. x \middle| y \right\}`, `<mrow><mi>x</mi><mo fence="true" stretchy="true" symmetric="true" lspace="0.05em" rspace="0.05em">|</mo><mi>y</mi><mo fence="true" stretchy="true" symmetric="true">}</mo></mrow>`},
		{`a\,b`, `<mrow><mi>a</mi><mspace width="0.1667em"/><mi>b</mi></mrow>`},
		{`x \le y \neq z`, `<mrow><mi>x</mi><mo>≤</mo><mi>y</mi><mo>≠</mo><mi>z</mi></mrow>`},
		{`a \not< b`, "<mrow><mi>a</mi><mo>&lt;\u0338</mo><mi>b</mi></mrow>"},
		{`\{x\}`, `<mrow><mo stretchy="false">{</mo><mi>x</mi><mo stretchy="false">}</mo></mrow>`},
		{`\binom{n}{k}`, `<mrow><mo stretchy="true">(</mo><mfrac linethickness="0"><mi>n</mi><mi>k</mi></mfrac><mo stretchy="true">)</mo></mrow>`},
		{`\begin{pmatrix} a & b \\ c & d \end{pmatrix}`, `<mrow><mo fence="true" stretchy="true" symmetric="true">(</mo><mtable>` +
			`<mtr><mtd columnalign="center" style="text-align:center"><mi>a</mi></mtd><mtd columnalign="center" style="text-align:center"><mi>b</mi></mtd></mtr>` +
			`<mtr><mtd columnalign="center" style="text-align:center"><mi>c</mi></mtd><mtd columnalign="center" style="text-align:center"><mi>d</mi></mtd></mtr>` +
			`</mtable><mo fence="true" stretchy="true" symmetric="true">)</mo></mrow>`},
		{`\textcolor{red}{x}`, `<mrow><mstyle mathcolor="red"><mi>x</mi></mstyle></mrow>`},
		{`\displaystyle x`, `<mrow><mstyle displaystyle="true" scriptlevel="0"><mi>x</mi></mstyle></mrow>`},
		{`x \label{eq:1}`, `<mrow><mi>x</mi></mrow>`},
	} {
		if got := body(t, tc.tex); got != tc.want {
			t.Errorf("Convert(%q)\n got: %s\nwant: %s", tc.tex, got, tc.want)
		}
	}
}

func TestConvertWrapper(t *testing.T) {
	out, err := Convert(`a<b & c`, true)
	if err != nil {
		t.Fatal(err)
	}
	want := `<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"><semantics><mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi><mtable><mtr><mtd columnalign="center" style="text-align:center"></mtd></mtr></mtable></mrow><annotation encoding="application/x-tex">a&lt;b &amp; c</annotation></semantics></math>`
	if !strings.HasPrefix(out, `<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"><semantics>`) ||
		!strings.HasSuffix(out, `<annotation encoding="application/x-tex">a&lt;b &amp; c</annotation></semantics></math>`) {
		t.Errorf("got  %s\nwant the shape of %s", out, want)
	}
	inline, _ := Convert("x", false)
	if strings.Contains(inline, "display=") {
		t.Errorf("inline math has a display attribute: %s", inline)
	}
}

// notebookFormulas are formulas of the kind the gonn notebooks use; each
// must convert and be well-formed XML.
var notebookFormulas = []string{
	`L = \frac{1}{n}\sum_{i=1}^{n} \left( y_i - \hat{y}_i \right)^2`,
	`\frac{\partial L}{\partial w} = \frac{2}{n}\sum_i (\hat{y}_i - y_i)\, x_i`,
	`w \leftarrow w - \eta \frac{\partial L}{\partial w}`,
	`\sigma(z) = \frac{1}{1 + e^{-z}}`,
	`\operatorname{softmax}(\mathbf{z})_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}`,
	`\mathcal{L}_{\text{CE}} = -\sum_{k} y_k \log \hat{y}_k`,
	`\mathbf{a}^{(l)} = \operatorname{ReLU}\left(\mathbf{W}^{(l)} \mathbf{a}^{(l-1)} + \mathbf{b}^{(l)}\right)`,
	`\delta^{(l)} = \left(\mathbf{W}^{(l+1)}\right)^\top \delta^{(l+1)} \odot f'\left(\mathbf{z}^{(l)}\right)`,
	`m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \quad \hat{m}_t = \frac{m_t}{1 - \beta_1^t}`,
	`\theta_{t+1} = \theta_t - \frac{\eta\, \hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}`,
	`\nabla_{\theta} J(\theta) \approx \frac{J(\theta + h) - J(\theta - h)}{2h}`,
	`\begin{aligned} a &= b + c \\ &= d \end{aligned}`,
	`f(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}`,
	`\mathbb{E}_{x \sim p}\left[ \|x\|^2 \right] \in \mathbb{R}`,
	`\underbrace{a + b}_{\text{sum}} \cdot \overbrace{c}^{n}`,
	`\arg\max_{k} p_k, \quad \max_{i} |x_i|`,
	`\left\langle x, y \right\rangle = \sum_i x_i y_i`,
	`\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix} \begin{array}{lr} a & b \end{array}`,
	`a \\ b`,
	`\Big( x \Big) \bigl[ y \bigr]`,
	`\pmod{7} \boxed{x} \tilde{x} \vec{v} \dot{x} \ddot{x} \underline{u}`,
}

func TestNotebookFormulasAreWellFormed(t *testing.T) {
	for _, tex := range notebookFormulas {
		for _, display := range []bool{false, true} {
			out, err := Convert(tex, display)
			if err != nil {
				t.Errorf("Convert(%q): %v", tex, err)
				continue
			}
			if err := wellFormed(out); err != nil {
				t.Errorf("Convert(%q) is not well-formed XML: %v\n%s", tex, err, out)
			}
		}
	}
}

// wellFormed checks s with encoding/xml's strict parser.
func wellFormed(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestConvertErrors(t *testing.T) {
	for _, tc := range []struct{ tex, want string }{
		{`\foo x`, `unsupported command \foo`},
		{`\frac{a}`, `missing argument`},
		{`{x`, `expected '}'`},
		{`x}`, `unbalanced }`},
		{`x^2^3`, `double superscript`},
		{`\left( x`, `\left without \right`},
		{`\begin{tabular}x\end{tabular}`, `unsupported environment tabular`},
		{`\begin{matrix} a \end{pmatrix}`, `ended by \end{pmatrix}`},
		{`\text{$x$}`, `math inside text`},
		{`\color{url(evil)} x`, `unsupported colour`},
		{`x \`, `lone backslash`},
		{`a # b`, `unsupported character`},
		{strings.Repeat("{", 1000) + strings.Repeat("}", 1000), `nested too deeply`},
		{strings.Repeat(`\sqrt`, 1000) + "x", `nested too deeply`},
	} {
		_, err := Convert(tc.tex, false)
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Convert(%.40q) error = %v, want an *Error containing %q", tc.tex, err, tc.want)
		}
	}
}

func TestStyledAlphabets(t *testing.T) {
	for _, tc := range []struct {
		r    rune
		font string
		want rune
	}{
		{'A', "bf", '𝐀'}, {'z', "bf", '𝐳'}, {'7', "bf", '𝟕'}, {'α', "bf", '𝛂'}, {'Ω', "bf", '𝛀'},
		{'h', "it", 'ℎ'}, {'x', "it", '𝑥'},
		{'x', "bfit", '𝒙'}, {'θ', "bfit", '𝜽'}, {'ϕ', "bfit", '𝝓'},
		{'R', "bb", 'ℝ'}, {'E', "bb", '𝔼'}, {'1', "bb", '𝟙'},
		{'L', "cal", 'ℒ'}, {'A', "cal", '𝒜'},
		{'g', "frak", '𝔤'}, {'H', "frak", 'ℌ'},
		{'a', "sf", '𝖺'}, {'a', "tt", '𝚊'},
	} {
		got, ok := styled(tc.r, tc.font)
		if !ok || got != tc.want {
			t.Errorf("styled(%q, %s) = %q, %v; want %q", tc.r, tc.font, got, ok, tc.want)
		}
	}
	if _, ok := styled('α', "cal"); ok {
		t.Error("script alphabet claims a Greek letter")
	}
}

func FuzzConvert(f *testing.F) {
	for _, tex := range notebookFormulas {
		f.Add(tex)
	}
	f.Add(`\left(\middle|\right.`)
	f.Add(`x^{'}_'`)
	f.Fuzz(func(t *testing.T, tex string) {
		out, err := Convert(tex, true)
		if err != nil {
			return
		}
		if err := wellFormed(out); err != nil {
			t.Errorf("Convert(%q) is not well-formed XML: %v\n%s", tex, err, out)
		}
	})
}
