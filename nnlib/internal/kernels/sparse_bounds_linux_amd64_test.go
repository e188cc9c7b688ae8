//go:build !purego

package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestSparseKernelsStayInsideSlices runs the sparse kernels on matrices
// that end at a guard page, with ragged k, m and panel widths.
func TestSparseKernelsStayInsideSlices(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	shapes := []gemmShape{{"n7", 5, 21, 7}, {"n100", 3, 35, 100}, {"k1", 17, 1, 16}, {"m13", 13, 9, 245}}
	for name, g := range asmSets() {
		for _, sh := range shapes {
			for _, tA := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%s/%s", name, sh.name, transName(tA, false, true)), func(t *testing.T) {
					m, n, k := sh.m, sh.n, sh.k
					ar, ac, br, bc := storedShapes(tA, false, m, n, k)
					a, b, c := guarded(t, ar*ac), guarded(t, br*bc), guarded(t, m*n)
					for i := range a {
						if rng.IntN(3) == 0 {
							a[i] = float32(rng.NormFloat64())
						}
					}
					for i := range b {
						b[i] = float32(rng.NormFloat64())
					}
					g.sparse.f32(tA, m, n, k, a, ac, b, bc, c, n, true)
					_ = g.sparse.count(ar, ac, &a[0], ac)
				})
			}
		}
	}
}
