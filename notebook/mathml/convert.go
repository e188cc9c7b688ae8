// Package mathml converts the LaTeX math that notebooks use into MathML
// Core, which Chromium and Firefox render without any script or font
// download.
//
// The supported subset is what the gonn notebooks write: letters, numbers
// and operators; Greek letters; subscripts, superscripts and primes;
// \frac, \dfrac, \tfrac, \binom, \sqrt; big operators (\sum, \prod, \int)
// and named functions (\log, \max, \lim, \operatorname); accents (\hat,
// \bar, \tilde, \vec, \dot, \overline, \underline) and \overset,
// \underset; fonts (\mathbf, \boldsymbol, \mathbb, \mathcal, \mathrm,
// \mathsf, \mathtt, \text); \left…\middle…\right and \big delimiters;
// spacing (\, \; \quad …); \not; \color and \textcolor; \boxed; and the
// environments matrix, pmatrix, bmatrix, Bmatrix, vmatrix, Vmatrix, cases,
// aligned, align, gathered, split, array and equation. Anything else is
// reported as an *Error so the caller can show the TeX source instead.
package mathml

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// maxDepth bounds the nesting of groups, so hostile input cannot exhaust
// the stack.
const maxDepth = 200

// Error reports TeX that Convert cannot translate.
type Error struct {
	Offset int    // byte offset in the TeX source
	Msg    string // e.g. `unsupported command \foo`
}

// Error returns the message with its position.
func (e *Error) Error() string {
	return fmt.Sprintf("TeX at byte %d: %s", e.Offset, e.Msg)
}

// Convert translates the TeX formula tex (without the surrounding $ or $$)
// into a <math> element. display selects display style (a centred block,
// limits above and below big operators) rather than inline style. The TeX
// source is kept in an annotation so that copying the formula gives TeX
// back. Convert returns an *Error for input outside the supported subset
// and never panics.
func Convert(tex string, display bool) (string, error) {
	p := &parser{src: []rune(tex)}
	body, err := p.parseTop()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(`<math xmlns="http://www.w3.org/1998/Math/MathML"`)
	if display {
		b.WriteString(` display="block"`)
	}
	b.WriteString(`><semantics>`)
	body.write(&b)
	b.WriteString(`<annotation encoding="application/x-tex">`)
	escape(&b, tex)
	b.WriteString(`</annotation></semantics></math>`)
	return b.String(), nil
}

type parser struct {
	src   []rune
	pos   int
	depth int
	font  string // alphabet for letters: "" (math italic), "rm", "bf", …
}

func (p *parser) fail(format string, args ...any) error {
	return &Error{Offset: len(string(p.src[:min(p.pos, len(p.src))])), Msg: fmt.Sprintf(format, args...)}
}

// parseTop parses a whole formula; top-level \\ breaks lines.
func (p *parser) parseTop() (*node, error) {
	rows, err := p.parseRows()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.src) {
		if p.src[p.pos] == '}' {
			return nil, p.fail("unbalanced }")
		}
		return nil, p.fail("unexpected %s", p.describe())
	}
	if len(rows) == 1 && len(rows[0]) == 1 {
		if n := rows[0][0]; n.tag == "mrow" && n.attrs == nil {
			return n, nil
		}
		return elem("mrow", rows[0][0]), nil
	}
	return table(rows, []string{"center"}, true), nil
}

// parseRows parses lists separated by & and \\ until a terminator that is
// neither, returning rows of cells. A final empty row is dropped.
func (p *parser) parseRows() ([][]*node, error) {
	var rows [][]*node
	var cells []*node
	for {
		list, err := p.parseList()
		if err != nil {
			return nil, err
		}
		cells = append(cells, row(list))
		switch {
		case p.peek() == '&':
			p.pos++
			continue
		case p.peekCommand() == "\\":
			p.command()
			p.skipOptional()
		default:
			if !emptyRow(cells) || len(rows) == 0 {
				rows = append(rows, cells)
			}
			return rows, nil
		}
		rows = append(rows, cells)
		cells = nil
	}
}

