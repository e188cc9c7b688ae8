package engine

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strings"
)

// Messages of yaegi's internals. yaegi v0.16.1 does not type-check some
// code that Go rejects; its compiler then panics somewhere inside, and the
// message names reflect or yaegi's own type categories instead of the
// mistake: comparing a struct with nil gives "CFG post-order panic:
// reflect: nil type passed to Type.AssignableTo". At run time, reflect's
// messages stand for Go's runtime errors ("reflect: slice index out of
// range").
//
// The engine says what Go would say. For a compiler panic it looks at the
// code at the panic's position (explainCompilePanic): a comparison with
// nil, a return of nil, a := of nil, a condition. Other messages it knows
// are reworded (plainMessage); those it does not know keep their text,
// marked as yaegi's.

// compilePanicPrefix starts the message of a panic inside yaegi's compiler.
const compilePanicPrefix = "CFG post-order panic: "

// explainCompilePanic returns the message of a compile error for what
// yaegi's compiler panicked with (msg, which may start with a position)
// while compiling n.
func (e *Engine) explainCompilePanic(n ast.Node, msg string) string {
	where := leadingPos.FindString(msg)
	what := strings.TrimPrefix(msg[len(where):], compilePanicPrefix)
	if where != "" {
		for _, path := range e.pathsAt(n, where) {
			if why, ok := e.explainNode(path, what); ok {
				return where + why
			}
		}
	}
	if plain := plainMessage(what); plain != what {
		return where + plain
	}
	if where != "" {
		return where + "yaegi could not compile this code: " + what
	}
	return "yaegi could not compile this code: " + what
}

// pathsAt returns the nodes of n that start at the position where
// ("line:col: " in the line space), each with its ancestors: the node
// last, the outermost first.
func (e *Engine) pathsAt(n ast.Node, where string) [][]ast.Node {
	fset := e.interp.FileSet()
	var paths [][]ast.Node
	var stack []ast.Node
	ast.Inspect(n, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		p := fset.Position(n.Pos())
		if fmt.Sprintf("%d:%d: ", p.Line, p.Column) == where {
			paths = append(paths, append([]ast.Node(nil), stack...))
		}
		return true
	})
	return paths
}

// explainNode returns Go's message for the node that ends path, if it is
// code that yaegi is known to panic on.
func (e *Engine) explainNode(path []ast.Node, what string) (string, bool) {
	switch n := path[len(path)-1].(type) {
	case *ast.BinaryExpr:
		if n.Op != token.EQL && n.Op != token.NEQ || !isNil(n.X) && !isNil(n.Y) {
			return "", false
		}
		tx, okX := e.typeName(n.X)
		ty, okY := e.typeName(n.Y)
		if !okX || !okY {
			other := n.X
			if isNil(other) {
				other = n.Y
			}
			return fmt.Sprintf("invalid operation: %s (%s cannot be nil: only pointers, slices, maps, channels, functions and interfaces can)",
				exprString(n), exprString(other)), true
		}
		return fmt.Sprintf("invalid operation: %s (mismatched types %s and %s)", exprString(n), tx, ty), true
	case *ast.ReturnStmt:
		results := enclosingResults(path)
		if results == nil || len(results.List) != 1 || len(results.List[0].Names) > 1 {
			return "", false
		}
		for _, r := range n.Results {
			if isNil(r) {
				return fmt.Sprintf("cannot use nil as %s value in return statement", exprString(results.List[0].Type)), true
			}
		}
	case *ast.AssignStmt:
		for _, r := range n.Rhs {
			if isNil(r) && n.Tok == token.DEFINE {
				return "use of untyped nil in assignment", true
			}
		}
	case *ast.ValueSpec:
		for _, v := range n.Values {
			if isNil(v) && n.Type == nil {
				return "use of untyped nil in variable declaration", true
			}
		}
	case *ast.IfStmt, *ast.ForStmt:
		if strings.Contains(what, "reflect.Value.Bool") {
			stmt := "if"
			if _, ok := n.(*ast.ForStmt); ok {
				stmt = "for"
			}
			return "non-boolean condition in " + stmt + " statement", true
		}
	}
	return "", false
}

// enclosingResults returns the results of the innermost function of path.
func enclosingResults(path []ast.Node) *ast.FieldList {
	for i := len(path) - 1; i >= 0; i-- {
		switch f := path[i].(type) {
		case *ast.FuncLit:
			return f.Type.Results
		case *ast.FuncDecl:
			return f.Type.Results
		}
	}
	return nil
}

// isNil reports whether x is the identifier nil.
func isNil(x ast.Expr) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	return ok && id.Name == "nil" && id.Obj == nil
}

// exprString renders an expression on one line, as the user wrote it.
func exprString(x ast.Expr) string {
	return cleanMessage(types.ExprString(x))
}

// mismatchedWithProbe matches yaegi's message for the type probe of
// typeName, whose right operand has a type no value of a cell has.
var mismatchedWithProbe = regexp.MustCompile(`mismatched types (.+) and \[0\]func\(\)$`)

