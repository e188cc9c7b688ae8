package engine

import (
	"context"
	"fmt"
	"io"
	"reflect"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/gonn-dev/gonn/display"
	"github.com/gonn-dev/gonn/kernel/lang"
	"github.com/gonn-dev/gonn/nnlib"
)

// What the engine hands to the packages it preloads, per engine, by
// replacing some of their symbols in this interpreter only:
//
//   - display's package-level functions are bound to a Displayer whose
//     Publisher is the running cell's Output (display_data, updates,
//     clear_output), as the display package intends (display.Bindings);
//   - nnlib models are created with an Environment whose context is the
//     running cell's, so that an interrupt stops Fit within a batch and
//     keeps the trained weights, and that shows a Fit's progress live:
//     the progress line and the curves in one output area updated in
//     place (nnlib.VerboseLive), unless the Fit asks for text progress,
//     which goes to the cell's stdout.

const (
	displayKey = "github.com/gonn-dev/gonn/display/display"
	nnlibKey   = "github.com/gonn-dev/gonn/nnlib/nnlib"
)

// publisher delivers the displays of cells to the current Output.
type publisher struct{ e *Engine }

// Display implements display.Publisher. Streams written before are
// flushed first, so that output appears in the order the cell made it.
func (p publisher) Display(data display.Bundle, meta display.Metadata, id string, update bool) {
	p.e.flush()
	if ref := p.e.out.Load(); ref != nil {
		ref.Display(lang.DisplayData{Data: data, Metadata: meta, DisplayID: id, Update: update})
	}
}

// Clear implements display.Publisher.
func (p publisher) Clear(wait bool) {
	p.e.flush()
	if ref := p.e.out.Load(); ref != nil {
		ref.ClearOutput(wait)
	}
}

// hostSymbols returns the symbols replaced in display and nnlib.
func (e *Engine) hostSymbols() interp.Exports {
	e.display = display.New(publisher{e})
	bindings := display.Bindings(e.display)
	return interp.Exports{
		".":        {"MapTypes": valueOf(map[reflect.Value][]reflect.Type{bindings["Show"]: showTypes()})},
		displayKey: bindings,
		nnlibKey: {
			"NewSequential": valueOf(func(layers ...nnlib.Layer) *nnlib.Sequential { return e.hosted(nnlib.NewSequential(layers...)) }),
			"NewSequentialWith": valueOf(func(o nnlib.ModelOptions, layers ...nnlib.Layer) *nnlib.Sequential {
				return e.hosted(nnlib.NewSequentialWith(o, layers...))
			}),
			"Load": valueOf(func(path string) (*nnlib.Sequential, error) {
				m, err := nnlib.Load(path)
				return e.hosted(m), err
			}),
			"MustLoad": valueOf(func(path string) *nnlib.Sequential { return e.hosted(nnlib.MustLoad(path)) }),
			"ReadModel": valueOf(func(r io.Reader) (*nnlib.Sequential, error) {
				m, err := nnlib.ReadModel(r)
				return e.hosted(m), err
			}),
		},
	}
}

// hosted gives a model the engine's Environment: the cell's context,
// which carries the engine's Displayer, so that a Fit that leaves Verbose
// at VerboseAuto draws its live display in the cell's output.
func (e *Engine) hosted(m *nnlib.Sequential) *nnlib.Sequential {
	if m == nil {
		return nil
	}
	env := m.Environment()
	env.Context = e.cellContext
	env.Progress = e.stdout.File()
	if env.Verbose == nnlib.VerboseAuto {
		env.Verbose = nnlib.VerboseLive
	}
	m.SetEnvironment(env)
	return m
}

// cellContext returns the context of the running cell, carrying the
// engine's Displayer (display.FromContext); between cells it is never
// cancelled.
func (e *Engine) cellContext() context.Context {
	ctx := context.Background()
	if c := e.cell.Load(); c != nil {
		ctx = c.ctx
	}
	return display.NewContext(ctx, e.display)
}

// showTypes are the interfaces through which compiled code that shows a
// value sees the methods of interpreted values: yaegi wraps a value passed
// to a compiled function as the first of them it implements. error comes
// before fmt's interfaces so that an error type declared in a cell, ending
// a trailing call's results, is known as an error.
func showTypes() []reflect.Type {
	types := append(display.RendererTypes(), reflect.TypeFor[error]())
	return append(types, stdlib.MapTypes[reflect.ValueOf(fmt.Println)]...)
}
