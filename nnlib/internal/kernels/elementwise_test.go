package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// specials are values whose handling the element-wise kernels define.
var specials = []float32{
	0, float32(math.Copysign(0, -1)), 1, -1, 1e-39, -1e-39,
	float32(math.Inf(1)), float32(math.Inf(-1)),
	float32(math.NaN()), -float32(math.NaN()),
}

// elementwiseInput returns n values: the specials, then ~N(0,1).
func elementwiseInput(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		if i < len(specials) {
			x[i] = specials[i]
		} else {
			x[i] = float32(rng.NormFloat64())
		}
	}
	rng.Shuffle(n, func(i, j int) { x[i], x[j] = x[j], x[i] })
	return x
}

// sameBits reports whether a and b are the same float32, NaNs by their bits.
func sameBits(a, b float32) bool { return math.Float32bits(a) == math.Float32bits(b) }

var elementwiseLengths = []int{0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 100, 4101}

func TestReLU32(t *testing.T) {
	rng := rand.New(rand.NewPCG(35, 36))
	for _, s := range impls() {
		for _, n := range elementwiseLengths {
			src := elementwiseInput(rng, n)
			dst := make([]float32, n+1)
			dst[n] = sentinel
			s.relu32(dst[:n], src)
			for i, v := range src {
				if v != v {
					if dst[i] == dst[i] {
						t.Fatalf("%s n=%d: relu(NaN) = %v, want NaN", s.name, n, dst[i])
					}
					continue
				}
				var want float32 // +0
				if v > 0 {
					want = v
				}
				if !sameBits(dst[i], want) {
					t.Fatalf("%s n=%d: relu(%v) = %v, want %v", s.name, n, v, dst[i], want)
				}
			}
			if dst[n] != sentinel {
				t.Fatalf("%s n=%d: wrote past the end", s.name, n)
			}
		}
	}
}

func TestReLUGrad32(t *testing.T) {
	rng := rand.New(rand.NewPCG(37, 38))
	for _, s := range impls() {
		for _, n := range elementwiseLengths {
			z, da := elementwiseInput(rng, n), elementwiseInput(rng, n)
			dz := make([]float32, n+1)
			dz[n] = sentinel
			s.reluGrad32(dz[:n], z, da)
			for i := range z {
				var want float32 // +0
				if int32(math.Float32bits(z[i])) > 0 {
					want = da[i]
				}
				if !sameBits(dz[i], want) {
					t.Fatalf("%s n=%d: grad for z=%v, da=%v is %v, want %v", s.name, n, z[i], da[i], dz[i], want)
				}
			}
			if dz[n] != sentinel {
				t.Fatalf("%s n=%d: wrote past the end", s.name, n)
			}
		}
	}
}

func TestColumnSums32(t *testing.T) {
	rng := rand.New(rand.NewPCG(39, 40))
	for _, s := range impls() {
		for _, cols := range []int{0, 1, 10, 16, 17, 128, 131} {
			for _, rows := range []int{0, 1, 3, 32} {
				t.Run(fmt.Sprintf("%s/%dx%d", s.name, rows, cols), func(t *testing.T) {
					x := randomSlice(rng, rows*cols)
					sums := make([]float32, cols+1)
					sums[cols] = sentinel
					for j := range cols {
						sums[j] = 99 // overwritten, not added to
					}
					s.colSums32(sums[:cols], x, rows)
					for j := range cols {
						var want float32
						for r := range rows {
							want += x[r*cols+j]
						}
						if !sameBits(sums[j], want) {
							t.Fatalf("sums[%d] = %v, want %v", j, sums[j], want)
						}
					}
					if sums[cols] != sentinel {
						t.Fatal("wrote past the end")
					}
				})
			}
		}
	}
}

func TestElementwisePanics(t *testing.T) {
	tests := []struct {
		name string
		call func()
		want string
	}{
		{"relu", func() { ReLU32(make([]float32, 2), make([]float32, 3)) }, "kernels.ReLU32: len(dst) = 2, len(src) = 3"},
		{"grad", func() { ReLUGrad32(make([]float32, 3), make([]float32, 3), make([]float32, 1)) }, "len(da) = 1"},
		{"sums", func() { ColumnSums32(make([]float32, 4), make([]float32, 7), 2) }, "len(x) = 7"},
		{"rows", func() { ColumnSums32(make([]float32, 4), make([]float32, 7), -1) }, "kernels.ColumnSums32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if msg := fmt.Sprint(recover()); !strings.Contains(msg, tt.want) {
					t.Errorf("panic %q, want one containing %q", msg, tt.want)
				}
			}()
			tt.call()
		})
	}
}

func BenchmarkReLU32(b *testing.B) {
	rng := rand.New(rand.NewPCG(41, 42))
	z, da := randomSlice(rng, 32*128), randomSlice(rng, 32*128)
	out := make([]float32, len(z))
	for _, s := range impls() {
		b.Run(s.name+"/forward", func(b *testing.B) {
			for b.Loop() {
				s.relu32(out, z)
			}
		})
		b.Run(s.name+"/backward", func(b *testing.B) {
			for b.Loop() {
				s.reluGrad32(out, z, da)
			}
		})
		b.Run(s.name+"/colsums", func(b *testing.B) {
			sums := make([]float32, 128)
			for b.Loop() {
				s.colSums32(sums, z, 32)
			}
		})
	}
}
