//go:build !purego

package kernels

import "golang.org/x/sys/cpu"

var (
	// avx512 runs the AVX-512F kernels (x/sys/cpu also checks that the OS
	// saves the ZMM state), and the 256-bit Adam, which needs AVX2 and FMA.
	avx512 = &impl{
		name: "avx512", f32: gemmAVX512.f32, adam32: adamAVX2, uint8To32: uint8To32Wide,
		relu32: reluAVX512, reluGrad32: reluGradAVX512, colSums32: colSumsAVX512,
	}
	// avx2 runs the AVX2 and FMA kernels.
	avx2 = &impl{
		name: "avx2", f32: gemmAVX2.f32, adam32: adamAVX2, uint8To32: uint8To32Narrow,
		relu32: reluAVX2, reluGrad32: reluGradAVX2, colSums32: colSumsAVX2,
	}
)

// impls lists the kernel sets this machine can run, most capable first.
// Both assembly sets also count nonzeros with POPCNT.
func impls() []*impl {
	var s []*impl
	x := cpu.X86
	base := x.HasAVX2 && x.HasFMA && x.HasPOPCNT
	if base && x.HasAVX512F {
		s = append(s, avx512)
	}
	if base {
		s = append(s, avx2)
	}
	return append(s, generic)
}