func emptyRow(cells []*node) bool {
	for _, c := range cells {
		if c.tag != "mrow" || len(c.kids) > 0 {
			return false
		}
	}
	return true
}

// parseList parses atoms up to a terminator: the end, }, &, \\, \right,
// \middle or \end, which it leaves unread.
func (p *parser) parseList() ([]*node, error) {
	var list []*node
	for {
		p.skipSpace()
		if p.atTerminator() {
			return mergeLetters(list), nil
		}
		switch cmd := p.peekCommand(); cmd {
		case "displaystyle", "textstyle", "scriptstyle", "color":
			p.command()
			style, err := p.styleAttrs(cmd)
			if err != nil {
				return nil, err
			}
			rest, err := p.parseList()
			if err != nil {
				return nil, err
			}
			return append(mergeLetters(list), elem("mstyle", rest...).with(style...)), nil
		}
		n, err := p.parseScripted()
		if err != nil {
			return nil, err
		}
		if n != nil {
			list = append(list, n)
		}
	}
}

func (p *parser) styleAttrs(cmd string) ([]string, error) {
	switch cmd {
	case "displaystyle":
		return []string{"displaystyle", "true", "scriptlevel", "0"}, nil
	case "textstyle":
		return []string{"displaystyle", "false", "scriptlevel", "0"}, nil
	case "scriptstyle":
		return []string{"displaystyle", "false", "scriptlevel", "1"}, nil
	}
	c, err := p.colorArg()
	return []string{"mathcolor", c}, err
}

// mergeLetters joins runs of upright letters (from \mathrm or
// \operatorname) into one identifier, so "softmax" reads as a word.
func mergeLetters(list []*node) []*node {
	var out []*node
	for _, n := range list {
		if last := len(out) - 1; n.mergeable && last >= 0 && out[last].mergeable {
			out[last] = token("mi", out[last].text+n.text)
			out[last].mergeable = true
			continue
		}
		out = append(out, n)
	}
	return out
}

// parseScripted parses an atom with its subscript, superscript and primes.
func (p *parser) parseScripted() (*node, error) {
	base, err := p.parseAtom()
	if err != nil || base == nil {
		return base, err
	}
	var sub, sup *node
	primes, limits := 0, base.limits
	for {
		p.skipSpace()
		switch c := p.peek(); {
		case c == '^' || c == '_':
			p.pos++
			arg, err := p.parseArg()
			if err != nil {
				return nil, err
			}
			if c == '^' {
				if sup != nil {
					return nil, p.fail("double superscript")
				}
				sup = arg
			} else {
				if sub != nil {
					return nil, p.fail("double subscript")
				}
				sub = arg
			}
		case c == '\'':
			p.pos++
			primes++
		case p.peekCommand() == "limits":
			p.command()
			limits = true
		case p.peekCommand() == "nolimits":
			p.command()
			limits = false
		default:
			return p.attach(base, sub, sup, primes, limits), nil
		}
	}
}

// attach builds the scripted form of base.
func (p *parser) attach(base, sub, sup *node, primes int, limits bool) *node {
	if primes > 0 {
		prime := token("mo", strings.Repeat("′", primes))
		if sup == nil {
			sup = prime
		} else {
			sup = elem("mrow", prime, sup)
		}
	}
	fn := base.function
	if fn && (sub != nil || sup != nil) && limits {
		base = token("mo", base.text, "movablelimits", "true", "form", "prefix", "lspace", "0", "rspace", "0")
	}
	var out *node
	switch {
	case sub == nil && sup == nil:
		out = base
	case limits && sup == nil:
		out = elem("munder", base, sub)
	case limits && sub == nil:
		out = elem("mover", base, sup)
	case limits:
		out = elem("munderover", base, sub, sup)
	case sup == nil:
		out = elem("msub", base, sub)
	case sub == nil:
		out = elem("msup", base, sup)
	default:
		out = elem("msubsup", base, sub, sup)
	}
	if fn {
		return elem("mrow", out, token("mo", "\u2061"))
	}
	return out
}

