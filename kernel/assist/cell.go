package assist

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strconv"
	"strings"
)

// binding is what a name declared in the current cell stands for, as far
// as the cell's source says.
type binding struct {
	kind  Kind
	typ   ast.Expr // the declared type, if written
	value ast.Expr // the initializer, whose index-th result the name holds
	index int
	// rangeOver is set for the key (index 0) or value (index 1) of a
	// range clause over it.
	rangeOver ast.Expr
	fn        *ast.FuncDecl // for funcs
	spec      *ast.TypeSpec // for types
}

// cellScope holds the names the current cell declares where the cursor
// can see them: its top-level declarations and the locals of the blocks
// around the cursor.
type cellScope struct {
	names   map[string]*binding
	methods map[string][]*ast.FuncDecl // receiver base type → methods
	imports map[string]string          // local name → import path
	docs    map[string]string          // doc comments of types, vars and consts
}

// placeholder stands for the expression being completed, so that the
// cell's code up to the cursor parses.
const placeholder = "_"

// parseCell parses the cell up to byte offset cut, where the expression
// under the cursor starts, and collects the declarations visible there.
//
// Cells mix declarations and statements, and the code ends mid-way, so
// the text is rebuilt as a file: declarations (func, method, import,
// type, var, const) stay at the top level, runs of other statements go
// into functions, a placeholder stands for the expression being
// completed, and the brackets still open are closed.
func parseCell(code string, cut int) *cellScope {
	cs := &cellScope{names: map[string]*binding{}, methods: map[string][]*ast.FuncDecl{}, imports: map[string]string{}, docs: map[string]string{}}
	src := blankMagicLines(code[:cut]) + placeholder
	var b strings.Builder
	b.WriteString("package p\n")
	inFunc := false
	chunks, open := splitTopLevel(src)
	phOff := -1
	for i, ch := range chunks {
		if ch.decl && inFunc {
			b.WriteString("\n}\n")
			inFunc = false
		}
		if !ch.decl && !inFunc {
			b.WriteString("func _() {\n")
			inFunc = true
		}
		b.WriteString(ch.text)
		if i == len(chunks)-1 {
			phOff = b.Len() - len(placeholder)
			for j := len(open) - 1; j >= 0; j-- {
				b.WriteString("\n" + closer(open[j]).String())
			}
		}
		b.WriteString("\n")
	}
	if inFunc {
		b.WriteString("}\n")
	}
	fset := token.NewFileSet()
	base := fset.Base() // where the parsed file's positions start
	f, _ := parser.ParseFile(fset, "", b.String(), parser.SkipObjectResolution|parser.ParseComments)
	if f == nil || phOff < 0 {
		return cs
	}
	ph := token.Pos(base + phOff)
	for _, d := range f.Decls {
		cs.decl(d, ph)
	}
	return cs
}

// chunk is one top-level statement or declaration of a cell.
type chunk struct {
	text string
	decl bool
}

