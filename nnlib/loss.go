package nnlib

import (
	"fmt"
	"math"
	"strings"
)

// lossKind is a loss function. Every loss is a mean: over all N·D
// elements for MSE and binary cross-entropy, over the N samples for the
// categorical ones (Keras's "sum_over_batch_size", PyTorch's "mean").
type lossKind uint8

const (
	lossMSE      lossKind = iota + 1 // mean((ŷ−y)²); ∂/∂ŷ = 2(ŷ−y)/(N·D)
	lossSparseCE                     // labels; −mean log softmax(z)_y; ∂/∂z = (p − onehot(y))/N
	lossCE                           // one-hot (or soft) targets; ∂/∂z = (p·Σy − y)/N
	lossBCE                          // targets in [0,1]; ∂/∂z = (σ(z) − y)/(N·D)
)

// lossNames maps the accepted names (Keras's and short forms) to losses.
var lossNames = map[string]lossKind{
	"mse":                             lossMSE,
	"mean_squared_error":              lossMSE,
	"sparse_categorical_crossentropy": lossSparseCE,
	"categorical_crossentropy":        lossCE,
	"binary_crossentropy":             lossBCE,
}

func (k lossKind) String() string {
	switch k {
	case lossMSE:
		return "mse"
	case lossSparseCE:
		return "sparse_categorical_crossentropy"
	case lossCE:
		return "categorical_crossentropy"
	case lossBCE:
		return "binary_crossentropy"
	}
	return "none"
}

// parseLoss maps a Keras loss name to a loss.
func parseLoss(name string) (lossKind, error) {
	if k, ok := lossNames[strings.ToLower(name)]; ok {
		return k, nil
	}
	return 0, fmt.Errorf("unknown loss %q (want mse, sparse_categorical_crossentropy, categorical_crossentropy or binary_crossentropy)", name)
}

// probEpsilon clips probabilities away from 0 and 1 when a cross-entropy
// is computed from probabilities rather than logits, as Keras does.
const probEpsilon = 1e-7

// target is the truth for one batch: class labels (sparse
// cross-entropy) or a matrix shaped like the model's output.
type target[T float] struct {
	labels []int
	y      matrix[T]
}

// lossMode says what the values handed to lossGrad are.
type lossMode uint8

const (
	modeOutput lossMode = iota // the model's output (probabilities for cross-entropies)
	modeLogits                 // logits z; p (if given) holds softmax(z) or σ(z)
)

// lossGrad returns the mean loss of the batch x against t and writes its
// gradient with respect to x into g (same shape as x). In modeLogits, x
// holds logits and p, when not nil, the already computed softmax (or
// sigmoid) of x, which saves recomputing it.
func lossGrad[T float](kind lossKind, mode lossMode, x matrix[T], p []T, t target[T], g []T) float64 {
	switch {
	case kind == lossMSE:
		return mseGrad(x, t.y, g)
	case kind == lossBCE && mode == modeLogits:
		return bceLogitsGrad(x, p, t.y, g)
	case kind == lossBCE:
		return bceProbGrad(x, t.y, g)
	case mode == modeLogits:
		return ceLogitsGrad(kind, x, p, t, g)
	}
	return ceProbGrad(kind, x, t, g)
}

// mseGrad: L = mean((x−y)²), ∂L/∂x = 2(x−y)/(N·D).
func mseGrad[T float](x, y matrix[T], g []T) float64 {
	n := x.rows * x.cols
	scale := 2 / float64(n)
	var sum float64
	for i, v := range x.data[:n] {
		d := float64(v) - float64(y.data[i])
		sum += d * d
		g[i] = T(scale * d)
	}
	return sum / float64(n)
}

// ceLogitsGrad is cross-entropy on logits: per row
// L_i = Σ_j y_ij·(lse_i − z_ij) with lse_i = log Σ_j e^z_ij (so −log softmax),
// and ∂L/∂z_ij = (p_ij·Σ_j y_ij − y_ij)/N with p = softmax(z); y is
// one-hot for sparse labels, where this is (p − onehot)/N.
func ceLogitsGrad[T float](kind lossKind, z matrix[T], p []T, t target[T], g []T) float64 {
	n, c := z.rows, z.cols
	inv := 1 / float64(n)
	var sum float64
	for r := range n {
		zr, gr := z.data[r*c:(r+1)*c], g[r*c:(r+1)*c]
		lse := logSumExp(zr)
		var pr []T
		if p != nil {
			pr = p[r*c : (r+1)*c]
		}
		if kind == lossSparseCE {
			y := t.labels[r]
			sum += lse - float64(zr[y])
			for j := range zr {
				gr[j] = T(prob(pr, zr, j, lse) * inv)
			}
			gr[y] -= T(inv)
			continue
		}
		yr := t.y.data[r*c : (r+1)*c]
		var ysum float64
		for j, yv := range yr {
			ysum += float64(yv)
			sum += float64(yv) * (lse - float64(zr[j]))
		}
		for j := range zr {
			gr[j] = T((prob(pr, zr, j, lse)*ysum - float64(yr[j])) * inv)
		}
	}
	return sum * inv
}

