package kernels

import (
	"fmt"
	"math"
)

// ReLU32 sets dst[i] = max(src[i], 0) for every i, with Go's max: NaN
// stays NaN and −0 becomes +0. dst and src must have the same length
// (ReLU32 panics otherwise); they may be the same slice.
func ReLU32(dst, src []float32) {
	if len(dst) != len(src) {
		panic(fmt.Sprintf("kernels.ReLU32: len(dst) = %d, len(src) = %d; want equal", len(dst), len(src)))
	}
	active.relu32(dst, src)
}

// ReLUGrad32 sets dz[i] = da[i] where z[i] > 0 and dz[i] = 0 elsewhere:
// the gradient through a ReLU whose input was z. "z[i] > 0" is decided on
// z[i]'s bits as a signed integer, without a branch, so −0 and negative
// NaNs block the gradient and positive NaNs pass it. The three slices must
// have the same length (ReLUGrad32 panics otherwise); dz may be da.
func ReLUGrad32(dz, z, da []float32) {
	if len(dz) != len(z) || len(da) != len(z) {
		panic(fmt.Sprintf("kernels.ReLUGrad32: len(dz) = %d, len(z) = %d, len(da) = %d; want equal", len(dz), len(z), len(da)))
	}
	active.reluGrad32(dz, z, da)
}

// ColumnSums32 sets sums[j] to the sum of column j of the rows×len(sums)
// row-major matrix x, adding the rows in order: the gradient of a dense
// layer's bias from the batch's deltas. It panics if x is shorter than
// rows·len(sums) or rows is negative.
func ColumnSums32(sums, x []float32, rows int) {
	if rows < 0 || len(x) < rows*len(sums) {
		panic(fmt.Sprintf("kernels.ColumnSums32: len(x) = %d, want ≥ rows·len(sums) = %d·%d", len(x), rows, len(sums)))
	}
	active.colSums32(sums, x[:rows*len(sums)], rows)
}

// reluGeneric32 is ReLU32 in plain Go.
func reluGeneric32(dst, src []float32) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] = max(v, 0)
	}
}

// reluGradGeneric32 is ReLUGrad32 in plain Go: the mask is all ones when
// z's bits, as an int32 x, are positive, that is when −x & ^x has its top
// bit set.
func reluGradGeneric32(dz, z, da []float32) {
	dz, da = dz[:len(z)], da[:len(z)]
	for i, v := range z {
		x := int32(math.Float32bits(v))
		mask := uint32((-x & ^x) >> 31)
		dz[i] = math.Float32frombits(math.Float32bits(da[i]) & mask)
	}
}

// colSumsGeneric32 is ColumnSums32 in plain Go.
func colSumsGeneric32(sums, x []float32, rows int) {
	clear(sums)
	n := len(sums)
	for r := range rows {
		for j, v := range x[r*n : (r+1)*n] {
			sums[j] += v
		}
	}
}
