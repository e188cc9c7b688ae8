package nnlib

import (
	"fmt"
	"math"

	"github.com/gonn-dev/gonn/nnlib/internal/kernels"
)

// targets is the truth for a whole dataset: class labels for sparse
// cross-entropy, otherwise a tensor shaped like the model's output.
type targets struct {
	labels []int
	y      *Tensor
}

// toLabels converts class labels given as []int, []uint8, []int32,
// []int64, []float64 holding whole numbers, or a vector (or N×1) tensor.
func toLabels(v any) ([]int, error) {
	switch l := v.(type) {
	case []int:
		return l, nil
	case []uint8:
		return convertLabels(l), nil
	case []int32:
		return convertLabels(l), nil
	case []int64:
		return convertLabels(l), nil
	}
	t, err := AsTensor(v)
	if err != nil {
		return nil, err
	}
	if t.sampleSize() != 1 {
		return nil, fmt.Errorf("labels must be one class number per sample, got shape %s", shapeString(t.shape))
	}
	out := make([]int, t.Len())
	for i := range out {
		f := t.at(i)
		if f != math.Trunc(f) || math.Abs(f) > 1<<30 {
			return nil, fmt.Errorf("label %v at index %d is not a class number", f, i)
		}
		out[i] = int(f)
	}
	return out, nil
}

func convertLabels[E int32 | int64 | uint8](l []E) []int {
	out := make([]int, len(l))
	for i, v := range l {
		out[i] = int(v)
	}
	return out
}

// toTargets converts and checks the truth for n samples and a model whose
// output has cols values per sample.
func toTargets(kind lossKind, v any, n, cols int) (targets, error) {
	if kind == lossSparseCE {
		labels, err := toLabels(v)
		if err != nil {
			return targets{}, err
		}
		if len(labels) != n {
			return targets{}, fmt.Errorf("%d labels for %d samples", len(labels), n)
		}
		for i, l := range labels {
			if l < 0 || l >= cols {
				return targets{}, fmt.Errorf("label %d at index %d is out of range for %d classes", l, i, cols)
			}
		}
		return targets{labels: labels}, nil
	}
	y, err := AsTensor(v)
	if err != nil {
		return targets{}, err
	}
	if y.Len() != n || y.sampleSize() != cols {
		hint := ""
		if kind == lossCE && y.sampleSize() == 1 && cols > 1 {
			hint = " (for class numbers use sparse_categorical_crossentropy)"
		}
		return targets{}, fmt.Errorf("targets of shape %s do not match the model's output (%d, %d)%s",
			shapeString(y.shape), n, cols, hint)
	}
	if err := y.checkFinite("targets"); err != nil {
		return targets{}, err
	}
	return targets{y: y}, nil
}

// converter copies rows of a Tensor into a model's batch buffers of T,
// converting element types on the way.
type converter[T float] struct {
	lut [256]T // value·scale for each byte, for uint8 tensors
	// bytes converts uint8 elements with the SIMD kernel (float32 only).
	bytes func(dst []T, src []uint8)
}

func newConverter[T float](t *Tensor) *converter[T] {
	c := &converter[T]{}
	if t != nil && t.dtype == Uint8 {
		for b := range c.lut {
			c.lut[b] = T(float64(b) * t.scale)
		}
		if isFloat32[T]() {
			scale := t.scale
			var f any = func(dst []float32, src []uint8) { kernels.Uint8To32(dst, src, scale) }
			c.bytes = f.(func([]T, []uint8))
		}
	}
	return c
}

// row copies sample i of t (s elements) into dst.
func (c *converter[T]) row(dst []T, t *Tensor, i, s int) {
	switch t.dtype {
	case Uint8:
		src := t.u8[i*s : (i+1)*s]
		if c.bytes != nil {
			c.bytes(dst[:s], src)
			return
		}
		for j, b := range src {
			dst[j] = c.lut[b]
		}
	case Float32:
		copyConvert(dst, t.f32[i*s:(i+1)*s])
	default:
		copyConvert(dst, t.f64[i*s:(i+1)*s])
	}
}

// copyConvert copies src into dst, converting the element type.
func copyConvert[D, S float](dst []D, src []S) {
	for j, v := range src {
		dst[j] = D(v)
	}
}

// gather copies the samples of t at idx into dst (len(idx)·s elements).
func (c *converter[T]) gather(dst []T, t *Tensor, idx []int) {
	s := t.sampleSize()
	for k, i := range idx {
		c.row(dst[k*s:(k+1)*s], t, i, s)
	}
}

// prefetch asks the processor to start loading the samples of t at idx
// into its caches, so that gathering them a step later reads cache, not
// memory. Only byte tensors, which training reads in place, are fetched.
func (c *converter[T]) prefetch(t *Tensor, idx []int) {
	if t.dtype != Uint8 {
		return
	}
	s := t.sampleSize()
	for _, i := range idx {
		kernels.PrefetchBytes(t.u8[i*s : (i+1)*s])
	}
}

// gatherRange copies samples [from, to) of t into dst.
func (c *converter[T]) gatherRange(dst []T, t *Tensor, from, to int) {
	s := t.sampleSize()
	for i := from; i < to; i++ {
		c.row(dst[(i-from)*s:(i-from+1)*s], t, i, s)
	}
}
