package nnlib

import (
	"fmt"
	"slices"
	"strings"
)

// History records a Fit, one entry per completed epoch, so notebooks can
// plot learning curves and gradient flow.
type History struct {
	// Epoch holds the epoch numbers, counted from 1 as the progress output
	// prints them.
	Epoch []int
	// Metrics maps "loss", each compiled metric ("accuracy", …) and, with
	// validation data, "val_loss" and "val_<metric>" to one value per
	// epoch. Training values are means over the epoch's batches weighted by
	// batch size, as Keras reports them; validation values are computed
	// after the epoch.
	Metrics map[string][]float64
	// GradNorm maps each Dense layer's name to the L2 norm of its
	// parameter gradient (kernel and bias together), averaged per epoch
	// over up to 32 evenly spaced steps.
	GradNorm map[string][]float64
	// Layers lists the keys of GradNorm in layer order.
	Layers []string
	// LearningRate is the rate of each epoch's last step.
	LearningRate []float64
	// Seconds is each epoch's training time, validation included.
	Seconds []float64
	// Steps is the number of optimizer steps taken during the Fit.
	Steps int
}

// newHistory returns an empty history for the given log names and Dense
// layer names.
func newHistory(logNames, layers []string) *History {
	h := &History{Metrics: map[string][]float64{}, GradNorm: map[string][]float64{}, Layers: slices.Clone(layers)}
	for _, n := range logNames {
		h.Metrics[n] = []float64{}
	}
	for _, n := range layers {
		h.GradNorm[n] = []float64{}
	}
	return h
}

// Last returns the last epoch's value of a metric ("loss",
// "val_accuracy", …), and false when there is none.
func (h *History) Last(name string) (float64, bool) {
	if h == nil {
		return 0, false
	}
	v := h.Metrics[name]
	if len(v) == 0 {
		return 0, false
	}
	return v[len(v)-1], true
}

// String prints the history as a table, one row per epoch.
func (h *History) String() string {
	if h == nil || len(h.Epoch) == 0 {
		return "History (no epochs)"
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range h.Metrics {
			if !yield(k) {
				return
			}
		}
	})
	var b strings.Builder
	b.WriteString("epoch")
	for _, n := range names {
		fmt.Fprintf(&b, "  %12s", n)
	}
	for i, e := range h.Epoch {
		fmt.Fprintf(&b, "\n%5d", e)
		for _, n := range names {
			fmt.Fprintf(&b, "  %12.6g", h.Metrics[n][i])
		}
	}
	return b.String()
}
