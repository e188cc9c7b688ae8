package kernels

import (
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"unsafe"
)

// guarded returns a float32 slice of length n whose last element ends
// exactly where an inaccessible page begins, so a kernel that reads or
// writes even one element past the slice crashes the test.
func guarded(t *testing.T, n int) []float32 {
	t.Helper()
	page := syscall.Getpagesize()
	size := (n*4+page-1)/page*page + page
	mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatalf("mmap: %v", err)
	}
	t.Cleanup(func() { syscall.Munmap(mem) })
	if err := syscall.Mprotect(mem[size-page:], syscall.PROT_NONE); err != nil {
		t.Fatalf("mprotect: %v", err)
	}
	if n == 0 {
		return nil
	}
	end := size - page
	return unsafe.Slice((*float32)(unsafe.Pointer(&mem[end-4*n])), n)
}

// TestKernelsStayInsideSlices runs the kernels on matrices that end at a
// guard page: masked vector loads and stores must not touch the element
// after the last one, for ragged widths, transposes and both Adam tails.
func TestKernelsStayInsideSlices(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	shapes := []gemmShape{{"n10", 9, 13, 10}, {"n29", 13, 37, 29}, {"n1", 3, 2, 1}, {"n17", 10, 300, 17}, {"n7", 5, 5, 7}}
	for _, s := range impls() {
		for _, sh := range shapes {
			for _, tA := range []bool{false, true} {
				for _, tB := range []bool{false, true} {
					t.Run(fmt.Sprintf("%s/%s/%s", s.name, sh.name, transName(tA, tB, true)), func(t *testing.T) {
						m, n, k := sh.m, sh.n, sh.k
						ar, ac, br, bc := storedShapes(tA, tB, m, n, k)
						a, b, c := guarded(t, ar*ac), guarded(t, br*bc), guarded(t, m*n)
						for _, x := range [][]float32{a, b, c} {
							for i := range x {
								x[i] = float32(rng.NormFloat64())
							}
						}
						s.f32(tA, tB, m, n, k, a, ac, b, bc, c, n, true)
					})
				}
			}
		}
		for _, n := range []int{1, 5, 16, 23, 37} {
			p, g, m, v := guarded(t, n), guarded(t, n), guarded(t, n), guarded(t, n)
			s.adam32(p, g, m, v, NewAdamHyper(1e-3, 0.9, 0.999, 1e-8, 0, 1))
		}
	}
}

// TestElementwiseStayInsideSlices runs the element-wise kernels and the
// conversion on slices that end at a guard page, for every tail length.
func TestElementwiseStayInsideSlices(t *testing.T) {
	for _, s := range impls() {
		for n := range 34 {
			a, b, c := guarded(t, n), guarded(t, n), guarded(t, n)
			s.relu32(a, b)
			s.reluGrad32(a, b, c)
			s.uint8To32(a, guardedBytes(t, n), 1)
			if n > 0 {
				s.colSums32(a, b, 1)
				s.colSums32(a[:1], b, n)
			}
		}
	}
}

// guardedBytes is guarded for n bytes.
func guardedBytes(t *testing.T, n int) []byte {
	f := guarded(t, (n+3)/4)
	if len(f) == 0 {
		return nil
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(&f[0])), 4*len(f))
	return b[len(b)-n:]
}
