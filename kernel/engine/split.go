package engine

import (
	"go/scanner"
	"go/token"
)

// segmentKind says how a top-level statement of a cell is evaluated.
type segmentKind int

const (
	segImport  segmentKind = iota // import declaration
	segDecl                       // const, var, type, func or method declaration
	segStmt                       // statement that declares nothing global
	segDefine                     // simple statement with a top-level :=
	segPackage                    // package clause of a pasted program, ignored
)

// segment is one top-level statement or declaration of a cell.
type segment struct {
	kind       segmentKind
	start, end int // byte offsets in the cell
	// lead is where the text before the segment that belongs to it
	// begins: the comments and blank lines after the previous segment
	// (a doc comment, typically); lead <= start.
	lead      int
	line, col int // position of lead in the cell (1-based)
}

// splitCell cuts a cell into its top-level statements and declarations,
// in order, by scanning its tokens once. It does not parse: syntax errors
// other than lexical ones are found later, when the pieces are parsed.
func splitCell(code string) ([]segment, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	var errs scanner.ErrorList
	var sc scanner.Scanner
	sc.Init(file, []byte(code), func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)

	var segs []segment
	var toks []token.Token // tokens of the current segment, at depth 0 (up to a few)
	depth := 0
	start, end, lead := -1, -1, 0
	hasDefine := false
	// inHeader is set between for, if or switch and the brace of its
	// body: the semicolons of "for i := 0; i < n; i++ {" do not end the
	// statement.
	inHeader := false

	flush := func() {
		if start < 0 {
			return
		}
		pos := file.Position(file.Pos(lead))
		segs = append(segs, segment{
			kind:  classify(toks, hasDefine),
			start: start, end: end, lead: lead,
			line: pos.Line, col: pos.Column,
		})
		start, end, toks, hasDefine = -1, -1, toks[:0], false
	}

	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		off := file.Offset(pos)
		if tok == token.SEMICOLON && depth == 0 && !inHeader {
			flush()
			lead = min(off+len(lit), len(code))
			continue
		}
		if start < 0 {
			start = off
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			if depth == 0 && len(toks) < 8 {
				toks = append(toks, tok)
			}
			if depth == 0 && tok == token.LBRACE {
				inHeader = false
			}
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if depth > 0 {
				depth--
			}
			if depth == 0 && len(toks) < 8 {
				toks = append(toks, tok)
			}
		default:
			if depth == 0 {
				switch tok {
				case token.DEFINE:
					hasDefine = true
				case token.FOR, token.IF, token.SWITCH:
					inHeader = true
				}
				if len(toks) < 8 {
					toks = append(toks, tok)
				}
			}
		}
		// An automatic semicolon at the end of the cell has no text.
		end = min(off+tokenLen(tok, lit), len(code))
	}
	flush()
	if errs.Len() > 0 {
		errs.Sort()
		return nil, errs
	}
	return segs, nil
}

// tokenLen is the length in bytes of a token's text.
func tokenLen(tok token.Token, lit string) int {
	if lit != "" {
		return len(lit)
	}
	return len(tok.String())
}

// classify decides the kind of a segment from its first tokens at depth 0.
// toks records brackets as their opening and closing tokens, so
// "func (r T) M(" appears as FUNC LPAREN RPAREN IDENT LPAREN.
func classify(toks []token.Token, hasDefine bool) segmentKind {
	if len(toks) == 0 {
		return segStmt
	}
	if len(toks) > 1 && toks[0] == token.IDENT && toks[1] == token.COLON {
		return segStmt // a labeled statement
	}
	switch toks[0] {
	case token.PACKAGE:
		return segPackage
	case token.IMPORT:
		return segImport
	case token.CONST, token.VAR, token.TYPE:
		return segDecl
	case token.FUNC:
		if len(toks) > 1 && toks[1] == token.IDENT {
			return segDecl // func Name(
		}
		// func (recv) Name( is a method; func (params) ... { is a literal.
		if len(toks) > 4 && toks[1] == token.LPAREN && toks[2] == token.RPAREN &&
			toks[3] == token.IDENT && toks[4] == token.LPAREN {
			return segDecl
		}
		return segStmt
	case token.IF, token.FOR, token.SWITCH, token.SELECT, token.GO, token.DEFER,
		token.RETURN, token.BREAK, token.CONTINUE, token.GOTO, token.FALLTHROUGH:
		return segStmt
	}
	if hasDefine {
		return segDefine
	}
	return segStmt
}
