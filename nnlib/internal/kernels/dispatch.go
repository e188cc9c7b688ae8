package kernels

import "os"

// impl is one set of kernels. The sets differ in speed and, through the
// order of float32 rounding, in the last bits of their results; each is
// tested against float64 references.
type impl struct {
	name string
	// f32 implements F32 after its arguments are checked.
	f32 func(tA, tB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool)
	// adam32 implements Adam32 after its lengths are checked.
	adam32 func(p, g, m, v []float32, h AdamHyper)
	// uint8To32 implements Uint8To32 after its lengths are checked.
	uint8To32 func(dst []float32, src []uint8, scale float64)
	// relu32, reluGrad32 and colSums32 implement ReLU32, ReLUGrad32 and
	// ColumnSums32 after their lengths are checked.
	relu32     func(dst, src []float32)
	reluGrad32 func(dz, z, da []float32)
	colSums32  func(sums, x []float32, rows int)
}

// generic is the plain-Go set, available everywhere.
var generic = &impl{
	name: "generic", f32: gemmGeneric32, adam32: adamGeneric32, uint8To32: uint8To32Generic,
	relu32: reluGeneric32, reluGrad32: reluGradGeneric32, colSums32: colSumsGeneric32,
}

// active is the set F32 and Adam32 use. It is chosen once, at package
// initialisation, and never changes afterwards.
var active = choose(impls(), os.Getenv("GONN_KERNELS"))

// choose returns the set named want if it is in avail, else the first of
// avail (the most capable).
func choose(avail []*impl, want string) *impl {
	for _, s := range avail {
		if s.name == want {
			return s
		}
	}
	return avail[0]
}

// Impl reports which kernel set the functions of this package run on this machine:
// "avx512" (AVX-512F assembly; Adam32 is the same 256-bit code in both
// assembly sets), "avx2" (AVX2 and FMA assembly) or "generic" (plain Go).
func Impl() string { return active.name }
