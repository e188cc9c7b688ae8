//go:build !purego

#include "textflag.h"

// func prefetch(b []byte)
// One PREFETCHT0 per 64-byte line from the line of b[0] to that of the
// last byte. Prefetches never fault, and lines evicted before use fall to
// L3, which on AMD Zen holds what L2 evicts.
TEXT ·prefetch(SB), NOSPLIT, $0-24
	MOVQ b_base+0(FP), SI
	MOVQ b_len+8(FP), CX
	TESTQ CX, CX
	JZ done

	// DI: the last byte; SI: the start of the first line.
	LEAQ -1(SI)(CX*1), DI
	ANDQ $-64, SI

loop:
	PREFETCHT0 (SI)
	ADDQ $64, SI
	CMPQ SI, DI
	JLS loop

done:
	RET
