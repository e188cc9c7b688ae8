package notebook

import (
	"go/scanner"
	"go/token"
	"html"
	"strings"
)

// predeclared are Go's predeclared identifiers, highlighted like keywords
// of a lighter kind.
var predeclared = map[string]bool{
	"any": true, "bool": true, "byte": true, "comparable": true, "complex64": true,
	"complex128": true, "error": true, "float32": true, "float64": true, "int": true,
	"int8": true, "int16": true, "int32": true, "int64": true, "rune": true,
	"string": true, "uint": true, "uint8": true, "uint16": true, "uint32": true,
	"uint64": true, "uintptr": true, "true": true, "false": true, "iota": true,
	"nil": true, "append": true, "cap": true, "clear": true, "close": true,
	"complex": true, "copy": true, "delete": true, "imag": true, "len": true,
	"make": true, "max": true, "min": true, "new": true, "panic": true,
	"print": true, "println": true, "real": true, "recover": true,
}

// highlightGo returns Go source as escaped HTML with tokens wrapped in
// spans: keywords "kw", predeclared names "bi", called names "fn",
// strings "str", numbers "num" and comments "com". Text the scanner does
// not understand (a cell's shell escapes, say) is kept as is.
func highlightGo(src string) string {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	fset := token.NewFileSet()
	file := fset.AddFile("cell.go", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, scanner.ScanComments)
	var b strings.Builder
	last := 0
	prevClass, prevStart, prevEnd := "", 0, 0
	flush := func() {
		if prevClass == "" {
			return
		}
		b.WriteString(html.EscapeString(src[last:prevStart]))
		b.WriteString(`<span class="` + prevClass + `">`)
		b.WriteString(html.EscapeString(src[prevStart:prevEnd]))
		b.WriteString(`</span>`)
		last = prevEnd
		prevClass = ""
	}
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		start := file.Offset(pos)
		if tok == token.SEMICOLON && lit == "\n" {
			continue // inserted by the scanner
		}
		if prevClass == "ident" {
			prevClass = ""
			if tok == token.LPAREN {
				prevClass = "fn"
			}
			flush()
		}
		end := start + len(lit)
		if lit == "" {
			end = start + len(tok.String())
		}
		if end > len(src) || start < last {
			continue
		}
		prevStart, prevEnd = start, end
		switch {
		case tok.IsKeyword():
			prevClass = "kw"
		case tok == token.IDENT && predeclared[lit]:
			prevClass = "bi"
		case tok == token.IDENT:
			prevClass = "ident" // decided by the next token
			continue
		case tok == token.STRING || tok == token.CHAR:
			prevClass = "str"
		case tok == token.INT || tok == token.FLOAT || tok == token.IMAG:
			prevClass = "num"
		case tok == token.COMMENT:
			prevClass = "com"
		}
		flush()
	}
	if prevClass == "ident" {
		prevClass = ""
	}
	b.WriteString(html.EscapeString(src[last:]))
	return b.String()
}