// parseArg parses the argument of a script or command: a {group}, a
// command with its own arguments, or a single character.
func (p *parser) parseArg() (*node, error) {
	p.skipSpace()
	switch c := p.peek(); {
	case c == 0:
		return nil, p.fail("missing argument")
	case c == '{':
		return p.parseGroup()
	case c == '\\':
		n, err := p.parseAtom()
		if err == nil && n == nil {
			return nil, p.fail("missing argument")
		}
		return n, err
	case c == '}' || c == '&' || c == '^' || c == '_':
		return nil, p.fail("missing argument before %q", c)
	default:
		p.pos++
		return p.char(c), nil
	}
}

// parseGroup parses {…}.
func (p *parser) parseGroup() (*node, error) {
	if err := p.expect('{'); err != nil {
		return nil, err
	}
	if err := p.nest(); err != nil {
		return nil, err
	}
	defer p.unnest()
	list, err := p.parseList()
	if err != nil {
		return nil, err
	}
	if err := p.expect('}'); err != nil {
		return nil, err
	}
	if len(list) == 1 {
		return list[0], nil
	}
	return elem("mrow", list...), nil
}

// parseAtom parses one atom without scripts; it returns nil for commands
// that produce nothing.
func (p *parser) parseAtom() (*node, error) {
	if err := p.nest(); err != nil {
		return nil, err
	}
	defer p.unnest()
	c := p.peek()
	switch {
	case unicode.IsControl(c):
		return nil, p.fail("unexpected control character %q", c)
	case c == '{':
		return p.parseGroup()
	case c == '\\':
		return p.parseCommand()
	case c == '^' || c == '_':
		return elem("mrow"), nil // a script with no base: {}^2
	case unicode.IsDigit(c) || c == '.' && unicode.IsDigit(p.peekAt(1)):
		start := p.pos
		for p.pos < len(p.src) && (unicode.IsDigit(p.src[p.pos]) || p.src[p.pos] == '.' && unicode.IsDigit(p.peekAt(1))) {
			p.pos++
		}
		return p.number(string(p.src[start:p.pos])), nil
	case c == '$' || c == '#' || c == '%':
		return nil, p.fail("unsupported character %q", c)
	case c == '~':
		p.pos++
		return token("mtext", "\u00a0"), nil
	case c == '\'':
		p.pos++
		return token("mo", "′"), nil
	}
	p.pos++
	return p.char(c), nil
}

// number is an <mn>, styled by the current font.
func (p *parser) number(s string) *node {
	if p.font == "" || p.font == "rm" || p.font == "it" {
		return token("mn", s)
	}
	var b strings.Builder
	for _, r := range s {
		r, _ = styled(r, p.font)
		b.WriteRune(r)
	}
	return token("mn", b.String())
}

// char turns one character into a token: letters are identifiers, digits
// numbers, anything else an operator.
func (p *parser) char(c rune) *node {
	switch {
	case unicode.IsDigit(c):
		return p.number(string(c))
	case unicode.IsLetter(c):
		return p.letter(c)
	}
	return operator(string(c))
}

// letter is an <mi> for one letter in the current font.
func (p *parser) letter(c rune) *node {
	switch p.font {
	case "":
		return token("mi", string(c))
	case "rm":
		n := token("mi", string(c), "mathvariant", "normal")
		n.mergeable = true
		return n
	}
	if r, ok := styled(c, p.font); ok {
		return token("mi", string(r))
	}
	return token("mi", string(c))
}

// operator is an <mo>; the ASCII hyphen becomes a minus sign, and fences
// do not stretch (TeX stretches only with \left and \right).
func operator(s string) *node {
	switch s {
	case "-":
		s = "−"
	case "*":
		s = "∗"
	}
	n := token("mo", s)
	if fences[s] {
		n.with("stretchy", "false")
	}
	return n
}

