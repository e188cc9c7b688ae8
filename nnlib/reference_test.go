package nnlib

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The reference values in testdata/nn-reference.json were computed with
// PyTorch in float64, independently of this package.

type refMLP struct {
	Hidden string      `json:"hidden_activation"`
	X      [][]float64 `json:"x"`
	W1     [][]float64 `json:"w1"`
	B1     []float64   `json:"b1"`
	W2     [][]float64 `json:"w2"`
	B2     []float64   `json:"b2"`
	Output string      `json:"output"`
	Loss   string      `json:"loss_name"`
	Labels []int       `json:"labels"`
	Target [][]float64 `json:"target"`
	Logits [][]float64 `json:"logits"`
	Value  float64     `json:"loss"`
	GW1    [][]float64 `json:"grad_w1"`
	GB1    []float64   `json:"grad_b1"`
	GW2    [][]float64 `json:"grad_w2"`
	GB2    []float64   `json:"grad_b2"`
}

type refOptimizer struct {
	Params map[string]any `json:"params"`
	Losses []float64      `json:"loss_before_each_step"`
	W1     [][]float64    `json:"w1"`
	B1     []float64      `json:"b1"`
	W2     [][]float64    `json:"w2"`
	B2     []float64      `json:"b2"`
}

type refLoss struct {
	Pred   [][]float64 `json:"pred"`
	Logits [][]float64 `json:"logits"`
	Target any         `json:"target"`
	Labels []int       `json:"labels"`
	Loss   float64     `json:"loss"`
	Grad   [][]float64 `json:"grad_pred"`
	GradZ  [][]float64 `json:"grad_logits"`
}

type reference struct {
	DenseForward map[string][][]float64 `json:"-"`
	Dense        struct {
		X [][]float64 `json:"x"`
		W [][]float64 `json:"w"`
		B []float64   `json:"b"`
	} `json:"-"`
	Losses struct {
		MSE     refLoss `json:"mse"`
		Sparse  refLoss `json:"sparse_softmax_cross_entropy"`
		BCE     refLoss `json:"binary_cross_entropy_with_logits"`
		Uniform float64 `json:"uniform_10_class_cross_entropy"`
	} `json:"losses"`
	MLP        []refMLP `json:"mlp_backward"`
	Optimizers map[string]json.RawMessage
	GD         struct {
		X     []float64 `json:"x"`
		Y     []float64 `json:"y"`
		LR    float64   `json:"lr"`
		Steps []struct {
			Theta, Loss, Grad float64
		} `json:"steps"`
	} `json:"gradient_descent_walkthrough"`
}

func loadReference(t *testing.T) *reference {
	t.Helper()
	raw, err := os.ReadFile("testdata/nn-reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	var top struct {
		Dense      map[string]json.RawMessage `json:"dense_forward"`
		Optimizers map[string]json.RawMessage `json:"optimizers"`
	}
	if err := json.Unmarshal(raw, &top); err != nil {
		t.Fatal(err)
	}
	ref.DenseForward = map[string][][]float64{}
	for k, v := range top.Dense {
		switch k {
		case "x":
			json.Unmarshal(v, &ref.Dense.X)
		case "w":
			json.Unmarshal(v, &ref.Dense.W)
		case "b":
			json.Unmarshal(v, &ref.Dense.B)
		default:
			var m [][]float64
			if err := json.Unmarshal(v, &m); err != nil {
				t.Fatalf("dense_forward/%s: %v", k, err)
			}
			ref.DenseForward[k] = m
		}
	}
	ref.Optimizers = top.Optimizers
	return &ref
}

// tolerance is the reference comparison tolerance per precision.
func tolerance(float64Model bool) float64 {
	if float64Model {
		return 1e-9
	}
	return 1e-4
}

// close reports whether got is within tol of want, relatively and
// absolutely.
func closeTo(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*(1+math.Abs(want))
}

func checkMatrix(t *testing.T, what string, got mat.Matrix, want [][]float64, tol float64) {
	t.Helper()
	r, c := got.Dims()
	if r != len(want) || c != len(want[0]) {
		t.Fatalf("%s: got %d×%d, want %d×%d", what, r, c, len(want), len(want[0]))
	}
	for i := range r {
		for j := range c {
			if !closeTo(got.At(i, j), want[i][j], tol) {
				t.Errorf("%s[%d][%d] = %.12g, want %.12g", what, i, j, got.At(i, j), want[i][j])
			}
		}
	}
}

func checkVector(t *testing.T, what string, got mat.Matrix, want []float64, tol float64) {
	t.Helper()
	checkMatrix(t, what, got, [][]float64{want}, tol)
}

func dense(rows [][]float64) *mat.Dense {
	d := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		d.SetRow(i, r)
	}
	return d
}

