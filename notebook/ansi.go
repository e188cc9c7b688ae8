package notebook

import (
	"fmt"
	"html"
	"strconv"
	"strings"
)

// ansiColors names the eight basic terminal colours, in SGR order.
var ansiColors = [8]string{"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"}

// ansiStyle is the text style set by SGR escape sequences.
type ansiStyle struct {
	fg, bg          string // class suffix (e.g. "red", "bright-red") or CSS colour "#rrggbb"
	bold, underline bool
}

// attrs returns the span attributes for the style, "" for plain text.
func (s ansiStyle) attrs() string {
	var classes, styles []string
	if s.bold {
		classes = append(classes, "ansi-bold")
	}
	if s.underline {
		classes = append(classes, "ansi-underline")
	}
	for _, c := range []struct{ prefix, prop, v string }{{"ansi-", "color", s.fg}, {"ansi-bg-", "background-color", s.bg}} {
		switch {
		case c.v == "":
		case strings.HasPrefix(c.v, "#"):
			styles = append(styles, c.prop+":"+c.v)
		default:
			classes = append(classes, c.prefix+c.v)
		}
	}
	a := ""
	if len(classes) > 0 {
		a += ` class="` + strings.Join(classes, " ") + `"`
	}
	if len(styles) > 0 {
		a += ` style="` + strings.Join(styles, ";") + `"`
	}
	return a
}

// ansiToHTML escapes terminal text for HTML, turning SGR colour and weight
// sequences into spans and dropping other escape sequences (cursor
// movement, erase line) that a page cannot show.
func ansiToHTML(s string) string {
	var b strings.Builder
	style := ansiStyle{}
	open := false
	text := func(t string) {
		if t == "" {
			return
		}
		b.WriteString(html.EscapeString(t))
	}
	for {
		i := strings.IndexByte(s, '\x1b')
		if i < 0 {
			text(s)
			break
		}
		text(s[:i])
		s = s[i+1:]
		if !strings.HasPrefix(s, "[") {
			continue // a lone ESC or a non-CSI sequence: drop the ESC
		}
		end := strings.IndexFunc(s[1:], func(r rune) bool { return r >= 0x40 && r <= 0x7e })
		if end < 0 {
			break
		}
		params, final := s[1:1+end], s[1+end]
		s = s[2+end:]
		if final != 'm' {
			continue
		}
		style = style.apply(params)
		if open {
			b.WriteString("</span>")
			open = false
		}
		if a := style.attrs(); a != "" {
			b.WriteString("<span" + a + ">")
			open = true
		}
	}
	if open {
		b.WriteString("</span>")
	}
	return b.String()
}

// apply returns the style after the SGR parameters params (e.g. "1;31").
func (s ansiStyle) apply(params string) ansiStyle {
	codes := strings.Split(params, ";")
	for i := 0; i < len(codes); i++ {
		n, err := strconv.Atoi(codes[i])
		if err != nil && codes[i] != "" {
			continue
		}
		switch {
		case n == 0:
			s = ansiStyle{}
		case n == 1:
			s.bold = true
		case n == 4:
			s.underline = true
		case n == 22:
			s.bold = false
		case n == 24:
			s.underline = false
		case 30 <= n && n <= 37:
			s.fg = ansiColors[n-30]
		case n == 39:
			s.fg = ""
		case 40 <= n && n <= 47:
			s.bg = ansiColors[n-40]
		case n == 49:
			s.bg = ""
		case 90 <= n && n <= 97:
			s.fg = "bright-" + ansiColors[n-90]
		case 100 <= n && n <= 107:
			s.bg = "bright-" + ansiColors[n-100]
		case n == 38 || n == 48:
			c, used := extendedColor(codes[i+1:])
			i += used
			if n == 38 {
				s.fg = c
			} else {
				s.bg = c
			}
		}
	}
	return s
}

// extendedColor reads "5;N" (256 colours) or "2;R;G;B" after 38 or 48,
// returning a CSS colour ("" if malformed) and how many codes it used.
func extendedColor(codes []string) (string, int) {
	num := func(i int) (int, bool) {
		if i >= len(codes) {
			return 0, false
		}
		n, err := strconv.Atoi(codes[i])
		return n, err == nil && n >= 0 && n <= 255
	}
	kind, ok := num(0)
	switch {
	case ok && kind == 5:
		n, ok := num(1)
		if !ok {
			return "", 1
		}
		return xterm256(n), 2
	case ok && kind == 2:
		r, ok1 := num(1)
		g, ok2 := num(2)
		bl, ok3 := num(3)
		if !ok1 || !ok2 || !ok3 {
			return "", len(codes)
		}
		return fmt.Sprintf("#%02x%02x%02x", r, g, bl), 4
	}
	return "", 0
}

// xterm256 returns the CSS colour of xterm palette entry n.
func xterm256(n int) string {
	switch {
	case n < 8:
		return ansiColors[n]
	case n < 16:
		return "bright-" + ansiColors[n-8]
	case n < 232:
		n -= 16
		level := func(v int) int {
			if v == 0 {
				return 0
			}
			return 55 + 40*v
		}
		return fmt.Sprintf("#%02x%02x%02x", level(n/36), level(n/6%6), level(n%6))
	}
	g := 8 + 10*(n-232)
	return fmt.Sprintf("#%02x%02x%02x", g, g, g)
}