// parseCommand parses a command and its arguments.
func (p *parser) parseCommand() (*node, error) {
	start := p.pos
	name := p.command()
	if r, ok := greek[name]; ok {
		if unicode.IsUpper(r) && p.font == "" {
			return token("mi", string(r), "mathvariant", "normal"), nil
		}
		return p.letter(r), nil
	}
	if s, ok := identifiers[name]; ok {
		return token("mi", s), nil
	}
	if s, ok := operators[name]; ok {
		return operator(s), nil
	}
	if w, ok := spaces[name]; ok {
		return token("mspace", "", "width", w), nil
	}
	if op, ok := largeOperators[name]; ok {
		n := token("mo", op.text)
		if op.limits {
			n.with("movablelimits", "true")
		}
		n.limits = op.limits
		return n, nil
	}
	if f, ok := functions[name]; ok {
		n := token("mi", f.text)
		n.function, n.limits = true, f.limits
		return n, nil
	}
	if a, ok := accents[name]; ok {
		return p.accent(a.mark, a.stretch, a.under)
	}
	if font, ok := fonts[name]; ok {
		return p.withFont(font)
	}
	if font, ok := textCommands[name]; ok {
		if name == "operatorname" {
			return p.operatorName()
		}
		return p.text(font)
	}
	if size, ok := bigSizes[name]; ok {
		d, err := p.delimiter()
		if err != nil {
			return nil, err
		}
		return token("mo", d, "stretchy", "true", "symmetric", "true", "minsize", size, "maxsize", size), nil
	}
	if takesArg, ok := ignored[name]; ok {
		if takesArg {
			_, err := p.rawArg()
			return nil, err
		}
		return nil, nil
	}
	switch name {
	case "frac", "dfrac", "tfrac", "cfrac":
		return p.frac(name)
	case "binom", "dbinom", "tbinom":
		return p.binom(name)
	case "sqrt":
		return p.sqrt()
	case "left":
		return p.leftRight()
	case "begin":
		return p.environment()
	case "overset", "stackrel", "underset":
		return p.overUnder(name)
	case "overbrace", "underbrace":
		return p.brace(name)
	case "not":
		return p.not()
	case "textcolor":
		c, err := p.colorArg()
		if err != nil {
			return nil, err
		}
		body, err := p.parseArg()
		if err != nil {
			return nil, err
		}
		return elem("mstyle", body).with("mathcolor", c), nil
	case "boxed":
		body, err := p.parseArg()
		if err != nil {
			return nil, err
		}
		return elem("mrow", body).with("style", "border:1px solid;padding:0.2em 0.3em"), nil
	case "bmod", "mod":
		return token("mo", "mod"), nil
	case "pmod":
		body, err := p.parseArg()
		if err != nil {
			return nil, err
		}
		return elem("mrow", token("mo", "(", "stretchy", "false"), token("mo", "mod", "rspace", "0.2778em"), body, token("mo", ")", "stretchy", "false")), nil
	case "mathop":
		body, err := p.parseArg()
		if err != nil {
			return nil, err
		}
		body.limits = true
		return body, nil
	}
	p.pos = start
	if name == "" {
		return nil, p.fail("lone backslash at the end")
	}
	return nil, p.fail(`unsupported command \%s`, name)
}

// withFont parses the argument with letters from another alphabet.
func (p *parser) withFont(font string) (*node, error) {
	saved := p.font
	p.font = font
	defer func() { p.font = saved }()
	n, err := p.parseArg()
	if err != nil {
		return nil, err
	}
	if font == "rm" && n.mergeable {
		n.mergeable = false
	}
	return n, nil
}

// text parses a text argument into <mtext>, keeping its spaces.
func (p *parser) text(font string) (*node, error) {
	s, err := p.textArg()
	if err != nil {
		return nil, err
	}
	if font != "rm" {
		var b strings.Builder
		for _, r := range s {
			r, _ = styled(r, font)
			b.WriteRune(r)
		}
		s = b.String()
	}
	return token("mtext", nbspEdges(s)), nil
}

