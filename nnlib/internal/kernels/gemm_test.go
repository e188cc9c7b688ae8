package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// gemmShape is one product to test: op(A) is m×k, op(B) is k×n.
type gemmShape struct {
	name    string
	m, k, n int
}

// gemmShapes are the products of the seed MLP (batch 32, 784→128→10) and
// shapes that exercise every ragged edge of the tiling.
var gemmShapes = []gemmShape{
	{"fwd1", 32, 784, 128},
	{"fwd2", 32, 128, 10},
	{"dW2", 128, 32, 10},
	{"dH", 32, 10, 128},
	{"dW1", 784, 32, 128},
	{"odd", 13, 37, 29},
	{"one", 1, 1, 1},
	{"tall", 67, 5, 3},
	{"wide", 3, 9, 97},
	{"longK", 9, 600, 33},
	{"kc+1", 17, 257, 48},
	{"tiles", 16, 64, 64},
	{"tiers15", 15, 20, 7}, // every row tier, narrow panel
	{"tiers10", 10, 3, 8},
	{"tiers23", 23, 11, 21}, // every row tier, ragged full panel
	{"m0", 0, 7, 5},
	{"n0", 6, 7, 0},
	{"k0", 6, 0, 5},
	{"all0", 0, 0, 0},
}

// matrix is a rows×cols view with row stride ld into data, which has
// padding around the view filled with a sentinel.
type matrix struct {
	rows, cols, ld, off int
	data                []float32
}

const sentinel = float32(-12345.5)

// newMatrix returns a rows×cols view with values ~N(0,1), pad extra
// elements per row and a padded border before and after.
func newMatrix(rng *rand.Rand, rows, cols, pad int) matrix {
	return newSparseMatrix(rng, rows, cols, pad, 1)
}

// newSparseMatrix is newMatrix with each element zero except with
// probability density.
func newSparseMatrix(rng *rand.Rand, rows, cols, pad int, density float64) matrix {
	ld := cols + pad
	off := pad + 3
	data := make([]float32, off+rows*ld+pad+5)
	for i := range data {
		data[i] = sentinel
	}
	for i := range rows {
		for j := range cols {
			data[off+i*ld+j] = 0
			if rng.Float64() < density {
				data[off+i*ld+j] = float32(rng.NormFloat64())
			}
		}
	}
	return matrix{rows, cols, max(ld, 1), off, data}
}

// at returns element (i, j) of the view.
func (x matrix) at(i, j int) float32 { return x.data[x.off+i*x.ld+j] }

// view returns the slice F32 receives: it starts at the view's first
// element and ends at its last.
func (x matrix) view() []float32 {
	if x.rows == 0 || x.cols == 0 {
		return x.data[x.off:x.off]
	}
	return x.data[x.off : x.off+(x.rows-1)*x.ld+x.cols]
}

// opAt returns element (i, p) of op(X).
func opAt(x matrix, trans bool, i, p int) float64 {
	if trans {
		return float64(x.at(p, i))
	}
	return float64(x.at(i, p))
}

// refGemm is the naive product op(A)·op(B) (+ C0) accumulated in float64.
func refGemm(tA, tB bool, m, n, k int, a, b, c0 matrix, acc bool) []float64 {
	out := make([]float64, m*n)
	for i := range m {
		for j := range n {
			var s float64
			for p := range k {
				s += opAt(a, tA, i, p) * opAt(b, tB, p, j)
			}
			if acc {
				s += float64(c0.at(i, j))
			}
			out[i*n+j] = s
		}
	}
	return out
}

// transName names a transpose combination for subtest names.
func transName(tA, tB, acc bool) string {
	s := map[bool]string{false: "N", true: "T"}
	a := map[bool]string{false: "set", true: "acc"}
	return s[tA] + s[tB] + "/" + a[acc]
}

func TestF32AgainstFloat64(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range impls() {
		for _, sh := range gemmShapes {
			for _, tA := range []bool{false, true} {
				for _, tB := range []bool{false, true} {
					for _, acc := range []bool{false, true} {
						name := fmt.Sprintf("%s/%s/%s", s.name, sh.name, transName(tA, tB, acc))
						t.Run(name, func(t *testing.T) {
							checkF32(t, rng, s, sh, tA, tB, acc)
						})
					}
				}
			}
		}
	}
}

