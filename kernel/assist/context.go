package assist

import (
	"go/scanner"
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tok is one token of the code before the cursor.
type tok struct {
	tok      token.Token
	lit      string
	off, end int // byte offsets in the cell
}

// situation is what the code before the cursor says about the cursor.
type situation struct {
	toks []tok // the tokens before the cursor, inserted semicolons included
	// word is the identifier (or keyword) that ends at the cursor, which a
	// completion replaces from wordStart; empty at the start of a name.
	word      string
	wordStart int
	// inComment and inString are set when the cursor is inside a comment
	// or an unterminated string or rune literal; inNumber right after a
	// number (3., 1e).
	inComment, inString, inNumber bool
	// importString is set inside the path of an import spec; word then
	// holds the path typed so far.
	importString bool
	// base is the operand of a selector `base.word`, as source text, and
	// baseStart its offset; empty when the word is not after a period.
	base      string
	baseStart int
	// open holds the brackets still open before the cursor, innermost
	// last, as indexes into toks.
	open []int
	// literal is the type of the composite literal whose braces hold the
	// cursor where a field key can stand (`T{` or `T{a: 1, `), as source
	// text, and literalStart its offset; empty elsewhere.
	literal      string
	literalStart int
}

// situate scans code up to the byte offset off.
func situate(code string, off int) situation {
	src := code[:off]
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	errAt := -1 // offset of the last scanner error
	s.Init(file, []byte(src), func(pos token.Position, _ string) { errAt = pos.Offset }, scanner.ScanComments)
	var st situation
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		o := file.Offset(pos)
		if t == token.SEMICOLON && lit == "\n" && o == len(src) {
			continue // inserted at the end of the text, not in the cell
		}
		end := o + len(lit)
		if lit == "" || t == token.SEMICOLON {
			end = o + len(t.String())
			if t == token.SEMICOLON && lit == "\n" {
				end = o
			}
		}
		switch t {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			st.open = append(st.open, len(st.toks))
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if n := len(st.open); n > 0 {
				st.open = st.open[:n-1]
			}
		}
		st.toks = append(st.toks, tok{t, lit, o, end})
	}
	st.wordStart = off
	n := len(st.toks)
	if n == 0 {
		return st
	}
	last := st.toks[n-1]
	switch {
	case last.tok == token.COMMENT:
		st.inComment = last.end == off && (strings.HasPrefix(last.lit, "//") || errAt >= last.off)
		return st
	case last.tok == token.STRING || last.tok == token.CHAR:
		if errAt < last.off || last.end != off {
			break
		}
		st.inString = true
		if last.tok == token.STRING && isImportSpec(st.toks[:n-1], st.open) {
			st.importString = true
			st.word, st.wordStart = last.lit[1:], last.off+1
		}
		return st
	}
	if (last.tok == token.INT || last.tok == token.FLOAT || last.tok == token.IMAG) && last.end == off {
		st.inNumber = true
		return st
	}
	if (last.tok == token.IDENT || last.tok.IsKeyword()) && last.end == off {
		st.word, st.wordStart = last.lit, last.off
		n--
	}
	if n > 0 && st.toks[n-1].tok == token.PERIOD {
		if b := operandStart(st.toks, n-1); b >= 0 {
			st.baseStart = st.toks[b].off
			st.base = code[st.baseStart:st.toks[n-1].off]
		}
	}
	st.literal, st.literalStart = literalAt(code, st.toks[:n], st.open)
	return st
}

// literalAt finds the type of the composite literal in which the token
// after toks would be a field key: right after the literal's "{" or after
// one of its commas. The "{" of a block follows no type operand
// (`if x {`, `func() {`), so the text before it is only a candidate type;
// the resolver decides.
func literalAt(code string, toks []tok, open []int) (string, int) {
	if len(open) == 0 || len(toks) == 0 {
		return "", 0
	}
	lb := open[len(open)-1]
	if lb >= len(toks) || toks[lb].tok != token.LBRACE {
		return "", 0
	}
	if last := toks[len(toks)-1]; last.tok != token.COMMA && len(toks)-1 != lb {
		return "", 0
	}
	b := operandStart(toks, lb)
	if b < 0 {
		return "", 0
	}
	return code[toks[b].off:toks[lb].off], toks[b].off
}

// isImportSpec reports whether a string literal after toks is the path of
// an import spec: after `import`, after `import name`, or in the
// parenthesised group of an import declaration.
func isImportSpec(toks []tok, open []int) bool {
	n := len(toks)
	prev := func(i int) token.Token {
		if n-i < 0 {
			return token.ILLEGAL
		}
		return toks[n-i].tok
	}
	if prev(1) == token.IMPORT {
		return true
	}
	if (prev(1) == token.IDENT || prev(1) == token.PERIOD) && prev(2) == token.IMPORT {
		return true
	}
	if len(open) > 0 {
		i := open[len(open)-1]
		return toks[i].tok == token.LPAREN && i > 0 && toks[i-1].tok == token.IMPORT
	}
	return false
}

// operandStart walks back from the period at toks[dot] over the operand
// it selects from (a.b, f(x), xs[i], T{…}, "s", (e)) and returns the index
// of its first token, or -1 when the period follows no operand.
func operandStart(toks []tok, dot int) int {
	j := dot - 1
	needOperand := true
	for j >= 0 {
		t := toks[j].tok
		if !needOperand {
			if t != token.PERIOD {
				break
			}
			j--
			needOperand = true
			continue
		}
		switch t {
		case token.IDENT, token.STRING, token.INT, token.FLOAT, token.IMAG, token.CHAR:
			j--
			needOperand = false
		case token.RPAREN, token.RBRACK, token.RBRACE:
			m := matchingOpen(toks, j)
			if m < 0 {
				return -1
			}
			j = m - 1
			// A call, index or composite literal needs the operand before
			// its bracket; a parenthesised expression is one itself.
			needOperand = t != token.RPAREN || (j >= 0 && endsOperand(toks[j].tok))
		default:
			return -1
		}
	}
	if needOperand {
		return -1
	}
	return j + 1
}

// endsOperand reports whether a token can be the last of an operand that a
// following "(" would call.
func endsOperand(t token.Token) bool {
	switch t {
	case token.IDENT, token.RPAREN, token.RBRACK, token.RBRACE:
		return true
	}
	return false
}

// matchingOpen returns the index of the bracket that toks[close] closes.
func matchingOpen(toks []tok, close int) int {
	depth := 0
	for i := close; i >= 0; i-- {
		switch toks[i].tok {
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth++
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// isIdentRune reports whether r can be part of a Go identifier.
func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// identAround returns the start and end byte offsets of the identifier
// that holds or touches offset off.
func identAround(code string, off int) (int, int) {
	start, end := off, off
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(code[:start])
		if !isIdentRune(r) {
			break
		}
		start -= size
	}
	for end < len(code) {
		r, size := utf8.DecodeRuneInString(code[end:])
		if !isIdentRune(r) {
			break
		}
		end += size
	}
	return start, end
}
