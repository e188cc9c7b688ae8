//go:build !purego

package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// asmSets maps the available assembly kernel sets to their GEMM drivers.
func asmSets() map[string]*asmGemm {
	sets := map[string]*asmGemm{}
	for _, s := range impls() {
		switch s {
		case avx512:
			sets[s.name] = gemmAVX512
		case avx2:
			sets[s.name] = gemmAVX2
		}
	}
	return sets
}

// TestSparseKernels runs the sparse-A kernels directly, whatever F32
// would choose, on A of several densities (0 gives all-zero rows), every
// panel tier (245 = 128+64+32+16+5 columns for AVX-512) and ragged k.
func TestSparseKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	shapes := []gemmShape{
		{"mnist", 32, 784, 128},
		{"tiers", 9, 37, 245},
		{"narrow", 5, 16, 7},
		{"kTail", 3, 21, 40},
		{"one", 1, 1, 1},
		{"wide", 2, 3, 300},
	}
	for name, g := range asmSets() {
		sparse := func(tA, tB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool) {
			g.sparse.f32(tA, m, n, k, a, lda, b, ldb, c, ldc, acc)
		}
		for _, sh := range shapes {
			for _, density := range []float64{0, 0.05, 0.2, 1} {
				for _, tA := range []bool{false, true} {
					for _, acc := range []bool{false, true} {
						t.Run(fmt.Sprintf("%s/%s/d%v/%s", name, sh.name, density, transName(tA, false, acc)), func(t *testing.T) {
							checkProduct(t, rng, sparse, sh, tA, false, acc, density)
						})
					}
				}
			}
		}
	}
}

// TestSparseChoice checks when F32 takes the sparse kernels: for large
// products whose A is mostly zeros and whose B is not transposed.
func TestSparseChoice(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for name, g := range asmSets() {
		for _, tt := range []struct {
			tA, tB  bool
			m, k, n int
			density float64
			want    bool
		}{
			{false, false, 32, 784, 128, 0.19, true}, // MNIST X·W1
			{true, false, 784, 32, 128, 0.19, true},  // MNIST Xᵀ·dH
			{false, false, 32, 784, 128, 1, false},   // dense
			{false, false, 32, 784, 128, 0.5, false}, // half full
			{false, false, 32, 784, 128, 0.37, true}, // NN gains even here
			{true, false, 784, 32, 128, 0.37, false}, // TN no longer
			{false, true, 32, 784, 128, 0.19, false}, // transposed B
			{false, false, 32, 128, 10, 0.19, false}, // small
		} {
			ar, ac, _, _ := storedShapes(tt.tA, tt.tB, tt.m, tt.n, tt.k)
			a := newSparseMatrix(rng, ar, ac, 0, tt.density)
			if got := g.sparse.worthIt(tt.tA, tt.tB, tt.m, tt.n, tt.k, a.view(), a.ld, tt.n); got != tt.want {
				t.Errorf("%s: sparse for %+v = %v, want %v", name, tt, got, tt.want)
			}
		}
	}
}

func TestNonzeroCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	for name, g := range asmSets() {
		for _, sh := range [][2]int{{1, 1}, {3, 17}, {32, 784}, {5, 8}, {7, 33}} {
			x := newSparseMatrix(rng, sh[0], sh[1], 2, 0.3)
			want := 0
			for i := range sh[0] {
				for j := range sh[1] {
					if x.at(i, j) != 0 {
						want++
					}
				}
			}
			if got := g.sparse.count(sh[0], sh[1], &x.view()[0], x.ld); got != want {
				t.Errorf("%s: %d nonzeros in %v, want %d", name, got, sh, want)
			}
		}
	}
}

func TestTranspose(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 30))
	for name, g := range asmSets() {
		for _, sh := range [][2]int{{16, 16}, {32, 48}, {8, 8}, {17, 33}, {5, 3}, {64, 16}, {1, 40}} {
			rows, cols := sh[0], sh[1]
			src := newMatrix(rng, rows, cols, 3)
			ldd := rows + 2
			dst := make([]float32, cols*ldd)
			for i := range dst {
				dst[i] = sentinel
			}
			g.sparse.transpose(dst, ldd, src.view(), src.ld, rows, cols)
			for j := range cols {
				for i := range ldd {
					want := sentinel
					if i < rows {
						want = src.at(i, j)
					}
					if got := dst[j*ldd+i]; got != want {
						t.Fatalf("%s %dx%d: dst[%d][%d] = %v, want %v", name, rows, cols, j, i, got, want)
					}
				}
			}
		}
	}
}