func must[V any](t *testing.T) func(V, error) V {
	return func(v V, err error) V {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

var precisions = []struct {
	name string
	f64  bool
}{{"float64", true}, {"float32", false}}

func TestDenseForwardMatchesReference(t *testing.T) {
	ref := loadReference(t)
	for _, p := range precisions {
		for name, want := range ref.DenseForward {
			t.Run(p.name+"/"+name, func(t *testing.T) {
				act, opts := name, DenseOptions{Units: 3}
				switch name {
				case "log_softmax":
					act = "softmax"
				case "leaky_relu_0.01":
					act, opts.NegativeSlope = "leaky_relu", 0.01
				}
				opts.Activation = act
				m := NewSequentialWith(ModelOptions{Float64: p.f64}, Input(5), DenseWith(opts))
				if err := m.Build(); err != nil {
					t.Fatal(err)
				}
				if err := m.SetWeights(0, dense(ref.Dense.W), ref.Dense.B); err != nil {
					t.Fatal(err)
				}
				out := must[*Tensor](t)(m.Forward(ref.Dense.X, false))
				got := out.Matrix()
				if name == "log_softmax" {
					got.Apply(func(_, _ int, v float64) float64 { return math.Log(v) }, got)
				}
				checkMatrix(t, name, got, want, tolerance(p.f64))
			})
		}
	}
}

func TestLossesMatchReference(t *testing.T) {
	ref := loadReference(t)
	l := ref.Losses
	cases := []struct {
		name       string
		loss       string
		truth      any
		pred       [][]float64
		fromLogits bool
		want       float64
		grad       [][]float64
	}{
		{"mse", "mse", l.MSE.Target, l.MSE.Pred, false, l.MSE.Loss, l.MSE.Grad},
		{"sparse", "sparse_categorical_crossentropy", l.Sparse.Labels, l.Sparse.Logits, true, l.Sparse.Loss, l.Sparse.GradZ},
		{"bce", "binary_crossentropy", l.BCE.Target, l.BCE.Logits, true, l.BCE.Loss, l.BCE.GradZ},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			truth := c.truth
			if rows, ok := truth.([]any); ok {
				truth = toRows(rows)
			}
			loss, grad, err := LossGrad(c.loss, truth, c.pred, c.fromLogits)
			if err != nil {
				t.Fatal(err)
			}
			if !closeTo(loss, c.want, 1e-12) {
				t.Errorf("loss = %.15g, want %.15g", loss, c.want)
			}
			checkMatrix(t, "gradient", grad.Matrix(), c.grad, 1e-12)
		})
	}
	t.Run("uniform", func(t *testing.T) {
		_, _, err := LossGrad("sparse_categorical_crossentropy", []int{3, 7}, make([]float64, 20), true)
		if err == nil {
			t.Fatal("a 20-vector taken as 20 samples of one class should fail for label 3")
		}
		z := MustTensor(NewTensor(make([]float64, 20), 2, 10))
		loss, _, err := LossGrad("sparse_categorical_crossentropy", []int{3, 7}, z, true)
		if err != nil {
			t.Fatal(err)
		}
		if !closeTo(loss, l.Uniform, 1e-15) {
			t.Errorf("uniform loss = %.16g, want %.16g", loss, l.Uniform)
		}
	})
}

// toRows converts decoded JSON arrays of arrays to [][]float64.
func toRows(rows []any) [][]float64 {
	out := make([][]float64, len(rows))
	for i, r := range rows {
		for _, v := range r.([]any) {
			out[i] = append(out[i], v.(float64))
		}
	}
	return out
}

// refModel builds the fixtures' two-layer MLP with their weights.
func refModel(t *testing.T, r refMLP, f64 bool) *Sequential {
	t.Helper()
	m := NewSequentialWith(ModelOptions{Float64: f64}, Input(4), Dense(5, r.Hidden), Dense(3, r.Output))
	if err := m.Build(); err != nil {
		t.Fatal(err)
	}
	if err := m.SetWeights(0, dense(r.W1), r.B1); err != nil {
		t.Fatal(err)
	}
	if err := m.SetWeights(1, dense(r.W2), r.B2); err != nil {
		t.Fatal(err)
	}
	return m
}

// truth returns the fixture case's labels or targets.
func (r refMLP) truth() any {
	if r.Labels != nil {
		return r.Labels
	}
	return r.Target
}

func (r refMLP) lossName() string {
	if r.Loss == "mse" {
		return "mse"
	}
	return "sparse_categorical_crossentropy"
}

func TestBackwardMatchesReference(t *testing.T) {
	ref := loadReference(t)
	for _, p := range precisions {
		for _, r := range ref.MLP {
			t.Run(fmt.Sprintf("%s/%s-%s", p.name, r.Hidden, r.Output), func(t *testing.T) {
				tol := tolerance(p.f64)
				m := refModel(t, r, p.f64)
				if err := m.Compile(SGD(0.1), r.lossName()); err != nil {
					t.Fatal(err)
				}
				if _, err := m.Forward(r.X, true); err != nil {
					t.Fatal(err)
				}
				checkMatrix(t, "logits", must[*mat.Dense](t)(m.PreActivation(1)), r.Logits, tol)
				loss := must[float64](t)(m.Loss(r.truth()))
				if !closeTo(loss, r.Value, tol) {
					t.Errorf("loss = %.12g, want %.12g", loss, r.Value)
				}
				if err := m.Backward(); err != nil {
					t.Fatal(err)
				}
				checkMatrix(t, "grad_w1", must[*mat.Dense](t)(m.KernelGrad(0)), r.GW1, tol)
				checkVector(t, "grad_b1", must[*mat.Dense](t)(m.BiasGrad(0)), r.GB1, tol)
				checkMatrix(t, "grad_w2", must[*mat.Dense](t)(m.KernelGrad(1)), r.GW2, tol)
				checkVector(t, "grad_b2", must[*mat.Dense](t)(m.BiasGrad(1)), r.GB2, tol)
			})
		}
	}
}