// typeName returns the type of an expression: the declared type of a
// parameter or variable declared with one, otherwise the type yaegi sees,
// found by compiling (not running) a function literal that adds the
// expression to a value of another type: yaegi's error names both types.
// It returns "untyped nil" for nil, and false when it cannot tell (the
// expression uses local names of the code that failed).
func (e *Engine) typeName(x ast.Expr) (name string, ok bool) {
	if isNil(x) {
		return "untyped nil", true
	}
	if id, isID := ast.Unparen(x).(*ast.Ident); isID && id.Obj != nil {
		switch d := id.Obj.Decl.(type) {
		case *ast.Field:
			return exprString(d.Type), true
		case *ast.ValueSpec:
			if d.Type != nil {
				return exprString(d.Type), true
			}
		}
	}
	defer func() {
		if r := recover(); r != nil {
			name, ok = "", false
		}
	}()
	pos := x.Pos()
	probe := &ast.BinaryExpr{
		X:     &ast.ParenExpr{Lparen: pos, X: x, Rparen: pos},
		OpPos: pos,
		Op:    token.ADD,
		Y: &ast.CompositeLit{
			Type:   &ast.ArrayType{Lbrack: pos, Len: &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "0"}, Elt: &ast.FuncType{Func: pos, Params: &ast.FieldList{}}},
			Lbrace: pos, Rbrace: pos,
		},
	}
	use := &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{Name: "_", NamePos: pos}}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{probe}}
	_, err := e.interp.CompileAST(&ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{funcLitStmt([]ast.Stmt{use}, false)}, Rbrace: pos})
	if err == nil {
		return "", false
	}
	m := mismatchedWithProbe.FindStringSubmatch(err.Error())
	if m == nil {
		return "", false
	}
	return strings.TrimPrefix(cleanMessage(m[1]), "main."), true
}

// rewording is a yaegi or reflect message and its words in Go.
type rewording struct {
	re   *regexp.Regexp
	with string
}

// rewordings are applied in order by plainMessage.
var rewordings = []rewording{
	// Compile time.
	{regexp.MustCompile(`^reflect\.Value\.Convert: value of type (\S+) cannot be converted to type (\S+)$`),
		"cannot use a value of type $1 as $2"},
	{regexp.MustCompile(`^reflect: call of reflect\.Value\.Bool on (\S+) Value$`),
		"non-boolean condition: a value of type $1 is used as a bool"},
	{regexp.MustCompile(`\(type (\w+?)T?\) as type (\w+?)T? in return argument`),
		"(type $1) as type $2 in return argument"},
	// Run time.
	{regexp.MustCompile(`^reflect: (slice|array|string) index out of range$`),
		"runtime error: index out of range"},
	{regexp.MustCompile(`^reflect\.Value\.Slice3?: slice (index|bounds) out of (range|bounds)$`),
		"runtime error: slice bounds out of range"},
	{regexp.MustCompile(`^reflect: call of reflect\.Value\.\w+ on zero Value( \(.*\))?$|` +
		`^reflect: Method on nil interface value$|^reflect\.Value\.Call: call of nil function$|` +
		`^reflect: indirection through nil pointer to embedded struct$`),
		"runtime error: invalid memory address or nil pointer dereference"},
	{regexp.MustCompile(`^reflect\.Make(Slice|Chan|MapWithSize): negative (len|cap|buffer size|size)$`),
		"runtime error: make: negative size"},
	{regexp.MustCompile(`^reflect\.MakeSlice: len > cap$`),
		"runtime error: makeslice: cap out of range"},
	{regexp.MustCompile(`^reflect: call of reflect\.Value\.Call on (\S+) Value$`),
		"cannot call non-function (a value of kind $1)"},
	{regexp.MustCompile(`^method not found: (\w+)$`),
		"the value has no method $1 (it does not implement the interface it is used as)"},
}

// yaegiCategories are the names of yaegi's type categories in messages,
// with the kind of Go type each stands for.
var yaegiCategories = strings.NewReplacer(
	"(type structT)", "(type struct)", "(type ptrT)", "(type pointer)", "(type sliceT)", "(type slice)",
	"(type mapT)", "(type map)", "(type funcT)", "(type func)", "(type interfaceT)", "(type interface)",
	"(type nilT)", "(type nil)", "(type arrayT)", "(type array)", "(type chanT)", "(type chan)",
	"(type errorT)", "(type error)", "(type valueT)", "(type compiled)", "(type linkedT)", "(type named)",
	"type structT ", "type struct ", "type ptrT ", "type pointer ", "type sliceT ", "type slice ",
	"type mapT ", "type map ", "type funcT ", "type func ", "type interfaceT ", "type interface ",
	"type arrayT ", "type array ", "type chanT ", "type chan ", "type errorT ", "type error ",
	"type valueT ", "type compiled ", "type linkedT ", "type named ",
)

// sameTypeNames matches yaegi's message for a value of an earlier version
// of a type used as the current one.
var sameTypeNames = regexp.MustCompile(`cannot use type main\.(\w+) as type main\.(\w+)`)

// plainMessage rewords a message of yaegi's or reflect's internals the
// way Go says it; other messages are returned as they are.
func plainMessage(msg string) string {
	if m := sameTypeNames.FindStringSubmatchIndex(msg); m != nil && msg[m[2]:m[3]] == msg[m[4]:m[5]] {
		t := msg[m[2]:m[3]]
		return msg[:m[0]] + "cannot use type " + t + " (of an earlier definition of " + t + ") as type " + t +
			msg[m[1]:] + ": values keep the type they were made with; make this one again with the new " + t
	}
	msg = yaegiCategories.Replace(msg)
	for _, r := range rewordings {
		if r.re.MatchString(msg) {
			return r.re.ReplaceAllString(msg, r.with)
		}
	}
	return msg
}