// prob returns softmax(z)_j, from p when the forward pass computed it.
func prob[T float](p, z []T, j int, lse float64) float64 {
	if p != nil {
		return float64(p[j])
	}
	return math.Exp(float64(z[j]) - lse)
}

// ceProbGrad is cross-entropy on probabilities (an output that is not a
// softmax): L_i = −Σ_j y_j log clip(x_j), clip to [ε, 1−ε] with ε = 1e-7;
// the gradient is −y_j/(x_j·N) inside the clip range and 0 outside.
func ceProbGrad[T float](kind lossKind, x matrix[T], t target[T], g []T) float64 {
	n, c := x.rows, x.cols
	inv := 1 / float64(n)
	var sum float64
	clear(g[:n*c])
	for r := range n {
		xr, gr := x.data[r*c:(r+1)*c], g[r*c:(r+1)*c]
		for j := range xr {
			var y float64
			if kind == lossSparseCE {
				if j == t.labels[r] {
					y = 1
				}
			} else {
				y = float64(t.y.data[r*c+j])
			}
			if y == 0 {
				continue
			}
			pv, inside := clipProb(float64(xr[j]))
			sum -= y * math.Log(pv)
			if inside {
				gr[j] = T(-y / pv * inv)
			}
		}
	}
	return sum * inv
}

// bceLogitsGrad: per element L = max(z,0) − z·y + log(1+e^−|z|) (stable for
// any z), ∂L/∂z = (σ(z) − y)/(N·D).
func bceLogitsGrad[T float](z matrix[T], p []T, y matrix[T], g []T) float64 {
	n := z.rows * z.cols
	inv := 1 / float64(n)
	var sum float64
	for i, zv := range z.data[:n] {
		zf, yf := float64(zv), float64(y.data[i])
		sum += max(zf, 0) - zf*yf + math.Log1p(math.Exp(-math.Abs(zf)))
		s := sigmoid(zf)
		if p != nil {
			s = float64(p[i])
		}
		g[i] = T((s - yf) * inv)
	}
	return sum * inv
}

// bceProbGrad: L = −mean(y log p + (1−y) log(1−p)) with p clipped to
// [ε, 1−ε]; ∂L/∂p = (p−y)/(p(1−p)·N·D) inside the clip range, 0 outside.
func bceProbGrad[T float](x, y matrix[T], g []T) float64 {
	n := x.rows * x.cols
	inv := 1 / float64(n)
	var sum float64
	for i, xv := range x.data[:n] {
		p, inside := clipProb(float64(xv))
		yf := float64(y.data[i])
		sum -= yf*math.Log(p) + (1-yf)*math.Log(1-p)
		g[i] = 0
		if inside {
			g[i] = T((p - yf) / (p * (1 - p)) * inv)
		}
	}
	return sum * inv
}

// clipProb clips p to [ε, 1−ε] and reports whether it was inside.
func clipProb(p float64) (float64, bool) {
	switch {
	case p < probEpsilon || math.IsNaN(p):
		return probEpsilon, false
	case p > 1-probEpsilon:
		return 1 - probEpsilon, false
	}
	return p, true
}

// LossGrad computes a loss and its gradient outside any model, for lessons
// that compare losses and for checks. name is a loss Compile accepts;
// yTrue holds labels ([]int, or a vector tensor) for
// "sparse_categorical_crossentropy" and otherwise values shaped like
// yPred. With fromLogits, yPred holds logits (the cross-entropies apply
// softmax, or for binary cross-entropy the sigmoid, themselves) and the
// gradient is with respect to the logits; otherwise yPred holds the
// predictions themselves (probabilities for cross-entropies). The gradient
// has yPred's shape; the loss is a mean (see Compile).
func LossGrad(name string, yTrue, yPred any, fromLogits bool) (float64, *Tensor, error) {
	kind, err := parseLoss(name)
	if err != nil {
		return 0, nil, fmt.Errorf("nnlib: LossGrad: %w", err)
	}
	pred, err := AsTensor(yPred)
	if err != nil {
		return 0, nil, fmt.Errorf("nnlib: LossGrad: predictions: %w", err)
	}
	if err := pred.checkFinite("predictions"); err != nil {
		return 0, nil, err
	}
	x := matrix[float64]{pred.Len(), pred.sampleSize(), pred.Float64s()}
	if x.rows == 0 {
		return 0, nil, fmt.Errorf("nnlib: LossGrad: no predictions")
	}
	truth, err := toTargets(kind, yTrue, x.rows, x.cols)
	if err != nil {
		return 0, nil, fmt.Errorf("nnlib: LossGrad: %w", err)
	}
	t := target[float64]{labels: truth.labels}
	if truth.y != nil {
		t.y = matrix[float64]{x.rows, x.cols, truth.y.Float64s()}
	}
	mode := modeOutput
	if fromLogits {
		mode = modeLogits
	}
	g := make([]float64, x.rows*x.cols)
	loss := lossGrad(kind, mode, x, nil, t, g)
	gt, _ := NewTensor(g, pred.shape...)
	return loss, gt, nil
}
