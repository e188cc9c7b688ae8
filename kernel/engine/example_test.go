package engine_test

import (
	"context"
	"fmt"

	"github.com/gonn-dev/gonn/kernel/engine"
	"github.com/gonn-dev/gonn/kernel/lang"
)

// printOutput is a lang.Output that prints what cells write.
type printOutput struct{}

func (printOutput) Stream(name, text string)   { fmt.Print(text) }
func (printOutput) Display(d lang.DisplayData) { fmt.Println("[display]", d.Data["text/plain"]) }
func (printOutput) ClearOutput(bool)           {}
func (printOutput) Input(context.Context, string, bool) (string, error) {
	return "", lang.ErrStdinNotAllowed
}

// Cells share their state; a trailing expression is the cell's result,
// and an error names the cell's line and column.
func Example() {
	e, err := engine.New(engine.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer e.Shutdown(false)
	for i, cell := range []string{
		"x := 41",
		"fmt.Println(\"x is\", x)\nx + 1",
		"func half(n int) float64 { return float64(n) / 2 }\nhalf(x)",
		"y := x +\n\tundefinedName",
	} {
		res := e.Execute(context.Background(), lang.ExecuteRequest{Code: cell, ExecutionCount: i + 1}, printOutput{})
		switch {
		case res.Error != nil:
			fmt.Printf("%s: %s\n", res.Error.EName, res.Error.EValue)
		case res.Data != nil:
			fmt.Println("=>", res.Data["text/plain"])
		}
	}
	// Output:
	// x is 41
	// => 42
	// => 20.5
	// CompileError: 2:2: undefined: undefinedName
}