// operatorName parses \operatorname{name} or \operatorname*{name} into a
// named function like \log (the starred form takes limits like \max).
func (p *parser) operatorName() (*node, error) {
	limits := false
	if p.peek() == '*' {
		p.pos++
		limits = true
	}
	s, err := p.textArg()
	if err != nil {
		return nil, err
	}
	n := token("mi", strings.TrimSpace(s))
	n.function, n.limits = true, limits
	return n, nil
}

// textEscapes are the commands allowed inside \text.
var textEscapes = map[string]string{
	"{": "{", "}": "}", "_": "_", "%": "%", "$": "$", "&": "&", "#": "#",
	",": "\u2009", ";": "\u2004", ":": "\u2005", " ": " ", "quad": "\u2003",
	"qquad": "\u2003\u2003", "textbackslash": "\\", "ldots": "…", "dots": "…",
}

// textArg reads a braced text argument (or one character), resolving the
// escapes allowed in text.
func (p *parser) textArg() (string, error) {
	p.skipSpace()
	if p.peek() != '{' {
		if p.pos >= len(p.src) {
			return "", p.fail("missing argument")
		}
		p.pos++
		return string(p.src[p.pos-1]), nil
	}
	p.pos++
	var b strings.Builder
	for depth := 0; ; {
		c := p.peek()
		switch {
		case c == 0:
			return "", p.fail("unclosed {")
		case c == '{':
			depth++
			p.pos++
		case c == '}' && depth == 0:
			p.pos++
			return b.String(), nil
		case c == '}':
			depth--
			p.pos++
		case c == '\\':
			name := p.command()
			s, ok := textEscapes[name]
			if !ok {
				return "", p.fail(`unsupported command \%s in text`, name)
			}
			b.WriteString(s)
		case c == '$':
			return "", p.fail("math inside text is not supported")
		case c == '~':
			b.WriteRune('\u00a0')
			p.pos++
		default:
			b.WriteRune(c)
			p.pos++
		}
	}
}

// nbspEdges turns leading and trailing spaces into no-break spaces, which
// MathML keeps (it trims ordinary ones).
func nbspEdges(s string) string {
	trimmed := strings.TrimLeft(s, " ")
	lead := len(s) - len(trimmed)
	body := strings.TrimRight(trimmed, " ")
	trail := len(trimmed) - len(body)
	return strings.Repeat("\u00a0", lead) + body + strings.Repeat("\u00a0", trail)
}

// parseArgs parses n arguments.
func (p *parser) parseArgs(n int) ([]*node, error) {
	args := make([]*node, n)
	for i := range args {
		arg, err := p.parseArg()
		if err != nil {
			return nil, err
		}
		args[i] = arg
	}
	return args, nil
}

func (p *parser) frac(name string) (*node, error) {
	args, err := p.parseArgs(2)
	if err != nil {
		return nil, err
	}
	f := elem("mfrac", args...)
	switch name {
	case "dfrac", "cfrac":
		return elem("mstyle", f).with("displaystyle", "true", "scriptlevel", "0"), nil
	case "tfrac":
		return elem("mstyle", f).with("displaystyle", "false", "scriptlevel", "0"), nil
	}
	return f, nil
}

func (p *parser) binom(name string) (*node, error) {
	f, err := p.frac("frac")
	if err != nil {
		return nil, err
	}
	f.with("linethickness", "0")
	n := elem("mrow", token("mo", "(", "stretchy", "true"), f, token("mo", ")", "stretchy", "true"))
	switch name {
	case "dbinom":
		return elem("mstyle", n).with("displaystyle", "true", "scriptlevel", "0"), nil
	case "tbinom":
		return elem("mstyle", n).with("displaystyle", "false", "scriptlevel", "0"), nil
	}
	return n, nil
}

