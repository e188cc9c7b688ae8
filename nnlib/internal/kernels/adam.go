package kernels

import (
	"fmt"
	"math"
)

// AdamHyper holds the constants of one Adam step, precomputed in the form
// PyTorch uses. For each parameter p with gradient g and moments m, v:
//
//	m = β1·m + (1−β1)·g
//	v = β2·v + (1−β2)·g²
//	p = p·Decay − Step·m / (√v·Bc2Rsqrt + Eps)
//
// with Step = lr/(1−β1ᵗ), Bc2Rsqrt = 1/√(1−β2ᵗ) at step t (counted from 1),
// and Decay = 1−lr·λ for AdamW's decoupled weight decay λ, or 1 for Adam.
// NewAdamHyper fills it from the usual hyper-parameters.
type AdamHyper struct {
	Beta1, Beta2 float32 // moment decay rates β1, β2, in [0, 1)
	Eps          float32 // ε added to the denominator
	Step         float32 // lr/(1−β1ᵗ)
	Bc2Rsqrt     float32 // 1/√(1−β2ᵗ)
	Decay        float32 // 1−lr·λ, or 1 without weight decay
}

// NewAdamHyper computes the constants for step t (t ≥ 1) of Adam with
// learning rate lr, decay rates beta1 and beta2, epsilon eps and decoupled
// weight decay wd (AdamW; 0 for plain Adam). The powers are taken in
// float64, as PyTorch does, and rounded to float32 once.
func NewAdamHyper(lr, beta1, beta2, eps, wd float64, t int) AdamHyper {
	bc1 := 1 - math.Pow(beta1, float64(t))
	bc2 := 1 - math.Pow(beta2, float64(t))
	return AdamHyper{
		Beta1:    float32(beta1),
		Beta2:    float32(beta2),
		Eps:      float32(eps),
		Step:     float32(lr / bc1),
		Bc2Rsqrt: float32(1 / math.Sqrt(bc2)),
		Decay:    float32(1 - lr*wd),
	}
}

// Adam32 applies one Adam step (see AdamHyper) to the parameters p, given
// their gradients g, updating the first and second moments m and v in
// place. All four slices must have the same length; Adam32 panics
// otherwise. g is only read. The slices must not overlap.
//
// The assembly versions take subnormal numbers (below 1.2e-38, reached by
// the moments of weights whose inputs are seldom nonzero) as zero and
// flush subnormal results to zero: on x86 each operation on them is tens
// of times slower, and at that size they change no parameter.
func Adam32(p, g, m, v []float32, h AdamHyper) {
	if len(g) != len(p) || len(m) != len(p) || len(v) != len(p) {
		panic(fmt.Sprintf("kernels.Adam32: lengths differ: len(p)=%d len(g)=%d len(m)=%d len(v)=%d",
			len(p), len(g), len(m), len(v)))
	}
	active.adam32(p, g, m, v, h)
}
