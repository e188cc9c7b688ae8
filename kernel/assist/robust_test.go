package assist

import (
	"reflect"
	"strings"
	"testing"
)

// awkwardCells are inputs a client may send: broken, half-typed, huge,
// not UTF-8.
var awkwardCells = []string{
	"",
	"}",
	")))]]]}}}",
	"((((((((",
	"fmt.",
	"..",
	"x := ",
	"func (",
	"func (p *Point) ",
	"import (",
	`import "`,
	"`raw",
	"/* open",
	"'",
	"\"\\",
	"\xff\xfe\xfd",
	"é\xffx.",
	"🙂.🙂",
	"m.Layers()[0].",
	"p.X.Y.Z.",
	"var a [99999999999999999]int\na[0].",
	"var a [1 << 62]int\na.",
	"type T struct{ T }\nvar t T\nt.",
	"type A B\ntype B A\nvar x A\nx.",
	"x := x + 1\nx.",
	"z := z*z*z*z*z*z*z*z*z*z*z*z*z*z*z*z + z*z*z*z*z*z*z*z*z*z*z*z*z*z*z*z\nz.",
	"a := b + b + b + b\nb := a + a + a + a\na.",
	"type A struct{ B; C }\ntype B struct{ A; C }\ntype C struct{ A; B }\nvar a A\na.",
	"f := func() { f. }",
	"switch x := y.(type) { case ",
	"for k, v := range ",
	"%time m.",
	"!ls .",
	"fmt.Println?",
	"weights[0:1][0].",
	"new(",
	"make(map[string]int).",
	"(<-ch).",
	strings.Repeat("(", 5000),
	strings.Repeat("a.", 3000),
	strings.Repeat("x := 1\n", 2000) + "x.",
	strings.Repeat("!ls\n%time f(\nfmt.Println?\n", 3000) + "m.",
}

// TestAwkwardInput runs every request at every cursor position of awkward
// cells, through the functions that do not recover, so that a panic fails
// the test instead of being hidden.
func TestAwkwardInput(t *testing.T) {
	a := newSession(t, sessionCells...).assistant()
	for _, cell := range awkwardCells {
		n := CodePoints(cell, len(cell))
		step := max(1, n/40)
		for cursor := -1; cursor <= n+1; cursor += step {
			c := a.complete(cell, cursor)
			if c.Matches == nil || c.CursorStart > c.CursorEnd || c.CursorEnd > n {
				t.Errorf("complete(%.40q, %d) = start %d end %d matches %v", cell, cursor, c.CursorStart, c.CursorEnd, c.Matches)
			}
			a.inspect(cell, cursor, 1)
		}
		IsComplete(cell)
	}
}

func FuzzAssist(f *testing.F) {
	for _, c := range append(awkwardCells[:len(awkwardCells)-4], sessionCells...) {
		f.Add(c, len(c)/2)
	}
	a := New[map[string]map[string]reflect.Value](nil)
	f.Fuzz(func(t *testing.T, code string, cursor int) {
		c := a.complete(code, cursor)
		if c.CursorStart > c.CursorEnd {
			t.Errorf("cursor_start %d > cursor_end %d", c.CursorStart, c.CursorEnd)
		}
		a.inspect(code, cursor, 1)
		IsComplete(code)
	})
}
