package nnlib

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The gradients backpropagation computes are checked against central
// finite differences of the loss, (L(θ+ε) − L(θ−ε))/2ε, which use only the
// forward pass and the loss value, in float64.

type gradCase struct {
	name       string
	layers     []Layer
	inShape    []int
	loss       string
	fromLogits bool
	truth      func(rng *rand.Rand, n, out int) any
}

func labelsTruth(rng *rand.Rand, n, out int) any {
	l := make([]int, n)
	for i := range l {
		l[i] = rng.IntN(out)
	}
	return l
}

func valuesTruth(rng *rand.Rand, n, out int) any {
	y := make([][]float64, n)
	for i := range y {
		for range out {
			y[i] = append(y[i], rng.Float64()*2-1)
		}
	}
	return y
}

func probTruth(rng *rand.Rand, n, out int) any {
	y := make([][]float64, n)
	for i := range y {
		for range out {
			y[i] = append(y[i], rng.Float64())
		}
	}
	return y
}

// softTruth returns rows of soft class targets summing to 1.
func softTruth(rng *rand.Rand, n, out int) any {
	y := probTruth(rng, n, out).([][]float64)
	for _, r := range y {
		s := 0.0
		for _, v := range r {
			s += v
		}
		for j := range r {
			r[j] /= s
		}
	}
	return y
}

func gradCases() []gradCase {
	var cases []gradCase
	for _, act := range []string{"linear", "relu", "sigmoid", "tanh", "softmax", "leaky_relu"} {
		cases = append(cases, gradCase{
			name:    "hidden " + act,
			layers:  []Layer{Dense(6, act), Dense(3, "linear")},
			inShape: []int{4}, loss: "mse", truth: valuesTruth,
		})
	}
	out := func(name, act, loss string, logits bool, truth func(*rand.Rand, int, int) any) gradCase {
		return gradCase{name: name, layers: []Layer{Dense(5, "tanh"), Dense(3, act)},
			inShape: []int{4}, loss: loss, fromLogits: logits, truth: truth}
	}
	cases = append(cases,
		out("softmax+sparse CE (fused)", "softmax", "sparse_categorical_crossentropy", false, labelsTruth),
		out("softmax+CE soft targets (fused)", "softmax", "categorical_crossentropy", false, softTruth),
		out("sigmoid+BCE (fused)", "sigmoid", "binary_crossentropy", false, probTruth),
		out("logits+sparse CE", "linear", "sparse_categorical_crossentropy", true, labelsTruth),
		out("logits+CE", "linear", "categorical_crossentropy", true, softTruth),
		out("logits+BCE", "linear", "binary_crossentropy", true, probTruth),
		out("sigmoid+mse", "sigmoid", "mse", false, valuesTruth),
		out("softmax+mse", "softmax", "mse", false, valuesTruth),
		out("sigmoid+CE on probabilities", "sigmoid", "categorical_crossentropy", false, softTruth),
		out("softmax+BCE on probabilities", "softmax", "binary_crossentropy", false, probTruth),
		gradCase{name: "flatten+dropout+no bias", inShape: []int{2, 3},
			layers: []Layer{Flatten(), Dense(5, "tanh"), Dropout(0.4),
				DenseWith(DenseOptions{Units: 3, NoBias: true, Activation: "softmax"})},
			loss: "sparse_categorical_crossentropy", truth: labelsTruth},
	)
	return cases
}

