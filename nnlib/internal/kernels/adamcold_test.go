package kernels

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkAdam32Cold is BenchmarkAdam32 with the caches flushed before
// each call by 4 MiB of other traffic, as in a training step where the
// products have run in between.
func BenchmarkAdam32Cold(b *testing.B) {
	rng := rand.New(rand.NewPCG(2, 2))
	other := make([]float32, 1<<20)
	for _, s := range impls() {
		b.Run(s.name, func(b *testing.B) {
			p, g := randomSlice(rng, mlpParams), randomSlice(rng, mlpParams)
			m, v := make([]float32, mlpParams), make([]float32, mlpParams)
			h := NewAdamHyper(1e-3, 0.9, 0.999, 1e-8, 0, 10)
			for b.Loop() {
				b.StopTimer()
				for i := range other {
					other[i]++
				}
				b.StartTimer()
				s.adam32(p, g, m, v, h)
			}
		})
	}
}
