package main

// convertFile returns convert_amd64.s: uint8 → float32 conversion.
func convertFile() []byte {
	var w writer
	w.line("%s", header)
	w.line(`// Conversion of image bytes to float32: dst[i] = float32(float64(src[i])·scale),
// through float64 exactly as the plain Go expression computes it, so every
// kernel set gives the same bits. Only whole blocks are done here (16
// elements for AVX-512, 8 for AVX2); the Go caller does the rest.
//
// Go signature (len(dst) ≥ the block-rounded len(src), checked by the caller):
//
//	func uint8To32ISA(dst []float32, src []uint8, scale float64)`)
	convertEmit(&w, avx512)
	convertEmit(&w, avx2)
	return w.Bytes()
}

// convertEmit writes the conversion for one instruction set. Per half
// block, VPMOVZXBD widens bytes to int32, VCVTDQ2PD to float64 (exact),
// VMULPD scales, and VCVTPD2PS rounds to float32 once.
func convertEmit(w *writer, s isa) {
	name := "uint8To32" + s.name
	// Registers holding half a block as int32, as float64, and as float32.
	narrow, wide, out := "Y", "Z", "Y"
	cvt := "VCVTPD2PS"
	if s == avx2 {
		narrow, wide, out = "X", "Y", "X"
		cvt = "VCVTPD2PSY"
	}
	half := s.width / 2
	shift := map[int]int{16: 4, 8: 3}[s.width]
	w.line("")
	w.line("// func %s(dst []float32, src []uint8, scale float64)", name)
	w.line("TEXT ·%s(SB), NOSPLIT, $0-56", name)
	w.op("MOVQ dst_base+0(FP), DI")
	w.op("MOVQ src_base+24(FP), SI")
	w.op("MOVQ src_len+32(FP), CX")
	w.op("SHRQ $%d, CX", shift)
	w.op("JZ done")
	w.op("VBROADCASTSD scale+48(FP), %s2", wide)
	w.note("Two halves of %d elements per block of %d.", half, s.width)
	w.label("loop")
	for h := range 2 {
		w.op("VPMOVZXBD %d(SI), %s%d", h*half, narrow, h)
	}
	for h := range 2 {
		w.op("VCVTDQ2PD %s%d, %s%d", narrow, h, wide, h)
	}
	for h := range 2 {
		w.op("VMULPD %s2, %s%d, %s%d", wide, wide, h, wide, h)
	}
	for h := range 2 {
		w.op("%s %s%d, %s%d", cvt, wide, h, out, h)
	}
	for h := range 2 {
		w.op("VMOVUPS %s%d, %d(DI)", out, h, h*half*4)
	}
	w.op("ADDQ $%d, SI", s.width)
	w.op("ADDQ $%d, DI", s.width*4)
	w.op("DECQ CX")
	w.op("JNZ loop")
	w.label("done")
	w.op("VZEROUPPER")
	w.op("RET")
}