func TestGradientsMatchFiniteDifferences(t *testing.T) {
	for i, c := range gradCases() {
		t.Run(c.name, func(t *testing.T) {
			const n, eps = 5, 1e-6
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			m := NewSequentialWith(ModelOptions{Float64: true, Seed: uint64(i)}, c.layers...)
			if err := m.Build(c.inShape...); err != nil {
				t.Fatal(err)
			}
			if err := m.CompileWith(CompileOptions{Optimizer: SGD(0.1), Loss: c.loss, FromLogits: c.fromLogits}); err != nil {
				t.Fatal(err)
			}
			xs := make([]float64, n*product(c.inShape))
			for j := range xs {
				xs[j] = rng.Float64()*2 - 1
			}
			x := MustTensor(NewTensor(xs, append([]int{n}, c.inShape...)...))
			_, outDim := m.net.dims()
			y := c.truth(rng, n, outDim)
			rngState, _ := m.src.MarshalBinary()
			loss := func() float64 {
				// The same dropout mask for every evaluation.
				if err := m.src.UnmarshalBinary(rngState); err != nil {
					t.Fatal(err)
				}
				if _, err := m.Forward(x, true); err != nil {
					t.Fatal(err)
				}
				l, err := m.Loss(y)
				if err != nil {
					t.Fatal(err)
				}
				return l
			}
			loss()
			if err := m.Backward(); err != nil {
				t.Fatal(err)
			}
			analytic := flatGrads(t, m)
			inGrad := must[*Tensor](t)(func() (*Tensor, error) {
				g, err := m.InputGrad()
				if err != nil {
					return nil, err
				}
				return FromMatrix(g), nil
			}()).Float64s()

			params := m.net.flatParams()
			for j := range params {
				orig := params[j]
				params[j] = orig + eps
				m.net.setFlatParams(params)
				up := loss()
				params[j] = orig - eps
				m.net.setFlatParams(params)
				down := loss()
				params[j] = orig
				m.net.setFlatParams(params)
				checkFD(t, fmt.Sprintf("param %d", j), analytic[j], (up-down)/(2*eps))
			}
			for j := range xs {
				orig := xs[j]
				xs[j] = orig + eps
				up := loss()
				xs[j] = orig - eps
				down := loss()
				xs[j] = orig
				checkFD(t, fmt.Sprintf("input %d", j), inGrad[j], (up-down)/(2*eps))
			}
		})
	}
}

// flatGrads gathers the kernel and bias gradients in parameter order.
func flatGrads(t *testing.T, m *Sequential) []float64 {
	var g []float64
	for i, l := range m.Layers() {
		if l.Kind() != "Dense" {
			continue
		}
		g = append(g, FromMatrix(must[*mat.Dense](t)(m.KernelGrad(i))).Float64s()...)
		if b, err := m.BiasGrad(i); err == nil {
			g = append(g, FromMatrix(b).Float64s()...)
		}
	}
	return g
}

func checkFD(t *testing.T, what string, analytic, numeric float64) {
	t.Helper()
	if math.Abs(analytic-numeric) > 1e-7+1e-5*math.Abs(numeric) {
		t.Errorf("%s: backprop %.10g, finite difference %.10g", what, analytic, numeric)
	}
}

func TestGradCheckReportsAgreementAndKinks(t *testing.T) {
	x, y := blobs(20, 12)
	m := classifier(ModelOptions{Float64: true, Seed: 5}, Dropout(0.3))
	res, err := m.GradCheck(x, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Checked != 16*2+16+3*16+3 || res.MaxRelError > 1e-5 || res.Worst == "" {
		t.Errorf("GradCheck on a correct model: %+v", res)
	}
	before := m.net.flatParams()
	if _, err := m.GradCheck(x, y, 1e-5); err != nil || !slices.Equal(before, m.net.flatParams()) {
		t.Error("GradCheck changed the weights")
	}
	// At a ReLU kink (z = 0 exactly) the one-sided slopes are 0 and 1:
	// backprop takes 0, the central difference ½, and GradCheck says so.
	k := NewSequentialWith(ModelOptions{Float64: true}, Input(1),
		DenseWith(DenseOptions{Units: 1, Activation: "relu", KernelInitializer: "zeros"}),
		DenseWith(DenseOptions{Units: 1, KernelInitializer: "zeros", BiasInitializer: "zeros"}))
	k.Build()
	k.SetWeights(1, mat.NewDense(1, 1, []float64{1}), []float64{0})
	k.Compile(SGD(0.1), "mse")
	res, err = k.GradCheck([]float64{1}, []float64{-1}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res.MaxRelError-1) > 1e-6 || !strings.HasPrefix(res.Worst, "dense ") {
		t.Errorf("GradCheck at a kink: %+v", res)
	}
	if _, err := NewSequential(Dense(1, "")).GradCheck(x, y, 0); err == nil {
		t.Error("GradCheck before Compile succeeded")
	}
}