func (p *parser) sqrt() (*node, error) {
	p.skipSpace()
	var index *node
	if p.peek() == '[' {
		p.pos++
		list, err := p.parseUntil(']')
		if err != nil {
			return nil, err
		}
		index = row(list)
	}
	body, err := p.parseArg()
	if err != nil {
		return nil, err
	}
	if index != nil {
		return elem("mroot", body, index), nil
	}
	return elem("msqrt", body), nil
}

// parseUntil parses atoms up to the closing character end, which it
// consumes (for optional arguments in brackets).
func (p *parser) parseUntil(end rune) ([]*node, error) {
	var list []*node
	for {
		p.skipSpace()
		if p.peek() == end {
			p.pos++
			return mergeLetters(list), nil
		}
		if p.atTerminator() {
			return nil, p.fail("missing %q", end)
		}
		n, err := p.parseScripted()
		if err != nil {
			return nil, err
		}
		if n != nil {
			list = append(list, n)
		}
	}
}

func (p *parser) accent(mark string, stretch, under bool) (*node, error) {
	body, err := p.parseArg()
	if err != nil {
		return nil, err
	}
	mo := token("mo", mark, "stretchy", fmt.Sprint(stretch))
	if under {
		return elem("munder", body, mo).with("accentunder", "true"), nil
	}
	return elem("mover", body, mo).with("accent", "true"), nil
}

func (p *parser) overUnder(name string) (*node, error) {
	args, err := p.parseArgs(2) // script, body
	if err != nil {
		return nil, err
	}
	if name == "underset" {
		return elem("munder", args[1], args[0]), nil
	}
	return elem("mover", args[1], args[0]), nil
}

// brace parses \overbrace or \underbrace; a following ^ or _ labels the
// brace, placed above or below it.
func (p *parser) brace(name string) (*node, error) {
	body, err := p.parseArg()
	if err != nil {
		return nil, err
	}
	n := elem("mover", body, token("mo", "⏞", "stretchy", "true"))
	if name == "underbrace" {
		n = elem("munder", body, token("mo", "⏟", "stretchy", "true"))
	}
	n.limits = true
	return n, nil
}

// not negates the following relation with a combining long solidus.
func (p *parser) not() (*node, error) {
	p.skipSpace()
	n, err := p.parseAtom()
	if err != nil {
		return nil, err
	}
	if n == nil || n.text == "" {
		return nil, p.fail(`\not needs a symbol after it`)
	}
	switch n.text {
	case "=":
		n.text = "≠"
	case "∈":
		n.text = "∉"
	default:
		n.text += "\u0338"
	}
	return n, nil
}

var colorPattern = regexp.MustCompile(`^([A-Za-z]+|#[0-9A-Fa-f]{3}|#[0-9A-Fa-f]{6})$`)

// colorArg reads a colour name or #rgb value.
func (p *parser) colorArg() (string, error) {
	s, err := p.rawArg()
	if err != nil {
		return "", err
	}
	s = strings.TrimSpace(s)
	if !colorPattern.MatchString(s) {
		return "", p.fail("unsupported colour %q", s)
	}
	return s, nil
}

// delimiter reads the delimiter after \left, \right, \middle or \big; "."
// means none and gives "".
func (p *parser) delimiter() (string, error) {
	p.skipSpace()
	c := p.peek()
	switch {
	case c == 0:
		return "", p.fail("missing delimiter")
	case c == '.':
		p.pos++
		return "", nil
	case strings.ContainsRune("()[]|/<>", c):
		p.pos++
		switch c {
		case '<':
			return "⟨", nil
		case '>':
			return "⟩", nil
		}
		return string(c), nil
	case c == '\\':
		start := p.pos
		name := p.command()
		if s, ok := operators[name]; ok && (fences[s] || s == "↑" || s == "↓" || s == "⇑" || s == "⇓") {
			return s, nil
		}
		p.pos = start
		return "", p.fail(`unsupported delimiter \%s`, name)
	}
	return "", p.fail("unsupported delimiter %q", c)
}

