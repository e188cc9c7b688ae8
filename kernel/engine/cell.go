package engine

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"slices"
	"strings"
)

// The cell pipeline.
//
//  1. splitCell cuts the cell into top-level statements and declarations
//     by scanning its tokens (split.go).
//  2. Consecutive pieces of the same kind form a unit: imports, a run of
//     declarations (compiled as one file, so they may refer to each other
//     in any order), a run of statements that declare nothing (run inside
//     a function literal so their temporaries can be freed), or a run of
//     statements that declare globals with := (run at top level; a run
//     is cut where a name is declared again).
//  3. Every unit is parsed before anything runs, so a syntax error
//     anywhere stops the whole cell. Each unit's source starts with a
//     /*line _.go:L:C*/ directive that puts its text at the cell's place
//     in the line space (lines.go).
//  4. Packages the cell uses without importing them are imported.
//  5. Units are compiled and run in order; the first failure stops the
//     cell. Declarations go through redefinition handling (redefine.go);
//     a trailing expression is routed to the Show hook (show.go); go
//     statements are wrapped so a panicking goroutine is reported, not
//     fatal (goroutines.go).

// unit is a run of consecutive segments of the same kind, parsed.
type unit struct {
	kind segmentKind
	src  string    // the synthetic source that was parsed
	file *ast.File // the parsed source
	// body holds the statements of statement units (the body of the
	// wrapper function the parser needed).
	body *ast.BlockStmt
}

// piece is source text with the global position of its first byte.
type piece struct {
	text      string
	line, col int
}

// directive returns the line directive that gives the text after it the
// position of p.
func (p piece) directive() string {
	return fmt.Sprintf("/*line %s:%d:%d*/", sourceName, p.line, p.col)
}

// buildUnits groups segments into units and parses them.
func (e *Engine) buildUnits(code string, segs []segment, cell cellLines) ([]*unit, error) {
	var units []*unit
	for i := 0; i < len(segs); {
		j := i + 1
		for j < len(segs) && segs[j].kind == segs[i].kind {
			j++
		}
		p := piece{
			text: code[segs[i].lead:segs[j-1].end],
			line: cell.first + segs[i].line - 1,
			col:  segs[i].col,
		}
		u, err := e.parseUnit(segs[i].kind, p)
		if err != nil {
			return nil, err
		}
		if u.kind == segDefine {
			units = append(units, splitDefines(u)...)
		} else {
			units = append(units, u)
		}
		i = j
	}
	return units, nil
}

// splitDefines cuts a run of := statements where a name is declared a
// second time (in one block, the second := would not compile), and around
// statements declaring several variables from one value, which yaegi
// types in an early pass that does not see the variables the block
// declared before (and see globalize).
func splitDefines(u *unit) []*unit {
	var units []*unit
	stmts := u.body.List
	seen := map[string]bool{}
	start := 0
	cut := func(end int) {
		if end <= start {
			return
		}
		body := &ast.BlockStmt{Lbrace: stmts[start].Pos(), List: stmts[start:end], Rbrace: stmts[end-1].End()}
		units = append(units, &unit{kind: segDefine, src: u.src, file: u.file, body: body})
		start = end
		clear(seen)
	}
	for i, st := range stmts {
		if multiValueDefine(st) {
			cut(i)
			cut(i + 1)
			continue
		}
		names := stmtNames(st)
		for _, n := range names {
			if seen[n] {
				cut(i)
				break
			}
		}
		for _, n := range names {
			seen[n] = true
		}
	}
	cut(len(stmts))
	return units
}

// parseUnit parses one unit's source into the interpreter's file set.
func (e *Engine) parseUnit(kind segmentKind, p piece) (*unit, error) {
	var b strings.Builder
	b.Grow(len(p.text) + 64)
	b.WriteString("package main\n")
	stmts := kind == segStmt || kind == segDefine
	if stmts {
		b.WriteString("func _() {\n")
	}
	b.WriteString(p.directive())
	b.WriteString(p.text)
	b.WriteString(";\n")
	if stmts {
		b.WriteString("}\n")
	}
	src := b.String()
	f, err := parser.ParseFile(e.interp.FileSet(), sourceName, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	u := &unit{kind: kind, src: src, file: f}
	if stmts {
		u.body = f.Decls[0].(*ast.FuncDecl).Body
	}
	return u, nil
}

// withDoc returns where a declaration starts, its doc comment included
// (but not the line directive of its unit, which the parser takes for a
// part of the doc comment that follows it).
func withDoc(doc *ast.CommentGroup, pos token.Pos) token.Pos {
	if doc == nil {
		return pos
	}
	for _, c := range doc.List {
		if !strings.HasPrefix(c.Text, "/*line ") {
			return c.Pos()
		}
	}
	return pos
}

// pieceOf returns the source of node n in unit u with its global position.
func (e *Engine) pieceOf(u *unit, from, to token.Pos) piece {
	fset := e.interp.FileSet()
	tf := fset.File(from)
	if tf == nil || tf != fset.File(to) || to < from {
		return piece{} // not a node of the unit's source
	}
	pos := fset.Position(from)
	return piece{
		text: u.src[tf.Offset(from):tf.Offset(to)],
		line: pos.Line,
		col:  pos.Column,
	}
}

// runCell runs the pipeline on one cell.
func (e *Engine) runCell(ctx context.Context, c *cellRun, code string) error {
	segs, err := splitCell(code)
	if err != nil {
		return syntaxError{list: err.(scanner.ErrorList), cellRelative: true}
	}
	segs = slices.DeleteFunc(segs, func(s segment) bool { return s.kind == segPackage })
	if len(segs) == 0 {
		return nil
	}
	units, err := e.buildUnits(code, segs, c.lines)
	if err != nil {
		if list, ok := err.(scanner.ErrorList); ok {
			return syntaxError{list: list}
		}
		return err
	}
	if err := e.autoImport(ctx, units); err != nil {
		return err
	}
	for i, u := range units {
		if err := ctx.Err(); err != nil {
			return interrupted{}
		}
		last := i == len(units)-1
		var err error
		switch u.kind {
		case segImport:
			err = e.runImports(ctx, u)
		case segDecl:
			err = e.runDecls(ctx, u)
		case segDefine:
			err = e.runDefine(ctx, u)
		default:
			err = e.runStmts(ctx, u, last)
		}
		if err != nil {
			return err
		}
	}
	if c.main.IsValid() {
		return e.runMain(ctx, c.main)
	}
	return nil
}
