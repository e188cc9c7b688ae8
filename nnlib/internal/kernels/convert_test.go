package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestUint8To32(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	scales := []float64{1.0 / 255, 1, 0.1, -3.7e-5}
	for _, s := range impls() {
		for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 31, 784, 1000} {
			for _, scale := range scales {
				src := make([]uint8, n)
				for i := range src {
					src[i] = uint8(rng.IntN(256))
				}
				if n > 2 {
					src[0], src[1] = 0, 255
				}
				dst := make([]float32, n+1)
				dst[n] = sentinel
				s.uint8To32(dst[:n], src, scale)
				for i, b := range src {
					// The lookup table nnlib builds holds exactly these values.
					if want := float32(float64(b) * scale); dst[i] != want {
						t.Fatalf("%s n=%d scale=%v: dst[%d] = %v for byte %d, want %v", s.name, n, scale, i, dst[i], b, want)
					}
				}
				if dst[n] != sentinel {
					t.Fatalf("%s n=%d: wrote past the end", s.name, n)
				}
			}
		}
	}
}

func TestUint8To32Panics(t *testing.T) {
	defer func() {
		if r := fmt.Sprint(recover()); r != "kernels.Uint8To32: len(dst) = 3, len(src) = 4; want equal" {
			t.Errorf("panic %q", r)
		}
	}()
	Uint8To32(make([]float32, 3), make([]uint8, 4), 1)
}

func BenchmarkUint8To32(b *testing.B) {
	// One MNIST batch: 32 rows of 784 bytes.
	src := make([]uint8, 32*784)
	for i := range src {
		src[i] = uint8(i * 7)
	}
	dst := make([]float32, len(src))
	for _, s := range impls() {
		b.Run(s.name, func(b *testing.B) {
			for b.Loop() {
				for r := 0; r < len(src); r += 784 {
					s.uint8To32(dst[r:r+784], src[r:r+784], 1.0/255)
				}
			}
			b.ReportMetric(float64(len(src))*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
		})
	}
}

// TestPrefetchBytes checks that prefetching, even of odd lengths and
// offsets and of the last bytes before a guard page, changes nothing.
func TestPrefetchBytes(t *testing.T) {
	buf := make([]byte, 1000)
	for i := range buf {
		buf[i] = byte(i)
	}
	for _, r := range [][2]int{{0, 0}, {0, 1}, {3, 67}, {63, 65}, {1, 1000}} {
		PrefetchBytes(buf[r[0]:r[1]])
	}
	for i, b := range buf {
		if b != byte(i) {
			t.Fatalf("buf[%d] = %d after PrefetchBytes", i, b)
		}
	}
}
