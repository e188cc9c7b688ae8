package nnlib

import (
	"errors"
	"fmt"
	"math"
)

// GradCheckResult reports how far the gradients of backpropagation are
// from central finite differences of the loss.
type GradCheckResult struct {
	// Checked is the number of weights compared.
	Checked int
	// MaxAbsError is the largest |backprop − finite difference|.
	MaxAbsError float64
	// MaxRelError is the largest |b − f| / max(|b|, |f|, 1e-12): below
	// about 1e-6 in float64 the gradients agree.
	MaxRelError float64
	// Worst names the weight with the largest relative error, e.g.
	// "dense_1 kernel[3][2]".
	Worst string
}

// gradCheckPerLayer bounds the weights GradCheck compares per layer
// (kernel and bias each), evenly spread, so that checking a large layer
// stays quick: each comparison runs the model forward twice.
const gradCheckPerLayer = 50

// GradCheck compares the gradient Backward computes for the batch x with
// truth y against central finite differences (L(w+ε) − L(w−ε))/2ε, the
// classic check of a backpropagation, for up to 50 evenly spread weights
// of each kernel and bias. eps 0 means 1e-6. Dropout is off during the
// check. Use a float64 model (ModelOptions.Float64): in float32 the
// differences are dominated by rounding. The weights are left unchanged;
// the model's last-step intermediates are those of the check.
func (m *Sequential) GradCheck(x, y any, eps float64) (GradCheckResult, error) {
	var res GradCheckResult
	if eps == 0 {
		eps = 1e-6
	}
	if !(eps > 0) || isNaNOrInf(eps) {
		return res, fmt.Errorf("nnlib: GradCheck: eps %v must be a small positive number", eps)
	}
	if !m.compiled {
		return res, errors.New("nnlib: GradCheck before Compile: the model has no loss yet")
	}
	loss := func() (float64, error) {
		if _, err := m.Forward(x, false); err != nil {
			return 0, err
		}
		return m.Loss(y)
	}
	if _, err := loss(); err != nil {
		return res, fmt.Errorf("nnlib: GradCheck: %w", err)
	}
	if err := m.Backward(); err != nil {
		return res, err
	}
	analytic, names := m.gradientsWithNames()
	params := m.net.flatParams()
	defer m.net.setFlatParams(params)
	for _, j := range names.sample() {
		orig := params[j]
		at := func(v float64) float64 {
			params[j] = v
			m.net.setFlatParams(params)
			l, _ := loss() // succeeded above with the same data
			return l
		}
		numeric := (at(orig+eps) - at(orig-eps)) / (2 * eps)
		params[j] = orig
		abs := math.Abs(analytic[j] - numeric)
		rel := abs / max(math.Abs(analytic[j]), math.Abs(numeric), 1e-12)
		res.Checked++
		res.MaxAbsError = max(res.MaxAbsError, abs)
		if rel > res.MaxRelError || res.Worst == "" {
			res.MaxRelError, res.Worst = max(rel, res.MaxRelError), names.name(j)
		}
	}
	m.net.setFlatParams(params)
	if _, err := loss(); err != nil { // leave the intermediates of the unperturbed weights
		return res, err
	}
	return res, m.Backward()
}

// paramBlock is one kernel or bias in the flat parameter vector.
type paramBlock struct {
	layer      string
	what       string // "kernel" or "bias"
	from, cols int    // offset and row length
	n          int    // number of values
}

type paramBlocks []paramBlock

// gradientsWithNames returns the last backward's gradients in flat
// parameter order, with the blocks they fall into.
func (m *Sequential) gradientsWithNames() ([]float64, paramBlocks) {
	var g []float64
	var blocks paramBlocks
	for i, l := range m.layers {
		if l.kind != kindDense {
			continue
		}
		for _, p := range []probe{probeKernelGrad, probeBiasGrad} {
			_, c, data, err := m.net.inspect(p, i)
			if err != nil {
				continue // no bias
			}
			what := "kernel"
			if p == probeBiasGrad {
				what = "bias"
			}
			blocks = append(blocks, paramBlock{l.name, what, len(g), c, len(data)})
			g = append(g, data...)
		}
	}
	return g, blocks
}

// sample returns up to gradCheckPerLayer evenly spread indices per block.
func (bs paramBlocks) sample() []int {
	var idx []int
	for _, b := range bs {
		step := max(1, b.n/gradCheckPerLayer)
		for k := 0; k < b.n; k += step {
			idx = append(idx, b.from+k)
		}
	}
	return idx
}

// name names flat parameter j: "dense kernel[0][3]" or "dense bias[3]".
func (bs paramBlocks) name(j int) string {
	for _, b := range bs {
		if k := j - b.from; k >= 0 && k < b.n {
			if b.what == "bias" {
				return fmt.Sprintf("%s bias[%d]", b.layer, k)
			}
			return fmt.Sprintf("%s kernel[%d][%d]", b.layer, k/b.cols, k%b.cols)
		}
	}
	return fmt.Sprint("parameter ", j)
}