// checkF32 runs one product on kernel set s with padded strides and
// compares it with refGemm; it also checks that nothing outside C's view
// was written.
func checkF32(t *testing.T, rng *rand.Rand, s *impl, sh gemmShape, tA, tB, acc bool) {
	checkProduct(t, rng, s.f32, sh, tA, tB, acc, 1)
}

// gemmFunc is the shape of F32 and of each kernel set's implementation.
type gemmFunc func(tA, tB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool)

// checkProduct runs one product through f, with an A whose elements are
// nonzero with probability density, and checks it as checkF32 does.
func checkProduct(t *testing.T, rng *rand.Rand, f gemmFunc, sh gemmShape, tA, tB, acc bool, density float64) {
	t.Helper()
	m, n, k := sh.m, sh.n, sh.k
	ar, ac, br, bc := storedShapes(tA, tB, m, n, k)
	a := newSparseMatrix(rng, ar, ac, 3, density)
	b := newMatrix(rng, br, bc, 5)
	c := newMatrix(rng, m, n, 2)
	want := refGemm(tA, tB, m, n, k, a, b, c, acc)
	before := append([]float32(nil), c.data...)

	checkGemm("F32", tA, tB, m, n, k, len(a.view()), a.ld, len(b.view()), b.ld, len(c.view()), c.ld)
	f(tA, tB, m, n, k, a.view(), a.ld, b.view(), b.ld, c.view(), c.ld, acc)

	var worst float64
	for i := range m {
		for j := range n {
			worst = max(worst, math.Abs(float64(c.at(i, j))-want[i*n+j]))
		}
	}
	if e := worst / math.Sqrt(float64(max(k, 1))); e > 1e-5 {
		t.Errorf("max |Δ|/√k = %.3g, want < 1e-5 (max |Δ| = %.3g)", e, worst)
	}
	for idx, x := range c.data {
		r, col := (idx-c.off)/c.ld, (idx-c.off)%c.ld
		inside := idx >= c.off && r < m && col < n
		if !inside && x != before[idx] {
			t.Fatalf("element %d outside the %d×%d view changed: %v → %v", idx, m, n, before[idx], x)
		}
	}
}

func TestF64AgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, sh := range gemmShapes {
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				for _, acc := range []bool{false, true} {
					t.Run(sh.name+"/"+transName(tA, tB, acc), func(t *testing.T) {
						checkF64(t, rng, sh, tA, tB, acc)
					})
				}
			}
		}
	}
}

// checkF64 runs F64 on float64 copies of padded float32 matrices and
// compares with refGemm, which then sees the same inputs exactly.
func checkF64(t *testing.T, rng *rand.Rand, sh gemmShape, tA, tB, acc bool) {
	m, n, k := sh.m, sh.n, sh.k
	ar, ac, br, bc := storedShapes(tA, tB, m, n, k)
	a, b, c := newMatrix(rng, ar, ac, 1), newMatrix(rng, br, bc, 4), newMatrix(rng, m, n, 3)
	want := refGemm(tA, tB, m, n, k, a, b, c, acc)
	a64, b64, c64 := widen(a.view()), widen(b.view()), widen(c.view())
	F64(tA, tB, m, n, k, a64, a.ld, b64, b.ld, c64, c.ld, acc)
	for i := range m {
		for j := range n {
			got := c64[i*c.ld+j]
			if d := math.Abs(got - want[i*n+j]); d > 1e-12*math.Sqrt(float64(max(k, 1))) {
				t.Fatalf("C[%d,%d] = %v, want %v", i, j, got, want[i*n+j])
			}
		}
	}
	for idx, x := range c64 {
		if idx%c.ld >= n && x != float64(sentinel) {
			t.Fatalf("padding element %d changed to %v", idx, x)
		}
	}
}

// widen converts x to float64.
func widen(x []float32) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return y
}