// leftRight parses \left X … (\middle Y …) \right Z after \left.
func (p *parser) leftRight() (*node, error) {
	open, err := p.delimiter()
	if err != nil {
		return nil, err
	}
	fence := func(s string) *node {
		if s == "" {
			return nil
		}
		return token("mo", s, "fence", "true", "stretchy", "true", "symmetric", "true")
	}
	var kids []*node
	if f := fence(open); f != nil {
		kids = append(kids, f)
	}
	for {
		list, err := p.parseList()
		if err != nil {
			return nil, err
		}
		kids = append(kids, list...)
		cmd := p.peekCommand()
		if cmd != "middle" && cmd != "right" {
			return nil, p.fail(`\left without \right`)
		}
		p.command()
		d, err := p.delimiter()
		if err != nil {
			return nil, err
		}
		if f := fence(d); f != nil && cmd == "middle" {
			kids = append(kids, f.with("lspace", "0.05em", "rspace", "0.05em"))
		} else if f != nil {
			kids = append(kids, f)
		}
		if cmd == "right" {
			return elem("mrow", kids...), nil
		}
	}
}

// environments maps supported environments to their delimiters and column
// alignment ("" for columns given in the argument, as for array).
var environments = map[string]struct {
	open, close string
	align       []string
	display     bool
}{
	"matrix":    {"", "", []string{"center"}, false},
	"pmatrix":   {"(", ")", []string{"center"}, false},
	"bmatrix":   {"[", "]", []string{"center"}, false},
	"Bmatrix":   {"{", "}", []string{"center"}, false},
	"vmatrix":   {"|", "|", []string{"center"}, false},
	"Vmatrix":   {"‖", "‖", []string{"center"}, false},
	"cases":     {"{", "", []string{"left", "left"}, false},
	"aligned":   {"", "", []string{"right", "left"}, true},
	"align":     {"", "", []string{"right", "left"}, true},
	"align*":    {"", "", []string{"right", "left"}, true},
	"split":     {"", "", []string{"right", "left"}, true},
	"gathered":  {"", "", []string{"center"}, true},
	"gather":    {"", "", []string{"center"}, true},
	"gather*":   {"", "", []string{"center"}, true},
	"equation":  {"", "", []string{"center"}, true},
	"equation*": {"", "", []string{"center"}, true},
	"array":     {"", "", nil, false},
}

// environment parses \begin{name} … \end{name} after \begin.
func (p *parser) environment() (*node, error) {
	name, err := p.rawArg()
	if err != nil {
		return nil, err
	}
	env, ok := environments[name]
	if !ok {
		return nil, p.fail("unsupported environment %s", name)
	}
	align := env.align
	if name == "array" {
		spec, err := p.rawArg()
		if err != nil {
			return nil, err
		}
		for _, c := range spec {
			switch c {
			case 'l':
				align = append(align, "left")
			case 'c':
				align = append(align, "center")
			case 'r':
				align = append(align, "right")
			}
		}
		if len(align) == 0 {
			align = []string{"center"}
		}
	}
	rows, err := p.parseRows()
	if err != nil {
		return nil, err
	}
	if p.peekCommand() != "end" {
		return nil, p.fail(`\begin{%s} without \end{%s}`, name, name)
	}
	p.command()
	end, err := p.rawArg()
	if err != nil {
		return nil, err
	}
	if end != name {
		return nil, p.fail(`\begin{%s} ended by \end{%s}`, name, end)
	}
	t := table(rows, align, env.display)
	if env.open == "" && env.close == "" {
		return t, nil
	}
	kids := []*node{}
	if env.open != "" {
		kids = append(kids, token("mo", env.open, "fence", "true", "stretchy", "true", "symmetric", "true"))
	}
	kids = append(kids, t)
	if env.close != "" {
		kids = append(kids, token("mo", env.close, "fence", "true", "stretchy", "true", "symmetric", "true"))
	}
	return elem("mrow", kids...), nil
}

