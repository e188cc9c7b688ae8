package display

import (
	"html"
	"strings"
)

// escapeHTML escapes s for use as HTML text or a quoted attribute value.
func escapeHTML(s string) string { return html.EscapeString(s) }

// isBlockTag reports whether the HTML element name starts a new line when
// HTML is shown as plain text.
func isBlockTag(name string) bool {
	switch name {
	case "br", "p", "div", "tr", "li", "ul", "ol", "table", "pre", "hr",
		"h1", "h2", "h3", "h4", "h5", "h6", "caption", "thead", "tbody",
		"blockquote":
		return true
	}
	return false
}

// textFromHTML renders an HTML fragment as readable plain text: tags are
// dropped (block elements become line breaks, table cells are separated by
// tabs), script and style contents are dropped, entities are decoded, and
// runs of blank lines are collapsed. It is a fallback for consoles, not an
// HTML parser; malformed input still gives text.
func textFromHTML(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		if strings.HasPrefix(s, "<!--") {
			end := strings.Index(s, "-->")
			if end < 0 {
				break
			}
			s = s[end+3:]
			continue
		}
		if !startsTag(s) { // "a < b" is text
			b.WriteByte('<')
			s = s[1:]
			continue
		}
		end := strings.IndexByte(s, '>')
		if end < 0 { // a lone '<' is text
			b.WriteString(s)
			break
		}
		name, closing := tagName(s[1:end])
		s = s[end+1:]
		switch {
		case !closing && (name == "script" || name == "style"):
			if j := strings.Index(strings.ToLower(s), "</"+name); j >= 0 {
				s = s[j:]
			} else {
				s = ""
			}
		case isBlockTag(name) && !(closing && (name == "tr" || name == "li")):
			b.WriteByte('\n')
		case !closing && (name == "td" || name == "th"):
			b.WriteByte('\t')
		}
	}
	return tidyLines(html.UnescapeString(b.String()))
}

// startsTag reports whether s, which begins with '<', begins a tag: '<'
// followed by a letter, '/' or '!'.
func startsTag(s string) bool {
	if len(s) < 2 {
		return false
	}
	c := s[1]
	return c == '/' || c == '!' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// tagName returns the lower-case element name of the tag body between '<'
// and '>' and whether it is a closing tag.
func tagName(body string) (name string, closing bool) {
	if strings.HasPrefix(body, "/") {
		closing, body = true, body[1:]
	}
	end := strings.IndexAny(body, " \t\n\r/")
	if end >= 0 {
		body = body[:end]
	}
	return strings.ToLower(body), closing
}

// tidyLines trims trailing space and leading tabs from lines, collapses runs
// of blank lines into one and trims the whole text.
func tidyLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.TrimRight(strings.TrimLeft(l, "\t"), " \t\r")
		if l == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