func TestGemmPanicsOnBadArguments(t *testing.T) {
	buf := make([]float32, 100)
	buf64 := make([]float64, 100)
	tests := []struct {
		name string
		call func()
		want string
	}{
		{"negative m", func() { F32(false, false, -1, 2, 2, buf, 2, buf, 2, buf, 2, false) }, "negative dimension"},
		{"lda too small", func() { F32(false, false, 2, 2, 3, buf, 2, buf, 2, buf, 2, false) }, "lda = 2, want ≥ 3"},
		{"lda too small tA", func() { F32(true, false, 4, 2, 3, buf, 3, buf, 2, buf, 2, false) }, "lda = 3, want ≥ 4"},
		{"ldb too small tB", func() { F32(false, true, 2, 2, 3, buf, 3, buf, 2, buf, 2, false) }, "ldb = 2, want ≥ 3"},
		{"ldc zero", func() { F32(false, false, 2, 0, 3, buf, 3, buf, 1, buf, 0, false) }, "ldc = 0, want ≥ 1"},
		{"short a", func() { F32(false, false, 10, 2, 10, buf[:98], 10, buf, 2, buf, 2, false) }, "len(a) = 98, want ≥ 100"},
		{"short b", func() { F32(false, true, 2, 10, 10, buf, 10, buf[:99], 10, buf, 10, false) }, "len(b) = 99, want ≥ 100"},
		{"short c", func() { F32(false, false, 4, 5, 1, buf, 1, buf, 5, buf[:10], 7, false) }, "len(c) = 10, want ≥ 26"},
		{"F64 short c", func() { F64(false, false, 4, 5, 1, buf64, 1, buf64, 5, buf64[:10], 7, false) }, "kernels.F64: len(c) = 10"},
		{"Adam lengths", func() { Adam32(buf, buf[:3], buf, buf, AdamHyper{}) }, "len(g)=3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				msg, _ := r.(string)
				if !strings.Contains(msg, tt.want) {
					t.Errorf("panic %q, want one containing %q", r, tt.want)
				}
			}()
			tt.call()
		})
	}
}

func TestGemmAcceptsExactLengths(t *testing.T) {
	// The last row of a strided view needs only cols elements, not ld.
	a := make([]float32, 2*5+3)
	b := make([]float32, 2*4+4)
	c := make([]float32, 2*6+4)
	for i := range a {
		a[i] = 1
	}
	for i := range b {
		b[i] = 1
	}
	F32(false, false, 3, 4, 3, a, 5, b, 4, c, 6, false)
	for _, i := range []int{0, 3, 6, 9, 12, 15} {
		if c[i] != 3 {
			t.Fatalf("c[%d] = %v, want 3 (c = %v)", i, c[i], c)
		}
	}
	if c[4] != 0 || c[5] != 0 {
		t.Fatalf("padding written: c = %v", c)
	}
}

func TestChoose(t *testing.T) {
	a, b := &impl{name: "fast"}, &impl{name: "slow"}
	tests := []struct {
		want, got string
	}{
		{"", "fast"},
		{"slow", "slow"},
		{"fast", "fast"},
		{"avx9000", "fast"},
	}
	for _, tt := range tests {
		if s := choose([]*impl{a, b}, tt.want); s.name != tt.got {
			t.Errorf("choose(%q) = %s, want %s", tt.want, s.name, tt.got)
		}
	}
	if want := choose(impls(), os.Getenv("GONN_KERNELS")).name; Impl() != want {
		t.Errorf("Impl() = %s, want %s", Impl(), want)
	}
}

// TestSparseGo runs the plain-Go sparse path directly on A of several
// densities.
func TestSparseGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	sparse := func(tA, tB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool) {
		sparseGo32(tA, m, n, k, a, lda, b, ldb, c, ldc, acc)
	}
	for _, sh := range []gemmShape{{"mnist", 32, 784, 128}, {"odd", 9, 37, 21}, {"one", 1, 1, 1}} {
		for _, density := range []float64{0, 0.2, 1} {
			for _, tA := range []bool{false, true} {
				for _, acc := range []bool{false, true} {
					t.Run(fmt.Sprintf("%s/d%v/%s", sh.name, density, transName(tA, false, acc)), func(t *testing.T) {
						checkProduct(t, rng, sparse, sh, tA, false, acc, density)
					})
				}
			}
		}
	}
	a := newSparseMatrix(rng, 32, 784, 0, 0.19)
	if !sparseGoWorthIt(false, false, 32, 128, 784, a.view(), a.ld) || sparseGoWorthIt(false, true, 32, 128, 784, a.view(), a.ld) {
		t.Error("the generic set does not choose the sparse path as it should for MNIST's X·W1")
	}
}