// splitTopLevel splits src into its top-level statements and declarations
// and returns the brackets open at its end.
func splitTopLevel(src string) ([]chunk, []token.Token) {
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	s.Init(file, []byte(src), nil, scanner.ScanComments)
	var chunks []chunk
	var open []token.Token
	start := -1
	var first []token.Token // the first tokens of the current chunk
	flush := func(end int) {
		if start >= 0 {
			chunks = append(chunks, chunk{text: src[start:end], decl: isDecl(first)})
		}
		start, first = -1, nil
	}
	for {
		pos, t, _ := s.Scan()
		if t == token.EOF {
			break
		}
		o := file.Offset(pos)
		if t == token.SEMICOLON && len(open) == 0 {
			flush(o)
			continue
		}
		if start < 0 {
			start = o // a chunk starts with its doc comment
		}
		if t == token.COMMENT {
			continue
		}
		if len(first) < 16 {
			first = append(first, t)
		}
		switch t {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			open = append(open, t)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
	}
	if start >= 0 {
		chunks = append(chunks, chunk{text: src[start:], decl: isDecl(first)})
	}
	return chunks, open
}

// isDecl reports whether a top-level chunk starting with toks is a
// declaration rather than a statement: an import, a named function or a
// method (`func (r T) Name(`), a type, var or const declaration.
func isDecl(toks []token.Token) bool {
	if len(toks) == 0 {
		return false
	}
	switch toks[0] {
	case token.IMPORT, token.TYPE, token.VAR, token.CONST:
		return true
	case token.FUNC:
		if len(toks) > 1 && toks[1] == token.IDENT {
			return true
		}
		// A method: func ( … ) Name (  — a function literal has no name
		// between its parameters and its results or body.
		depth := 0
		for i := 1; i < len(toks)-2; i++ {
			switch toks[i] {
			case token.LPAREN:
				depth++
			case token.RPAREN:
				depth--
				if depth == 0 {
					return toks[i+1] == token.IDENT && toks[i+2] == token.LPAREN
				}
			}
		}
	}
	return false
}

func contains(n ast.Node, p token.Pos) bool {
	return n != nil && n.Pos() <= p && p <= n.End()
}

func (cs *cellScope) decl(d ast.Decl, ph token.Pos) {
	switch d := d.(type) {
	case *ast.GenDecl:
		cs.genDecl(d)
	case *ast.FuncDecl:
		if d.Name.Name == "_" && d.Recv == nil { // a run of the cell's statements
			if d.Body != nil {
				cs.block(d.Body.List, ph)
			}
			return
		}
		if d.Recv != nil && len(d.Recv.List) > 0 {
			if t := recvTypeName(d.Recv.List[0].Type); t != "" {
				cs.methods[t] = append(cs.methods[t], d)
			}
		} else {
			cs.names[d.Name.Name] = &binding{kind: Func, fn: d}
		}
		if d.Body != nil && contains(d.Body, ph) {
			if d.Recv != nil {
				cs.params(d.Recv)
			}
			cs.params(d.Type.Params)
			cs.params(d.Type.Results)
			cs.block(d.Body.List, ph)
		}
	}
}

// recvTypeName is the base type name of a receiver type: T for *T, T[K].
func recvTypeName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.StarExpr:
		return recvTypeName(e.X)
	case *ast.ParenExpr:
		return recvTypeName(e.X)
	case *ast.IndexExpr:
		return recvTypeName(e.X)
	case *ast.IndexListExpr:
		return recvTypeName(e.X)
	}
	return ""
}

func (cs *cellScope) genDecl(d *ast.GenDecl) {
	for _, spec := range d.Specs {
		switch s := spec.(type) {
		case *ast.ImportSpec:
			path, err := strconv.Unquote(s.Path.Value)
			if err != nil {
				continue
			}
			name := path[strings.LastIndexByte(path, '/')+1:]
			if s.Name != nil {
				name = s.Name.Name
			}
			cs.imports[name] = path
		case *ast.TypeSpec:
			cs.names[s.Name.Name] = &binding{kind: Type, spec: s}
			cs.docs[s.Name.Name] = specDoc(d, s.Doc, s.Comment)
		case *ast.ValueSpec:
			kind := Var
			if d.Tok == token.CONST {
				kind = Const
			}
			for i, n := range s.Names {
				if n.Name == "_" {
					continue
				}
				b := &binding{kind: kind, typ: s.Type}
				switch {
				case len(s.Values) == len(s.Names):
					b.value = s.Values[i]
				case len(s.Values) == 1:
					b.value, b.index = s.Values[0], i
				}
				cs.names[n.Name] = b
				cs.docs[n.Name] = specDoc(d, s.Doc, s.Comment)
			}
		}
	}
}

// specDoc is the doc comment of a spec, or of its declaration when the
// spec has none.
func specDoc(d *ast.GenDecl, doc, line *ast.CommentGroup) string {
	if t := doc.Text(); t != "" {
		return t
	}
	if t := d.Doc.Text(); t != "" {
		return t
	}
	return line.Text()
}

func (cs *cellScope) params(fl *ast.FieldList) {
	if fl == nil {
		return
	}
	for _, f := range fl.List {
		for _, n := range f.Names {
			cs.names[n.Name] = &binding{kind: Var, typ: f.Type}
		}
	}
}

