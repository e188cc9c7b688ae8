package engine

import (
	"go/ast"
	"go/token"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Data literals. A cell that pastes a data set — []float64{0.1, 0.7, …}
// with a million numbers — costs yaegi several microseconds per number to
// compile. The pipeline parses such literals itself: a slice literal of a
// basic numeric type whose elements are all number literals, outside any
// function body, is replaced by a call of the Data hook that returns a
// fresh copy of the numbers, with the literal's own type:
//
//	[]float64{1, 2.5, -3}   becomes   __gonn.Data(0).([]float64)
//
// Smaller literals, and anything the pipeline does not fully understand,
// are left to yaegi.

// minDataLiteral is the number of elements from which a literal is parsed
// by the pipeline.
const minDataLiteral = 256

// dataKinds are the element types handled, by name.
var dataKinds = map[string]reflect.Type{
	"float64": reflect.TypeFor[float64](), "float32": reflect.TypeFor[float32](),
	"int": reflect.TypeFor[int](), "int64": reflect.TypeFor[int64](), "int32": reflect.TypeFor[int32](),
	"int16": reflect.TypeFor[int16](), "int8": reflect.TypeFor[int8](),
	"uint": reflect.TypeFor[uint](), "uint64": reflect.TypeFor[uint64](), "uint32": reflect.TypeFor[uint32](),
	"uint16": reflect.TypeFor[uint16](), "uint8": reflect.TypeFor[uint8](), "byte": reflect.TypeFor[byte](),
}

// inlineData replaces the large data literals of n outside function
// bodies; their values are kept in the running cell.
func (e *Engine) inlineData(n ast.Node) {
	c := e.current
	var visit func(n ast.Node) bool
	exprs := func(list []ast.Expr) {
		for i, x := range list {
			if r := e.dataCall(c, x); r != nil {
				list[i] = r
			}
		}
	}
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false // evaluated later, maybe after the cell
		case *ast.AssignStmt:
			exprs(n.Rhs)
		case *ast.ValueSpec:
			exprs(n.Values)
		case *ast.CallExpr:
			exprs(n.Args)
		case *ast.CompositeLit:
			exprs(n.Elts)
		case *ast.KeyValueExpr:
			if r := e.dataCall(c, n.Value); r != nil {
				n.Value = r
			}
		case *ast.ExprStmt:
			if r := e.dataCall(c, n.X); r != nil {
				n.X = r
			}
		}
		return true
	}
	ast.Inspect(n, visit)
}

// dataCall returns the replacement of x if it is a data literal, else nil.
func (e *Engine) dataCall(c *cellRun, x ast.Expr) ast.Expr {
	lit, ok := x.(*ast.CompositeLit)
	if !ok || len(lit.Elts) < minDataLiteral {
		return nil
	}
	at, ok := lit.Type.(*ast.ArrayType)
	if !ok || at.Len != nil {
		return nil
	}
	elt, ok := at.Elt.(*ast.Ident)
	if !ok || elt.Obj != nil || e.sess.known(elt.Name) {
		return nil // not the predeclared type
	}
	t, ok := dataKinds[elt.Name]
	if !ok {
		return nil
	}
	v, ok := parseNumbers(lit.Elts, t)
	if !ok {
		return nil
	}
	c.data = append(c.data, v)
	pos := lit.Pos()
	return &ast.TypeAssertExpr{
		X: &ast.CallExpr{
			Fun:    &ast.SelectorExpr{X: &ast.Ident{Name: hookAlias, NamePos: pos}, Sel: &ast.Ident{Name: "Data", NamePos: pos}},
			Lparen: pos,
			Args:   []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: strconv.Itoa(len(c.data) - 1)}},
			Rparen: pos,
		},
		Lparen: pos,
		Type:   lit.Type,
		Rparen: lit.End(),
	}
}

// parseNumbers converts number literals to a slice of element type t, as
// Go would (an integer type accepts 2.0 but not 2.5; out of range fails).
func parseNumbers(elts []ast.Expr, t reflect.Type) (reflect.Value, bool) {
	s := reflect.MakeSlice(reflect.SliceOf(t), len(elts), len(elts))
	isFloat := t.Kind() == reflect.Float64 || t.Kind() == reflect.Float32
	for i, x := range elts {
		neg := false
		if u, ok := x.(*ast.UnaryExpr); ok && (u.Op == token.SUB || u.Op == token.ADD) {
			neg, x = u.Op == token.SUB, u.X
		}
		b, ok := x.(*ast.BasicLit)
		if !ok || (b.Kind != token.INT && b.Kind != token.FLOAT) {
			return reflect.Value{}, false
		}
		text := b.Value
		if neg {
			text = "-" + text
		}
		if isFloat {
			f, err := strconv.ParseFloat(text, t.Bits())
			if err != nil {
				return reflect.Value{}, false
			}
			s.Index(i).SetFloat(f)
			continue
		}
		if b.Kind == token.FLOAT || strings.ContainsAny(text, "eEpP.") && !strings.HasPrefix(strings.TrimPrefix(text, "-"), "0x") {
			f, err := strconv.ParseFloat(text, 64)
			if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
				return reflect.Value{}, false
			}
			text = strconv.FormatFloat(f, 'f', -1, 64)
		}
		switch t.Kind() {
		case reflect.Int, reflect.Int64, reflect.Int32, reflect.Int16, reflect.Int8:
			n, err := strconv.ParseInt(text, 0, t.Bits())
			if err != nil {
				return reflect.Value{}, false
			}
			s.Index(i).SetInt(n)
		default:
			n, err := strconv.ParseUint(text, 0, t.Bits())
			if err != nil {
				return reflect.Value{}, false
			}
			s.Index(i).SetUint(n)
		}
	}
	return s, true
}

// data is the Data hook: a copy of data literal i of the running cell.
func (e *Engine) data(i int) any {
	c := e.cell.Load()
	if c == nil || i < 0 || i >= len(c.data) {
		panic("gonn: data literal not found")
	}
	v := c.data[i]
	cp := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
	reflect.Copy(cp, v)
	return cp.Interface()
}
