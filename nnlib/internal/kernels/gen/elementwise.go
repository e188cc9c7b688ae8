package main

// Element-wise kernels for a dense layer's activation and bias: ReLU
// forward and backward, and column sums. Each goes a vector at a time and
// does the last elements under a lane mask.

// elementwiseFile returns elementwise_amd64.s.
func elementwiseFile() []byte {
	var w writer
	w.line("%s", header)
	w.line(`// Element-wise kernels (see gen/elementwise.go). Go signatures, the
// slices' lengths checked by the callers:
//
//	func reluISA(dst, src []float32)            dst = max(src, 0), n = len(src)
//	func reluGradISA(dz, z, da []float32)       dz = da where int32(z) > 0, else 0
//	func colSumsISA(sums, x []float32, rows int) sums[j] = Σ_r x[r·len(sums)+j]`)
	for _, s := range []isa{avx512, avx2} {
		reluEmit(&w, s)
		reluGradEmit(&w, s)
		colSumsEmit(&w, s)
	}
	laneTable(&w, "ewLanes<>")
	return w.Bytes()
}

// ewMask sets the lane mask of the first CX lanes (0 to width): K3, or Y11
// for AVX2. It uses BX and R11.
func ewMask(w *writer, s isa) string {
	if s == avx512 {
		maskAVX512(w, "K3")
		return "K3"
	}
	w.op("MOVQ $8, R11")
	w.op("SUBQ CX, R11")
	w.op("LEAQ ewLanes<>(SB), BX")
	w.op("VMOVDQU (BX)(R11*4), Y11")
	return "Y11"
}

// ewLoop writes a loop over n = len of the slice at lenArg: body(tail)
// does one vector at DI/SI/R8 (advanced by the loop), the last partial one
// under mask when tail.
func ewLoop(w *writer, s isa, lenArg string, ptrs []string, body func(mask string)) {
	w.op("MOVQ %s, CX", lenArg)
	w.op("MOVQ CX, DX")
	w.op("SHRQ $%d, DX", log2(s.width))
	w.op("JZ tail")
	w.label("loop")
	body("")
	for _, p := range ptrs {
		w.op("ADDQ $%d, %s", 4*s.width, p)
	}
	w.op("DECQ DX")
	w.op("JNZ loop")
	w.label("tail")
	w.op("ANDQ $%d, CX", s.width-1)
	w.op("JZ done")
	body(ewMask(w, s))
	w.label("done")
	w.op("VZEROUPPER")
	w.op("RET")
}

// reluEmit writes reluISA. VMAXPS returns its second source when either is
// NaN or both are zeros, so with src second NaN stays NaN and −0 stays −0;
// adding +0 then turns −0 into +0, as Go's max does.
func reluEmit(w *writer, s isa) {
	name := "relu" + s.name
	w.line("")
	w.line("// func %s(dst, src []float32)", name)
	w.line("TEXT ·%s(SB), NOSPLIT, $0-48", name)
	w.op("MOVQ dst_base+0(FP), DI")
	w.op("MOVQ src_base+24(FP), SI")
	zero, x := s.vec(10), s.vec(0)
	w.op("%s", s.zero(zero))
	ewLoop(w, s, "src_len+32(FP)", []string{"DI", "SI"}, func(mask string) {
		if mask == "" {
			w.op("VMAXPS (SI), %s, %s", zero, x)
		} else {
			w.op("%s", s.loadMasked("(SI)", mask, s.vec(1)))
			w.op("VMAXPS %s, %s, %s", s.vec(1), zero, x)
		}
		w.op("VADDPS %s, %s, %s", zero, x, x)
		if mask == "" {
			w.op("VMOVUPS %s, (DI)", x)
		} else {
			w.op("%s", s.storeMasked(x, mask, "(DI)"))
		}
	})
}

// reluGradEmit writes reluGradISA: a signed integer compare of z's bits
// with zero gives the lanes where z > 0 (+NaN included, −0 not).
func reluGradEmit(w *writer, s isa) {
	name := "reluGrad" + s.name
	w.line("")
	w.line("// func %s(dz, z, da []float32)", name)
	w.line("TEXT ·%s(SB), NOSPLIT, $0-72", name)
	w.op("MOVQ dz_base+0(FP), DI")
	w.op("MOVQ z_base+24(FP), SI")
	w.op("MOVQ da_base+48(FP), R8")
	zero := s.vec(10)
	w.op("%s", s.zero(zero))
	ewLoop(w, s, "z_len+32(FP)", []string{"DI", "SI", "R8"}, func(mask string) {
		if s == avx512 {
			if mask == "" {
				w.op("VMOVDQU32 (SI), Z0")
				w.op("VPCMPGTD %s, Z0, K2", zero)
				w.op("VMOVUPS.Z (R8), K2, Z1")
				w.op("VMOVUPS Z1, (DI)")
			} else {
				w.op("VMOVDQU32.Z (SI), K3, Z0")
				w.op("VPCMPGTD %s, Z0, K2", zero)
				w.op("VMOVUPS.Z (R8), K2, Z1")
				w.op("VMOVUPS Z1, K3, (DI)")
			}
			return
		}
		if mask == "" {
			w.op("VMOVDQU (SI), Y0")
			w.op("VPCMPGTD %s, Y0, Y0", zero)
			w.op("VANDPS (R8), Y0, Y0")
			w.op("VMOVUPS Y0, (DI)")
		} else {
			w.op("VMASKMOVPS (SI), Y11, Y0")
			w.op("VMASKMOVPS (R8), Y11, Y1")
			w.op("VPCMPGTD %s, Y0, Y0", zero)
			w.op("VANDPS Y1, Y0, Y0")
			w.op("VMASKMOVPS Y0, Y11, (DI)")
		}
	})
}

// colSumsEmit writes colSumsISA: for each vector of columns, the rows are
// added in order into one register, then stored.
func colSumsEmit(w *writer, s isa) {
	name := "colSums" + s.name
	w.line("")
	w.line("// func %s(sums, x []float32, rows int)", name)
	w.line("TEXT ·%s(SB), NOSPLIT, $0-56", name)
	w.op("MOVQ sums_base+0(FP), DI")
	w.op("MOVQ x_base+24(FP), SI")
	w.op("MOVQ sums_len+8(FP), R9")
	w.op("SHLQ $2, R9 // row stride in bytes")
	acc := s.vec(0)
	column := func(mask string) {
		w.op("%s", s.zero(acc))
		w.op("MOVQ SI, R12")
		w.op("MOVQ rows+48(FP), R13")
		w.op("TESTQ R13, R13")
		w.op("JZ %s", map[bool]string{true: "cstore", false: "tstore"}[mask == ""])
		lbl := map[bool]string{true: "crow", false: "trow"}[mask == ""]
		w.label(lbl)
		if mask == "" {
			w.op("VADDPS (R12), %s, %s", acc, acc)
		} else {
			w.op("%s", s.loadMasked("(R12)", mask, s.vec(1)))
			w.op("VADDPS %s, %s, %s", s.vec(1), acc, acc)
		}
		w.op("ADDQ R9, R12")
		w.op("DECQ R13")
		w.op("JNZ %s", lbl)
		if mask == "" {
			w.label("cstore")
			w.op("VMOVUPS %s, (DI)", acc)
		} else {
			w.label("tstore")
			w.op("%s", s.storeMasked(acc, mask, "(DI)"))
		}
	}
	ewLoop(w, s, "sums_len+8(FP)", []string{"DI", "SI"}, column)
}
