package main

import "fmt"

// Transposes for Xᵀ·dH: the sparse kernels read A by rows, so the caller
// copies a block of X transposed into a scratch buffer first. A tile of
// 16×16 (AVX-512) or 8×8 (AVX2) floats is transposed in registers.

// transposeTile is the tile size of set s.
func transposeTile(s isa) int { return s.width }

// transposeFile returns transpose_amd64.s.
func transposeFile() []byte {
	var w writer
	w.line("%s", header)
	w.line(`// Tile transposes. Go signature:
//
//	func transposeISA(dst *float32, ldd int, src *float32, lds int, tiles int)
//
// writes the transpose of tiles square tiles, one after the other down src
// (row stride lds) and across dst (row stride ldd). Strides in elements.`)
	transpose512(&w)
	transpose256(&w)
	transposeIndexTables(&w)
	return w.Bytes()
}

// transposePrologue loads the arguments: DI dst, R10 ldd in bytes, SI src,
// R8 lds in bytes, CX tiles.
func transposePrologue(w *writer, name string) {
	w.line("")
	w.line("// func %s(dst *float32, ldd int, src *float32, lds int, tiles int)", name)
	w.line("TEXT ·%s(SB), NOSPLIT, $0-40", name)
	w.op("MOVQ dst+0(FP), DI")
	w.op("MOVQ ldd+8(FP), R10")
	w.op("SHLQ $2, R10")
	w.op("MOVQ src+16(FP), SI")
	w.op("MOVQ lds+24(FP), R8")
	w.op("SHLQ $2, R8")
	w.op("MOVQ tiles+32(FP), CX")
	w.op("TESTQ CX, CX")
	w.op("JZ done")
}

// transposeRows writes the loads of n rows of src into regs (R11 walks
// the rows), or, when store, the stores of regs to n rows of dst.
func transposeRows(w *writer, regs []string, store bool) {
	if store {
		w.op("MOVQ DI, R11")
	} else {
		w.op("MOVQ SI, R11")
	}
	for i, r := range regs {
		if store {
			w.op("VMOVUPS %s, (R11)", r)
		} else {
			w.op("VMOVUPS (R11), %s", r)
		}
		if i < len(regs)-1 {
			if store {
				w.op("ADDQ R10, R11")
			} else {
				w.op("ADDQ R8, R11")
			}
		}
	}
}

// transpose512 writes the AVX-512 16×16 transpose. Round s (s = 0…3)
// swaps bit s of the row index with bit s of the column index, between
// the rows i and i+d (d = 2^s, bit s of i clear):
//
//	row i:   lane c ← (c&d = 0) ? row i[c]   : row i+d[c−d]
//	row i+d: lane c ← (c&d = 0) ? row i[c+d] : row i+d[c]
//
// each a VPERMT2PS of the two rows by a fixed index vector; after the four
// rounds element (r, c) is at (c, r).
func transpose512(w *writer) {
	transposePrologue(w, "transposeAVX512")
	w.note("Index vectors of the four rounds: Z16+2s for row i, Z17+2s for row i+d.")
	for s := range 4 {
		w.op("VMOVDQU32 transposeIdx<>+%d(SB), Z%d", 128*s, 16+2*s)
		w.op("VMOVDQU32 transposeIdx<>+%d(SB), Z%d", 128*s+64, 17+2*s)
	}
	w.label("tile")
	regs := make([]string, 16)
	for i := range regs {
		regs[i] = fmt.Sprintf("Z%d", i)
	}
	free := "Z24"
	w.note("Load 16 rows of the tile.")
	transposeRows(w, regs, false)
	for s := range 4 {
		d := 1 << s
		w.note("Round %d: rows i and i+%d.", s, d)
		for i := range 16 {
			if i&d != 0 {
				continue
			}
			a, b := regs[i], regs[i+d]
			w.op("VMOVAPS %s, %s", a, free)
			w.op("VPERMT2PS %s, Z%d, %s", b, 16+2*s, a)
			w.op("VPERMT2PS %s, Z%d, %s", b, 17+2*s, free)
			regs[i+d], free = free, b
		}
	}
	w.note("Store the 16 rows of the transposed tile.")
	transposeRows(w, regs, true)
	w.note("Next tile: 16 rows down src, 16 columns across dst.")
	w.op("MOVQ R8, R11")
	w.op("SHLQ $4, R11")
	w.op("ADDQ R11, SI")
	w.op("ADDQ $64, DI")
	w.op("DECQ CX")
	w.op("JNZ tile")
	w.label("done")
	w.op("VZEROUPPER")
	w.op("RET")
}