// table builds an <mtable>; column i is aligned by align[i] (the last
// alignment repeating, or, for two alignments, alternating as align does).
func table(rows [][]*node, align []string, display bool) *node {
	t := elem("mtable")
	if display {
		t.with("displaystyle", "true")
	}
	for _, cells := range rows {
		tr := elem("mtr")
		for i, c := range cells {
			a := align[len(align)-1]
			if len(align) == 2 {
				a = align[i%2]
			} else if i < len(align) {
				a = align[i]
			}
			td := elem("mtd", c).with("columnalign", a)
			style := "text-align:" + a
			if len(align) == 2 && display {
				style += ";padding-left:0;padding-right:0"
				if i%2 == 0 && i > 0 {
					style += ";padding-left:2em"
				}
			}
			tr.kids = append(tr.kids, td.with("style", style))
		}
		t.kids = append(t.kids, tr)
	}
	return t
}

// rawArg reads a braced argument as plain text.
func (p *parser) rawArg() (string, error) {
	p.skipSpace()
	if err := p.expect('{'); err != nil {
		return "", err
	}
	start := p.pos
	for depth := 0; p.pos < len(p.src); p.pos++ {
		switch p.src[p.pos] {
		case '{':
			depth++
		case '}':
			if depth == 0 {
				p.pos++
				return string(p.src[start : p.pos-1]), nil
			}
			depth--
		}
	}
	return "", p.fail("unclosed {")
}

// skipOptional skips an optional [..] argument (as after \\).
func (p *parser) skipOptional() {
	p.skipSpace()
	if p.peek() != '[' {
		return
	}
	for i := p.pos; i < len(p.src); i++ {
		if p.src[i] == ']' {
			p.pos = i + 1
			return
		}
	}
}

func (p *parser) expect(c rune) error {
	p.skipSpace()
	if p.peek() != c {
		return p.fail("expected %q, found %s", c, p.describe())
	}
	p.pos++
	return nil
}

func (p *parser) describe() string {
	if p.pos >= len(p.src) {
		return "the end"
	}
	return fmt.Sprintf("%q", p.src[p.pos])
}

// nest counts one more level of nesting and fails past maxDepth, so
// hostile input cannot exhaust the stack; unnest undoes it. Every
// recursion passes through parseAtom or parseGroup, which call them.
func (p *parser) nest() error {
	p.depth++
	if p.depth > maxDepth {
		p.depth--
		return p.fail("nested too deeply")
	}
	return nil
}

func (p *parser) unnest() { p.depth-- }

func (p *parser) peek() rune { return p.peekAt(0) }

func (p *parser) peekAt(i int) rune {
	if p.pos+i < len(p.src) {
		return p.src[p.pos+i]
	}
	return 0
}

// peekCommand returns the name of the command at the position ("" if
// none) without reading it.
func (p *parser) peekCommand() string {
	if p.peek() != '\\' {
		return ""
	}
	save := p.pos
	name := p.command()
	p.pos = save
	return name
}

// command reads a command at the position: a backslash and either a run
// of letters or one other character.
func (p *parser) command() string {
	p.pos++ // the backslash
	start := p.pos
	for p.pos < len(p.src) && isASCIILetter(p.src[p.pos]) {
		p.pos++
	}
	if p.pos == start && p.pos < len(p.src) {
		p.pos++
	}
	return string(p.src[start:p.pos])
}

func isASCIILetter(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }

func (p *parser) skipSpace() {
	for p.pos < len(p.src) && unicode.IsSpace(p.src[p.pos]) {
		p.pos++
	}
}

// atTerminator reports whether the position ends a list.
func (p *parser) atTerminator() bool {
	switch p.peek() {
	case 0:
		return p.pos >= len(p.src)
	case '}', '&':
		return true
	}
	switch p.peekCommand() {
	case "\\", "right", "middle", "end":
		return true
	}
	return false
}