// block collects the declarations of the statements of a block that come
// before the placeholder, and descends into the one that holds it.
func (cs *cellScope) block(list []ast.Stmt, ph token.Pos) {
	for _, s := range list {
		if s.Pos() > ph {
			return
		}
		cs.stmt(s, ph)
	}
}

func (cs *cellScope) stmt(s ast.Stmt, ph token.Pos) {
	switch s := s.(type) {
	case *ast.DeclStmt:
		if d, ok := s.Decl.(*ast.GenDecl); ok {
			cs.genDecl(d)
		}
	case *ast.AssignStmt:
		if s.Tok == token.DEFINE {
			cs.define(s)
		}
	case *ast.LabeledStmt:
		cs.stmt(s.Stmt, ph)
		return
	}
	if !contains(s, ph) {
		return
	}
	switch s := s.(type) {
	case *ast.BlockStmt:
		cs.block(s.List, ph)
	case *ast.IfStmt:
		cs.optStmt(s.Init, ph)
		cs.optStmt(s.Body, ph)
		cs.optStmt(s.Else, ph)
	case *ast.ForStmt:
		cs.optStmt(s.Init, ph)
		cs.optStmt(s.Body, ph)
	case *ast.RangeStmt:
		if s.Tok == token.DEFINE && contains(s.Body, ph) {
			for i, e := range []ast.Expr{s.Key, s.Value} {
				if id, ok := e.(*ast.Ident); ok {
					cs.names[id.Name] = &binding{kind: Var, rangeOver: s.X, index: i}
				}
			}
		}
		cs.optStmt(s.Body, ph)
	case *ast.SwitchStmt:
		cs.optStmt(s.Init, ph)
		cs.optStmt(s.Body, ph)
	case *ast.TypeSwitchStmt:
		cs.optStmt(s.Init, ph)
		cs.typeSwitch(s, ph)
	case *ast.SelectStmt:
		cs.optStmt(s.Body, ph)
	case *ast.CaseClause:
		cs.block(s.Body, ph)
	case *ast.CommClause:
		cs.optStmt(s.Comm, ph)
		cs.block(s.Body, ph)
	default:
		cs.funcLits(s, ph)
	}
}

func (cs *cellScope) optStmt(s ast.Stmt, ph token.Pos) {
	if s != nil && s.Pos() <= ph {
		cs.stmt(s, ph)
	}
}

// define records the names an := statement declares.
func (cs *cellScope) define(s *ast.AssignStmt) {
	for i, l := range s.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		b := &binding{kind: Var}
		switch {
		case len(s.Rhs) == len(s.Lhs):
			b.value = s.Rhs[i]
		case len(s.Rhs) == 1:
			b.value, b.index = s.Rhs[0], i
		}
		cs.names[id.Name] = b
	}
}

// typeSwitch binds v in `switch v := x.(type)` to the type of the clause
// around the placeholder when that clause lists a single type.
func (cs *cellScope) typeSwitch(s *ast.TypeSwitchStmt, ph token.Pos) {
	var name string
	if a, ok := s.Assign.(*ast.AssignStmt); ok && len(a.Lhs) == 1 {
		if id, ok := a.Lhs[0].(*ast.Ident); ok {
			name = id.Name
		}
	}
	for _, c := range s.Body.List {
		cc, ok := c.(*ast.CaseClause)
		if !ok || !contains(cc, ph) {
			continue
		}
		if name != "" && len(cc.List) == 1 {
			cs.names[name] = &binding{kind: Var, typ: cc.List[0]}
		}
		cs.block(cc.Body, ph)
	}
}

// funcLits descends into a function literal within s that holds the
// placeholder.
func (cs *cellScope) funcLits(s ast.Node, ph token.Pos) {
	ast.Inspect(s, func(n ast.Node) bool {
		if n == nil || !contains(n, ph) {
			return false
		}
		if fl, ok := n.(*ast.FuncLit); ok {
			cs.params(fl.Type.Params)
			cs.params(fl.Type.Results)
			if fl.Body != nil {
				cs.block(fl.Body.List, ph)
			}
			return false
		}
		return true
	})
}
