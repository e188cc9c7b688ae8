//go:build !purego

package kernels

import "golang.org/x/sys/cpu"

var (
	// avx512 runs the 8×32 AVX-512F kernels; it needs nothing beyond
	// AVX512F (x/sys/cpu also checks that the OS saves ZMM state).
	avx512 = &impl{name: "avx512", f32: gemmAVX512.f32, adam32: adamAVX2, uint8To32: uint8To32Wide}
	// avx2 runs the 4×16 AVX2 kernels, which also need FMA.
	avx2 = &impl{name: "avx2", f32: gemmAVX2.f32, adam32: adamAVX2, uint8To32: uint8To32Narrow}
)

// impls lists the kernel sets this machine can run, most capable first.
func impls() []*impl {
	var s []*impl
	if cpu.X86.HasAVX512F {
		s = append(s, avx512)
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		s = append(s, avx2)
	}
	return append(s, generic)
}
