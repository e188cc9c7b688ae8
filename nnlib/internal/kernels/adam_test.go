package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// adamRef is one element of an Adam step in float64: the expected value
// of each output and the size of the terms it sums, which bounds the
// float32 rounding error when the terms nearly cancel.
type adamRef struct{ p, m, v, pScale, mScale float64 }

// refAdam is one Adam step in float64 from the same float32 inputs.
func refAdam(p, g, m, v []float32, h AdamHyper) []adamRef {
	b1, b2 := float64(h.Beta1), float64(h.Beta2)
	out := make([]adamRef, len(p))
	for i := range p {
		gi := float64(g[i])
		r := &out[i]
		r.m = b1*float64(m[i]) + (1-b1)*gi
		r.mScale = math.Abs(b1*float64(m[i])) + math.Abs((1-b1)*gi)
		r.v = b2*float64(v[i]) + (1-b2)*gi*gi
		den := math.Sqrt(r.v)*float64(h.Bc2Rsqrt) + float64(h.Eps)
		r.p = float64(p[i])*float64(h.Decay) - float64(h.Step)*r.m/den
		r.pScale = math.Abs(float64(p[i])*float64(h.Decay)) + math.Abs(float64(h.Step)*r.mScale/den)
	}
	return out
}

// relErr is |got−want| relative to scale.
func relErr(got float32, want, scale float64) float64 {
	return math.Abs(float64(got)-want) / scale
}

func TestAdam32AgainstFloat64(t *testing.T) {
	hypers := []struct {
		name string
		h    AdamHyper
	}{
		{"first step", NewAdamHyper(1e-3, 0.9, 0.999, 1e-8, 0, 1)},
		{"step 1000", NewAdamHyper(1e-3, 0.9, 0.999, 1e-8, 0, 1000)},
		{"adamw", NewAdamHyper(3e-3, 0.8, 0.99, 1e-7, 0.01, 17)},
	}
	// Lengths cover empty, shorter than a vector, odd tails and one
	// longer than any unrolled loop.
	lengths := []int{0, 1, 7, 15, 16, 17, 31, 33, 64, 100, 1037}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, s := range impls() {
		for _, hc := range hypers {
			for _, n := range lengths {
				p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
				for i := range n {
					p[i] = float32(rng.NormFloat64())
					g[i] = float32(rng.NormFloat64() * 0.1)
					m[i] = float32(rng.NormFloat64() * 0.01)
					v[i] = float32(rng.Float64() * 1e-3)
				}
				want := refAdam(p, g, m, v, hc.h)
				s.adam32(p, g, m, v, hc.h)
				for i, w := range want {
					if e := relErr(p[i], w.p, w.pScale); e > 2e-6 {
						t.Fatalf("%s/%s/n=%d: p[%d] = %v, want %v (rel %.2g)", s.name, hc.name, n, i, p[i], w.p, e)
					}
					if e := relErr(m[i], w.m, w.mScale); e > 2e-7 {
						t.Fatalf("%s/%s/n=%d: m[%d] = %v, want %v (rel %.2g)", s.name, hc.name, n, i, m[i], w.m, e)
					}
					if e := relErr(v[i], w.v, w.v); e > 5e-7 {
						t.Fatalf("%s/%s/n=%d: v[%d] = %v, want %v (rel %.2g)", s.name, hc.name, n, i, v[i], w.v, e)
					}
				}
			}
		}
	}
}

func TestNewAdamHyper(t *testing.T) {
	h := NewAdamHyper(0.001, 0.9, 0.999, 1e-8, 0.01, 2)
	want := AdamHyper{
		Beta1:    0.9,
		Beta2:    0.999,
		Eps:      1e-8,
		Step:     float32(0.001 / (1 - 0.81)),
		Bc2Rsqrt: float32(1 / math.Sqrt(1-0.998001)),
		Decay:    float32(1 - 0.001*0.01),
	}
	if h != want {
		t.Fatalf("NewAdamHyper = %+v, want %+v", h, want)
	}
}

// TestAdam32Subnormal checks the update of moments that have decayed
// below float32's normal range, which the assembly takes as zero: the
// parameters do not move, the moments stay tiny, and the floating-point
// mode is restored afterwards.
func TestAdam32Subnormal(t *testing.T) {
	const tiny = float32(1e-39) // subnormal
	for _, s := range impls() {
		n := 37
		p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range p {
			p[i], m[i], v[i] = 1, tiny, tiny
		}
		s.adam32(p, g, m, v, NewAdamHyper(1e-3, 0.9, 0.999, 1e-8, 0, 100))
		for i := range p {
			if math.Abs(float64(p[i])-1) > 1e-6 || m[i] < 0 || m[i] > tiny || v[i] < 0 || v[i] > tiny {
				t.Fatalf("%s: p, m, v = %v, %v, %v; want 1 and moments in [0, %v]", s.name, p[i], m[i], v[i], tiny)
			}
		}
		// Go code after the call still computes with subnormals.
		if halve(tiny) == 0 {
			t.Fatalf("%s: subnormal arithmetic flushed to zero after Adam32", s.name)
		}
	}
}

// halve returns x/2, computed at run time.
//
//go:noinline
func halve(x float32) float32 { return x * 0.5 }