// optimizerFromParams builds the optimizer a fixture names.
func optimizerFromParams(t *testing.T, name string, p map[string]any) Optimizer {
	num := func(k string) float64 {
		v, _ := p[k].(float64)
		return v
	}
	o := Optimizer{LearningRate: num("lr"), Momentum: num("momentum"), Beta1: num("beta1"), Beta2: num("beta2"),
		Epsilon: num("eps"), WeightDecay: num("weight_decay"), Rho: num("alpha")}
	o.Nesterov, _ = p["nesterov"].(bool)
	switch name {
	case "sgd", "sgd_momentum", "sgd_nesterov":
		o.Name = "sgd"
	case "adam", "adamw", "rmsprop":
		o.Name = name
	default:
		t.Fatalf("unknown optimizer fixture %q", name)
	}
	return o
}

func TestOptimizerTrajectoriesMatchReference(t *testing.T) {
	ref := loadReference(t)
	start := ref.MLP[0]
	for _, p := range precisions {
		for name, raw := range ref.Optimizers {
			var want refOptimizer
			if json.Unmarshal(raw, &want) != nil || want.W1 == nil {
				continue // "about", "steps"
			}
			t.Run(p.name+"/"+name, func(t *testing.T) {
				tol := tolerance(p.f64)
				m := refModel(t, start, p.f64)
				if err := m.Compile(optimizerFromParams(t, name, want.Params), "sparse_categorical_crossentropy"); err != nil {
					t.Fatal(err)
				}
				for step, wantLoss := range want.Losses {
					loss := must[float64](t)(m.TrainStep(start.X, start.Labels))
					if !closeTo(loss, wantLoss, tol) {
						t.Errorf("step %d: loss = %.12g, want %.12g", step, loss, wantLoss)
					}
				}
				checkMatrix(t, "w1", must[*mat.Dense](t)(m.Kernel(0)), want.W1, tol)
				checkVector(t, "b1", must[*mat.Dense](t)(m.Bias(0)), want.B1, tol)
				checkMatrix(t, "w2", must[*mat.Dense](t)(m.Kernel(1)), want.W2, tol)
				checkVector(t, "b2", must[*mat.Dense](t)(m.Bias(1)), want.B2, tol)
			})
		}
	}
}

func TestGradientDescentWalkthroughMatchesReference(t *testing.T) {
	ref := loadReference(t)
	gd := ref.GD
	m := NewSequentialWith(ModelOptions{Float64: true}, Input(1), DenseWith(DenseOptions{Units: 1, NoBias: true}))
	if err := m.Build(); err != nil {
		t.Fatal(err)
	}
	if err := m.SetWeights(0, mat.NewDense(1, 1, []float64{0}), nil); err != nil {
		t.Fatal(err)
	}
	if err := m.Compile(GD(gd.LR), "mse"); err != nil {
		t.Fatal(err)
	}
	for i, want := range gd.Steps {
		theta := must[*mat.Dense](t)(m.Kernel(0)).At(0, 0)
		if !closeTo(theta, want.Theta, 1e-12) {
			t.Errorf("step %d: theta = %.15g, want %.15g", i, theta, want.Theta)
		}
		if _, err := m.Forward(gd.X, true); err != nil {
			t.Fatal(err)
		}
		loss := must[float64](t)(m.Loss(gd.Y))
		if !closeTo(loss, want.Loss, 1e-12) {
			t.Errorf("step %d: loss = %.15g, want %.15g", i, loss, want.Loss)
		}
		if err := m.Backward(); err != nil {
			t.Fatal(err)
		}
		grad := must[*mat.Dense](t)(m.KernelGrad(0)).At(0, 0)
		if !closeTo(grad, want.Grad, 1e-12) {
			t.Errorf("step %d: grad = %.15g, want %.15g", i, grad, want.Grad)
		}
		if err := m.Step(); err != nil {
			t.Fatal(err)
		}
	}
	// The same descent through Fit: full batch, no shuffling needed.
	f := NewSequentialWith(ModelOptions{Float64: true}, Input(1), DenseWith(DenseOptions{Units: 1, NoBias: true, KernelInitializer: "zeros"}))
	if err := f.Compile(GD(gd.LR), "mse"); err != nil {
		t.Fatal(err)
	}
	h, err := f.Fit(gd.X, gd.Y, FitOptions{Epochs: len(gd.Steps), Verbose: VerboseSilent})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range gd.Steps {
		if got := h.Metrics["loss"][i]; !closeTo(got, want.Loss, 1e-12) {
			t.Errorf("Fit epoch %d: loss = %.15g, want %.15g", i+1, got, want.Loss)
		}
	}
}
