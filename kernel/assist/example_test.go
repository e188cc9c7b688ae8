package assist_test

import (
	"fmt"

	"github.com/traefik/yaegi/stdlib"

	"github.com/gonn-dev/gonn/kernel/assist"
)

func ExampleAssistant_Complete() {
	a := assist.New(nil, stdlib.Symbols)
	code := "s := \"héllo\"\nstrings.ToU"
	c := a.Complete(code, assist.CodePoints(code, len(code)))
	fmt.Println(c.Matches, c.CursorStart, c.CursorEnd)
	// Output: [ToUpper ToUpperSpecial] 21 24
}

func ExampleAssistant_Inspect() {
	a := assist.New(nil, stdlib.Symbols)
	code := "math.Sqrt(2)"
	in := a.Inspect(code, 7, 0)
	fmt.Print(in.Data["text/plain"])
	// Output:
	// func Sqrt(x float64) float64
	//
	// Sqrt returns the square root of x.
	//
	// Special cases are:
	//
	//	Sqrt(+Inf) = +Inf
	//	Sqrt(±0) = ±0
	//	Sqrt(x < 0) = NaN
	//	Sqrt(NaN) = NaN
}

func ExampleIsComplete() {
	for _, code := range []string{"func f() {", "x := 1 +", "fmt.Println(1)", "}"} {
		c := assist.IsComplete(code)
		fmt.Printf("%-16q %-10s %q\n", code, c.Status, c.Indent)
	}
	// Output:
	// "func f() {"     incomplete "    "
	// "x := 1 +"       incomplete "    "
	// "fmt.Println(1)" complete   ""
	// "}"              invalid    ""
}

func ExampleByteOffset() {
	code := "é🙂x"
	fmt.Println(assist.ByteOffset(code, 2), assist.CodePoints(code, 6))
	// Output: 6 2
}