// transposeIndexTables writes the VPERMT2PS index vectors of transpose512.
func transposeIndexTables(w *writer) {
	w.line("")
	w.line("// transposeIdx: for each round s, the index vector of row i, then of row")
	w.line("// i+d (d = 2^s); indexes 16 and up select from row i+d.")
	for s := range 4 {
		d := 1 << s
		for row := range 2 { // the DATA offsets must increase
			for c := range 16 {
				ia, ib := c, c+d // lane c of rows i and i+d, bit s of c clear
				if c&d != 0 {
					ia, ib = 16+c-d, 16+c
				}
				w.line("DATA transposeIdx<>+%d(SB)/4, $%d", 128*s+64*row+4*c, [2]int{ia, ib}[row])
			}
		}
	}
	w.line("GLOBL transposeIdx<>(SB), RODATA|NOPTR, $512")
}

// transpose256 writes the AVX2 8×8 transpose: VUNPCKLPS/VUNPCKHPS pair
// rows, VSHUFPS gathers 4-element columns within 128-bit lanes, and
// VPERM2F128 joins the lanes.
func transpose256(w *writer) {
	transposePrologue(w, "transposeAVX2")
	w.label("tile")
	r := func(i int) string { return fmt.Sprintf("Y%d", i) }
	t := func(i int) string { return fmt.Sprintf("Y%d", 8+i) }
	w.note("Load 8 rows of the tile.")
	transposeRows(w, []string{r(0), r(1), r(2), r(3), r(4), r(5), r(6), r(7)}, false)
	w.note("Interleave pairs of rows: t(2j) low halves, t(2j+1) high halves.")
	for j := range 4 {
		w.op("VUNPCKLPS %s, %s, %s", r(2*j+1), r(2*j), t(2*j))
		w.op("VUNPCKHPS %s, %s, %s", r(2*j+1), r(2*j), t(2*j+1))
	}
	w.note("Four-element columns within each 128-bit lane.")
	for h := range 2 { // rows 0–3, then rows 4–7
		for j := range 2 {
			a, b := t(4*h+j), t(4*h+j+2)
			w.op("VSHUFPS $0x44, %s, %s, %s", b, a, r(4*h+2*j))
			w.op("VSHUFPS $0xEE, %s, %s, %s", b, a, r(4*h+2*j+1))
		}
	}
	w.note("Join the lanes: column j from the low lanes, column j+4 from the high.")
	for j := range 4 {
		w.op("VPERM2F128 $0x20, %s, %s, %s", r(4+j), r(j), t(j))
		w.op("VPERM2F128 $0x31, %s, %s, %s", r(4+j), r(j), t(4+j))
	}
	w.note("Store the 8 rows of the transposed tile.")
	transposeRows(w, []string{t(0), t(1), t(2), t(3), t(4), t(5), t(6), t(7)}, true)
	w.note("Next tile: 8 rows down src, 8 columns across dst.")
	w.op("MOVQ R8, R11")
	w.op("SHLQ $3, R11")
	w.op("ADDQ R11, SI")
	w.op("ADDQ $32, DI")
	w.op("DECQ CX")
	w.op("JNZ tile")
	w.label("done")
	w.op("VZEROUPPER")
	w.op("RET")
}
