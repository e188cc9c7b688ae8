package assist

import (
	"go/scanner"
	"go/token"
	"slices"
	"strings"
	"unicode"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// The statuses of an is_complete_reply.
const (
	StatusComplete   = "complete"
	StatusIncomplete = "incomplete"
	StatusInvalid    = "invalid"
)

// IndentUnit is the indent IsComplete suggests per open level. It is four
// spaces rather than gofmt's tab because the one client that uses the
// indent, jupyter console (prompt_toolkit), shows a tab as "^I"; the
// interpreter accepts either, and notebooks never ask.
const IndentUnit = "    "

// IsComplete judges whether code, as typed so far in a console, is a whole
// cell (complete), needs more lines (incomplete, with the indent to offer on
// the next line) or can never become valid Go (invalid).
//
// Code is incomplete while a parenthesis, bracket or brace is open, inside
// a raw string or block comment, and after a token that cannot end a Go
// statement (a binary operator, a comma, a period, a keyword such as else).
// It is invalid after an unmatched or mismatched closing bracket, an
// interpreted string or rune literal left open at the end of a line, or a
// character Go does not know. Magic lines (%time, !ls, name?) are
// complete. A cell that starts with %%time needs a body, judged as Go;
// one that starts with another cell magic is complete (the engine tells
// what it makes of it). The judgement is lexical (go/scanner): whether the
// statements parse is left to the engine, which reports such errors with
// the cell's line numbers.
func IsComplete(code string) lang.Completeness {
	trimmed := strings.TrimSpace(code)
	if trimmed == "" {
		return lang.Completeness{Status: StatusComplete}
	}
	if strings.HasPrefix(trimmed, "%%") {
		first, body, _ := strings.Cut(trimmed, "\n")
		if strings.TrimSpace(first) != "%%time" {
			return lang.Completeness{Status: StatusComplete}
		}
		if strings.TrimSpace(body) == "" {
			return lang.Completeness{Status: StatusIncomplete, Indent: ""}
		}
		return judge(blankMagicLines(body))
	}
	return judge(blankMagicLines(code))
}

// blankMagicLines empties the magic lines of code (see MagicLines),
// keeping their line breaks.
func blankMagicLines(code string) string {
	magic := MagicLines(code)
	if len(magic) == 0 {
		return code
	}
	lines := strings.SplitAfter(code, "\n")
	for _, i := range magic {
		lines[i] = lines[i][len(strings.TrimRight(lines[i], "\n")):] // keep the line break
	}
	return strings.Join(lines, "")
}

// MagicLines returns the indexes (counting from 0) of the lines of code
// that are magic lines — a line magic (%name …), a shell escape (!cmd …)
// or a help query (name?, name??, ?name) — standing where a Go statement
// could start, so that a line such as `!b` that continues a boolean
// expression, or a line inside a raw string, stays Go. The engine runs
// these lines as magics; IsComplete takes them for complete.
//
// It takes one scan: magic-looking lines are emptied, then those that turn
// out to stand inside Go code (an open bracket, a continued expression, a
// raw string or block comment) are put back.
func MagicLines(code string) []int {
	if !strings.ContainsAny(code, "%!?") {
		return nil
	}
	lines := strings.SplitAfter(code, "\n")
	var magic []int
	for i, line := range lines {
		if isMagicLine(line) {
			magic = append(magic, i)
			lines[i] = line[len(strings.TrimRight(line, "\n")):] // keep the line break
		}
	}
	if len(magic) == 0 {
		return nil
	}
	clean := cleanLineStarts(strings.Join(lines, ""))
	return slices.DeleteFunc(magic, func(i int) bool { return !clean[i] })
}

// cleanLineStarts reports, for each line of code, whether a statement can
// start there: no bracket open, no token continuing from before, not inside
// a raw string or block comment.
func cleanLineStarts(code string) []bool {
	starts := []int{0}
	for i := range len(code) {
		if code[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	clean := make([]bool, len(starts))
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	s.Init(file, []byte(code), nil, scanner.ScanComments)
	depth, continues, prevEnd, li := 0, false, 0, 0
	mark := func(upTo int) {
		for ; li < len(starts) && starts[li] <= upTo; li++ {
			clean[li] = starts[li] >= prevEnd && depth == 0 && !continues
		}
	}
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		o := file.Offset(pos)
		mark(o)
		end := o + len(lit)
		if lit == "" { // an operator or a delimiter
			end = o + len(tok.String())
		}
		switch {
		case tok == token.SEMICOLON:
			continues, end = false, o+len(";")
			if lit == "\n" {
				end = o
			}
		case tok == token.COMMENT:
		case tok == token.LPAREN || tok == token.LBRACK || tok == token.LBRACE:
			depth++
			continues = true
		case tok == token.RPAREN || tok == token.RBRACK || tok == token.RBRACE:
			depth = max(0, depth-1)
			continues = true
		default:
			continues = true
		}
		prevEnd = max(prevEnd, end)
	}
	mark(len(code))
	return clean
}

// isMagicLine reports whether line is a line magic (%name …), a shell
// escape (!cmd …) or a help query (name?, name??, ?name).
func isMagicLine(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" {
		return false
	}
	if t[0] == '%' || t[0] == '!' {
		return true
	}
	if !strings.Contains(t, "?") {
		return false
	}
	name := strings.Trim(t, "?")
	if name == "" || len(t)-len(name) > 2 {
		return false
	}
	for i, r := range name {
		if !(r == '_' || r == '.' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) {
			return false
		}
	}
	return true
}

// lexState is what a lexical scan of a cell found.
type lexState struct {
	stack     []openBracket // brackets still open, outermost first
	open      string        // "raw string" or "comment" when the code ends inside one
	err       string        // the first error that makes the code invalid
	continues bool          // the last token cannot end a statement
	lastLine  string        // the last line that holds a token
}

type openBracket struct {
	tok  token.Token
	line int
}

// depth is the number of indent levels the open brackets ask for: one per
// line that opened a bracket still open, as gofmt indents `f(func() {`.
func (st lexState) depth() int {
	n, last := 0, -1
	for _, b := range st.stack {
		if b.line != last {
			n++
			last = b.line
		}
	}
	return n
}

func judge(code string) lang.Completeness {
	st := scanState(code)
	switch {
	case st.err != "":
		return lang.Completeness{Status: StatusInvalid}
	case st.open != "":
		// Whitespace offered inside a raw string would become content.
		return lang.Completeness{Status: StatusIncomplete}
	case len(st.stack) > 0:
		n := st.depth()
		if t := strings.TrimSpace(st.lastLine); strings.HasSuffix(t, ":") &&
			(strings.HasPrefix(t, "case ") || strings.HasPrefix(t, "default")) {
			n++ // the body of a case clause
		}
		return lang.Completeness{Status: StatusIncomplete, Indent: strings.Repeat(IndentUnit, n)}
	case st.continues:
		return lang.Completeness{Status: StatusIncomplete, Indent: strings.Repeat(IndentUnit, st.depth()+1)}
	}
	return lang.Completeness{Status: StatusComplete}
}

// scanState runs go/scanner over code and records open brackets, an
// unterminated raw string or comment, errors and whether the last token
// lets a statement end there (Go's semicolon insertion rule).
func scanState(code string) lexState {
	var st lexState
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	var s scanner.Scanner
	errs := 0
	s.Init(file, []byte(code), func(_ token.Position, msg string) {
		if errs++; st.err == "" {
			st.err = msg
		}
	}, scanner.ScanComments)
	// unterminated ends the scan inside a raw string or block comment: the
	// code is incomplete unless something before it was already invalid.
	unterminated := func(what string) lexState {
		if errs == 1 {
			st.err = ""
		}
		st.open = what
		return st
	}
	lastTok := token.SEMICOLON
	lastLine := -1
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		line := file.Line(pos)
		switch tok {
		case token.COMMENT:
			if strings.HasPrefix(lit, "/*") && (len(lit) < 4 || !strings.HasSuffix(lit, "*/")) {
				return unterminated("comment")
			}
			continue
		case token.STRING:
			if lit[0] == '`' && (len(lit) < 2 || lit[len(lit)-1] != '`') {
				return unterminated("raw string")
			}
		case token.LPAREN, token.LBRACK, token.LBRACE:
			st.stack = append(st.stack, openBracket{tok, line})
		case token.RPAREN, token.RBRACK, token.RBRACE:
			n := len(st.stack)
			if n == 0 || closer(st.stack[n-1].tok) != tok {
				if st.err == "" {
					st.err = "unmatched " + tok.String()
				}
				return st
			}
			st.stack = st.stack[:n-1]
		}
		if tok == token.SEMICOLON && lit == "\n" {
			lastTok = token.SEMICOLON // inserted: the previous token ended a statement
			continue
		}
		lastTok, lastLine = tok, line
	}
	st.continues = lastTok != token.SEMICOLON
	if lastLine > 0 {
		st.lastLine = lineOf(code, file, lastLine)
	}
	return st
}

func closer(open token.Token) token.Token {
	switch open {
	case token.LPAREN:
		return token.RPAREN
	case token.LBRACK:
		return token.RBRACK
	}
	return token.RBRACE
}

// lineOf returns the text of the 1-based line of file.
func lineOf(code string, file *token.File, line int) string {
	start := file.Offset(file.LineStart(line))
	end := len(code)
	if i := strings.IndexByte(code[start:], '\n'); i >= 0 {
		end = start + i
	}
	return code[start:end]
}
