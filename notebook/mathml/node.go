package mathml

import "strings"

// node is one MathML element of the tree a formula is parsed into.
type node struct {
	tag   string
	attrs []string // name, value, name, value, …
	text  string   // content of token elements (mi, mn, mo, mtext)
	kids  []*node

	limits    bool // takes its scripts below and above in display style
	function  bool // a named function: followed by an invisible function application
	mergeable bool // an upright letter that joins its neighbours into one <mi>
}

func token(tag, text string, attrs ...string) *node {
	return &node{tag: tag, text: text, attrs: attrs}
}

func elem(tag string, kids ...*node) *node {
	return &node{tag: tag, kids: kids}
}

// with returns n with more attributes.
func (n *node) with(attrs ...string) *node {
	n.attrs = append(n.attrs, attrs...)
	return n
}

// row wraps a list of nodes: the node itself when there is one, else an
// <mrow>.
func row(list []*node) *node {
	if len(list) == 1 {
		return list[0]
	}
	return elem("mrow", list...)
}

// write appends n as XML to b.
func (n *node) write(b *strings.Builder) {
	b.WriteByte('<')
	b.WriteString(n.tag)
	for i := 0; i+1 < len(n.attrs); i += 2 {
		b.WriteByte(' ')
		b.WriteString(n.attrs[i])
		b.WriteString(`="`)
		escape(b, n.attrs[i+1])
		b.WriteByte('"')
	}
	if n.text == "" && len(n.kids) == 0 && n.tag == "mspace" {
		b.WriteString("/>")
		return
	}
	b.WriteByte('>')
	escape(b, n.text)
	for _, k := range n.kids {
		k.write(b)
	}
	b.WriteString("</")
	b.WriteString(n.tag)
	b.WriteByte('>')
}

// escape writes s with the characters XML reserves replaced by
// references, and characters XML does not allow replaced by U+FFFD.
func escape(b *strings.Builder, s string) {
	for _, r := range s {
		switch {
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0xFFFE, r == 0xFFFF:
			r = '\uFFFD'
		}
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\u2061':
			b.WriteString("&#x2061;")
		default:
			b.WriteRune(r)
		}
	}
}
