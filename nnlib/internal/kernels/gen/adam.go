package main

// adamFile returns adam_amd64.s.
func adamFile() []byte {
	var w writer
	w.line("%s", header)
	w.line(`// Adam update, one vector of parameters per step:
//
//	m = β1·m + (1−β1)·g
//	v = β2·v + (1−β2)·g²
//	p = p·Decay − Step·m / (√v·Bc2Rsqrt + Eps)
//
// Go signature (the four slices have equal lengths, checked by Adam32):
//
//	func adamAVX2(p, g, m, v []float32, h AdamHyper)
//
// The elements after the last whole vector are done by the same code under
// a lane mask. √ and ÷ are the exact IEEE instructions, as in the Go code,
// but subnormal numbers are taken and given as zero.
//
// Only a 256-bit version is written: both kernel sets use it. The update is
// bound by memory bandwidth (101,770 parameters are 2.8 MB of traffic, from
// L3), and where the core splits 512-bit operations in two, as this Zen 5
// does, 512-bit square roots and divisions cost more per element than
// 256-bit ones: 0.5 against 0.3 ns per element with the data in cache.`)
	adamEmit(&w, avx2)
	laneTable(&w, "adamLanes<>")
	w.line("")
	w.line("// adamOne: 1.0 as float32.")
	w.line("DATA adamOne<>+0(SB)/4, $0x3f800000")
	w.line("GLOBL adamOne<>(SB), RODATA|NOPTR, $4")
	return w.Bytes()
}

// Register plan for Adam (the generator can also write a Z version):
//
//	DI p   SI g   R8 m   R9 v   CX elements left   BX whole vectors
//	0 g   1 m   2 v   3 p   4 g², then the denominator   5 m/denominator
//	6 lane mask (AVX2; AVX-512 uses K1)
//	7 Decay   8 β1   9 1−β1   10 β2   11 1−β2   12 Eps   13 Step   14 Bc2Rsqrt
func adamEmit(w *writer, s isa) {
	v := s.vec
	name := "adam" + s.name
	w.line("")
	w.line("// func %s(p, g, m, v []float32, h AdamHyper)", name)
	w.line("TEXT ·%s(SB), NOSPLIT, $8-120", name)
	w.note("Treat subnormal inputs as zero and flush subnormal results to zero")
	w.op("// (MXCSR DAZ and FTZ) until the return: the moments of weights whose")
	w.op("// inputs are seldom nonzero decay into the subnormal range, where each")
	w.op("// operation on them costs tens of cycles (Adam took 57 µs instead of")
	w.op("// 33 with a quarter of its moments subnormal), and values below 1.2e-38")
	w.op("// change no update.")
	w.op("STMXCSR mxcsr-8(SP)")
	w.op("MOVL mxcsr-8(SP), AX")
	w.op("ORL $0x8040, AX")
	w.op("MOVL AX, mxcsr-4(SP)")
	w.op("LDMXCSR mxcsr-4(SP)")
	w.note("Slices and length.")
	w.op("MOVQ p_base+0(FP), DI")
	w.op("MOVQ g_base+24(FP), SI")
	w.op("MOVQ m_base+48(FP), R8")
	w.op("MOVQ v_base+72(FP), R9")
	w.op("MOVQ p_len+8(FP), CX")

	w.note("Constants in every lane; 1−β1 and 1−β2 rounded once, as in Go.")
	w.op("VBROADCASTSS adamOne<>(SB), %s", v(7))
	w.op("VBROADCASTSS h_Beta1+96(FP), %s", v(8))
	w.op("VSUBPS %s, %s, %s", v(8), v(7), v(9))
	w.op("VBROADCASTSS h_Beta2+100(FP), %s", v(10))
	w.op("VSUBPS %s, %s, %s", v(10), v(7), v(11))
	w.op("VBROADCASTSS h_Eps+104(FP), %s", v(12))
	w.op("VBROADCASTSS h_Step+108(FP), %s", v(13))
	w.op("VBROADCASTSS h_Bc2Rsqrt+112(FP), %s", v(14))
	w.op("VBROADCASTSS h_Decay+116(FP), %s", v(7))

	shift := map[int]int{16: 4, 8: 3}[s.width]
	w.note("Whole vectors of %d.", s.width)
	w.op("MOVQ CX, BX")
	w.op("SHRQ $%d, BX", shift)
	w.op("JZ tail")
	adamBody(w, s, "", "loop")
	w.op("ADDQ $%d, DI", 4*s.width)
	w.op("ADDQ $%d, SI", 4*s.width)
	w.op("ADDQ $%d, R8", 4*s.width)
	w.op("ADDQ $%d, R9", 4*s.width)
	w.op("DECQ BX")
	w.op("JNZ loop")

	w.note("The last len mod %d elements, under a mask of that many lanes.", s.width)
	w.label("tail")
	w.op("ANDQ $%d, CX", s.width-1)
	w.op("JZ done")
	mask := "K1"
	if s == avx512 {
		w.op("MOVL $1, BX")
		w.op("SHLQ CX, BX")
		w.op("DECQ BX")
		w.op("KMOVW BX, K1")
	} else {
		mask = v(6)
		w.op("MOVQ $8, BX")
		w.op("SUBQ CX, BX")
		w.op("LEAQ adamLanes<>(SB), CX")
		w.op("VMOVDQU (CX)(BX*4), %s", mask)
	}
	adamBody(w, s, mask, "")

	w.label("done")
	w.op("LDMXCSR mxcsr-8(SP)")
	w.op("VZEROUPPER")
	w.op("RET")
}

// adamBody updates one vector of parameters at DI, SI, R8, R9; when mask
// is not empty, only its lanes are read and written. A non-empty label
// marks its first instruction.
func adamBody(w *writer, s isa, mask, label string) {
	v := s.vec
	load := func(mem string, r int) {
		if mask == "" {
			w.op("VMOVUPS %s, %s", mem, v(r))
		} else {
			w.op("%s", s.loadMasked(mem, mask, v(r)))
		}
	}
	store := func(r int, mem string) {
		if mask == "" {
			w.op("VMOVUPS %s, %s", v(r), mem)
		} else {
			w.op("%s", s.storeMasked(v(r), mask, mem))
		}
	}
	w.note("m = β1·m + (1−β1)·g")
	if label != "" {
		w.label(label)
	}
	load("(SI)", 0)
	load("(R8)", 1)
	w.op("VMULPS %s, %s, %s", v(1), v(8), v(1))
	w.op("VFMADD231PS %s, %s, %s", v(0), v(9), v(1))
	store(1, "(R8)")
	w.note("v = β2·v + (1−β2)·g²")
	load("(R9)", 2)
	w.op("VMULPS %s, %s, %s", v(0), v(0), v(4))
	w.op("VMULPS %s, %s, %s", v(2), v(10), v(2))
	w.op("VFMADD231PS %s, %s, %s", v(4), v(11), v(2))
	store(2, "(R9)")
	w.note("p = p·Decay − Step·m/(√v·Bc2Rsqrt + Eps)")
	w.op("VSQRTPS %s, %s", v(2), v(4))
	w.op("VFMADD213PS %s, %s, %s", v(12), v(14), v(4))
	w.op("VDIVPS %s, %s, %s", v(4), v(1), v(5))
	load("(DI)", 3)
	w.op("VMULPS %s, %s, %s", v(3), v(7), v(3))
	w.op("VFNMADD231PS %s, %s, %s", v(5), v(13), v(3))
	store(3, "(DI)")
}
