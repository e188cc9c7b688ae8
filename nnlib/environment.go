package nnlib

import (
	"context"
	"io"
)

// Environment is what a host, such as the gonn notebook kernel, hands to a
// model so that training can be interrupted and its progress shown without
// the user passing anything. Each model has its own; nothing is shared
// between models or kept in package variables.
type Environment struct {
	// Context is consulted by Fit when FitOptions carries no Context; when
	// the context it returns is cancelled, Fit stops within one batch and
	// the model keeps its trained weights.
	Context func() context.Context
	// Progress is the default progress writer (os.Stdout when nil).
	Progress io.Writer
	// Verbose is the default progress mode (see FitOptions.Verbose) for
	// Fits that leave theirs at VerboseAuto: a notebook front end, which
	// honours carriage returns in streams, may ask for VerboseBar, or for
	// VerboseLive — the progress and the curves in one display updated in
	// place, through the Displayer its Context carries.
	Verbose int
	// Callbacks are appended to every Fit's callbacks (e.g. a live plot).
	Callbacks []Callback
}

// SetEnvironment sets the model's Environment.
func (m *Sequential) SetEnvironment(env Environment) { m.env = env }

// Environment returns the model's Environment.
func (m *Sequential) Environment() Environment { return m.env }
