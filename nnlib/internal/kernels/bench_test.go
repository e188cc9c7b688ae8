package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// mlpProducts are the five products of one training step of the seed MLP
// (784→128→10, batch 32), with the transposes nnlib uses; the two with X
// as A again with X as sparse as MNIST's images (19% nonzero pixels).
var mlpProducts = []struct {
	name    string
	tA, tB  bool
	m, k, n int
	density float64 // of A's nonzero elements
}{
	{"fwd1_X·W1_32x784x128", false, false, 32, 784, 128, 1},
	{"fwd2_H·W2_32x128x10", false, false, 32, 128, 10, 1},
	{"dW2_Hᵀ·dZ_128x32x10", true, false, 128, 32, 10, 1},
	{"dH_dZ·W2ᵀ_32x10x128", false, true, 32, 10, 128, 1},
	{"dW1_Xᵀ·dH_784x32x128", true, false, 784, 32, 128, 1},
	{"fwd1_mnist_X·W1_32x784x128", false, false, 32, 784, 128, mnistDensity},
	{"dW1_mnist_Xᵀ·dH_784x32x128", true, false, 784, 32, 128, mnistDensity},
}

// mnistDensity is the fraction of nonzero pixels in MNIST's training set.
const mnistDensity = 0.19

// randomSlice returns n values ~N(0,1).
func randomSlice(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return x
}

func BenchmarkF32(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, s := range impls() {
		for _, p := range mlpProducts {
			b.Run(s.name+"/"+p.name, func(b *testing.B) {
				ar, ac, br, bc := storedShapes(p.tA, p.tB, p.m, p.n, p.k)
				a := newSparseMatrix(rng, ar, ac, 0, p.density).view()
				bm, c := randomSlice(rng, br*bc), make([]float32, p.m*p.n)
				for b.Loop() {
					s.f32(p.tA, p.tB, p.m, p.n, p.k, a, ac, bm, bc, c, p.n, false)
				}
				b.ReportMetric(2*float64(p.m*p.n*p.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// mlpParams is the parameter count of the seed MLP: 784·128+128+128·10+10.
const mlpParams = 784*128 + 128 + 128*10 + 10

// BenchmarkAdam32 times one Adam step over the seed MLP's parameters,
// warm (in cache, as in a loop of Adam alone) and cold (after 4 MiB of other
// traffic, as in a training step where the products ran in between).
func BenchmarkAdam32(b *testing.B) {
	rng := rand.New(rand.NewPCG(2, 2))
	other := make([]float32, 1<<20)
	for _, s := range impls() {
		for _, cold := range []bool{false, true} {
			b.Run(s.name+map[bool]string{false: "/warm", true: "/cold"}[cold], func(b *testing.B) {
				p, g := randomSlice(rng, mlpParams), randomSlice(rng, mlpParams)
				m, v := make([]float32, mlpParams), make([]float32, mlpParams)
				h := NewAdamHyper(1e-3, 0.9, 0.999, 1e-8, 0, 10)
				for b.Loop() {
					if cold {
						b.StopTimer()
						for i := range other {
							other[i]++
						}
						b.StartTimer()
					}
					s.adam32(p, g, m, v, h)
				}
				// Adam reads p, g, m, v and writes p, m, v.
				b.ReportMetric(7*4*mlpParams*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
			})
		}
	}
}

// TestNoAllocation checks that the kernels allocate nothing, whichever
// path they take: the training loop calls them thousands of times a second.
func TestNoAllocation(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	a, b, c := randomSlice(rng, mlpParams), randomSlice(rng, mlpParams), randomSlice(rng, mlpParams)
	for _, s := range impls() {
		for _, sh := range gemmShapes {
			for _, tA := range []bool{false, true} {
				for _, tB := range []bool{false, true} {
					m, n, k := sh.m, sh.n, sh.k
					if m*n*k > 100000 && s == generic {
						continue // slow, and the same code as the small shapes
					}
					_, ac, _, bc := storedShapes(tA, tB, m, n, k)
					lda, ldb := max(ac, 1), max(bc, 1)
					allocs := testing.AllocsPerRun(3, func() {
						s.f32(tA, tB, m, n, k, a, lda, b, ldb, c, max(n, 1), true)
					})
					if allocs != 0 {
						t.Errorf("%s %s %s: %v allocations per call", s.name, sh.name, transName(tA, tB, true), allocs)
					}
				}
			}
		}
		p, g, m, v := a[:mlpParams], b[:mlpParams], c[:mlpParams], make([]float32, mlpParams)
		if allocs := testing.AllocsPerRun(3, func() {
			s.adam32(p, g, m, v, AdamHyper{Beta1: 0.9, Beta2: 0.999, Step: 1e-3, Bc2Rsqrt: 1, Decay: 1, Eps: 1e-8})
		}); allocs != 0 {
			t.Errorf("%s Adam32: %v allocations per call", s.name, allocs)
		}
	}
	if allocs := testing.AllocsPerRun(3, func() { F32(false, true, 32, 128, 10, a, 10, b, 10, c, 128, false) }); allocs != 0 {
		t.Errorf("F32: %v allocations per call", allocs)
	}
}

// TestConcurrentCalls runs the step's products from several goroutines at
// once, dense and sparse, and checks each against the same product run
// alone: the kernels share no scratch.
func TestConcurrentCalls(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	type job struct {
		tA, tB  bool
		m, n, k int
		a, b    []float32
		want    []float32
	}
	var jobs []*job
	for _, p := range mlpProducts {
		ar, ac, br, bc := storedShapes(p.tA, p.tB, p.m, p.n, p.k)
		j := &job{tA: p.tA, tB: p.tB, m: p.m, n: p.n, k: p.k,
			a: newSparseMatrix(rng, ar, ac, 0, p.density).view(), b: randomSlice(rng, br*bc)}
		j.want = make([]float32, p.m*p.n)
		F32(j.tA, j.tB, j.m, j.n, j.k, j.a, ac, j.b, bc, j.want, j.n, false)
		jobs = append(jobs, j)
	}
	errs := make(chan string, 4*len(jobs))
	done := make(chan bool)
	for g := range 4 {
		go func() {
			defer func() { done <- true }()
			for r := range 20 {
				j := jobs[(g+r)%len(jobs)]
				_, ac, _, bc := storedShapes(j.tA, j.tB, j.m, j.n, j.k)
				c := make([]float32, j.m*j.n)
				F32(j.tA, j.tB, j.m, j.n, j.k, j.a, ac, j.b, bc, c, j.n, false)
				for i := range c {
					if c[i] != j.want[i] {
						errs <- fmt.Sprintf("goroutine %d: %dx%dx%d differs at %d: %v, alone %v", g, j.m, j.k, j.n, i, c[i], j.want[i])
						return
					}
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
