package nnlib

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// DType names the element type a Tensor stores.
type DType uint8

// The element types a Tensor can hold.
const (
	Float64 DType = iota + 1 // float64 elements
	Float32                  // float32 elements
	Uint8                    // uint8 elements read as value·Scale (images)
)

// String returns the Go name of the element type ("float32", …).
func (d DType) String() string {
	switch d {
	case Float64:
		return "float64"
	case Float32:
		return "float32"
	case Uint8:
		return "uint8"
	}
	return fmt.Sprintf("DType(%d)", uint8(d))
}

// Tensor is an n-dimensional array of numbers in row-major order, the one
// data type nnlib's models take and give. The first dimension counts
// samples; the rest is the shape of one sample (28×28 for an MNIST image).
//
// A Tensor stores float64, float32 or uint8 elements (see DType). A uint8
// Tensor reads as element·Scale, so 60,000 MNIST images take 47 MB as bytes
// rather than 376 MB as float64; models convert a batch at a time.
//
// Constructors that take a slice share it (as gonum's mat.NewDense does);
// those that take rows or a matrix copy. A Tensor is not changed by nnlib
// after it is made, so one may be shared between models and goroutines.
type Tensor struct {
	shape []int
	dtype DType
	f64   []float64
	f32   []float32
	u8    []uint8
	scale float64
}

// NewTensor returns a float64 Tensor of the given shape backed by data
// (shared, not copied). With no shape, data is a vector of len(data)
// elements. It fails when a dimension is negative or the shape's element
// count differs from len(data).
func NewTensor(data []float64, shape ...int) (*Tensor, error) {
	s, err := checkShape(len(data), shape)
	if err != nil {
		return nil, err
	}
	return &Tensor{shape: s, dtype: Float64, f64: data}, nil
}

// NewTensor32 is NewTensor for float32 data (shared, not copied).
func NewTensor32(data []float32, shape ...int) (*Tensor, error) {
	s, err := checkShape(len(data), shape)
	if err != nil {
		return nil, err
	}
	return &Tensor{shape: s, dtype: Float32, f32: data}, nil
}

// NewTensorUint8 returns a Tensor whose element i reads as
// float64(data[i])·scale, backed by data (shared, not copied). Use a scale
// of 1.0/255 for images whose pixels should read in [0, 1], as in the
// Keras MNIST example. It fails on a shape that does not fit data or a
// scale that is not finite.
func NewTensorUint8(data []uint8, scale float64, shape ...int) (*Tensor, error) {
	s, err := checkShape(len(data), shape)
	if err != nil {
		return nil, err
	}
	if math.IsNaN(scale) || math.IsInf(scale, 0) {
		return nil, fmt.Errorf("nnlib: uint8 tensor scale is %v, want a finite number", scale)
	}
	return &Tensor{shape: s, dtype: Uint8, u8: data, scale: scale}, nil
}

// FromRows returns a float64 Tensor of shape len(rows)×len(rows[0]) holding
// a copy of rows. It fails when rows is empty or the rows differ in length.
func FromRows(rows [][]float64) (*Tensor, error) {
	if len(rows) == 0 {
		return nil, errors.New("nnlib: FromRows: no rows")
	}
	cols := len(rows[0])
	data := make([]float64, 0, len(rows)*cols)
	for i, r := range rows {
		if len(r) != cols {
			return nil, fmt.Errorf("nnlib: FromRows: row %d has %d values, row 0 has %d", i, len(r), cols)
		}
		data = append(data, r...)
	}
	return &Tensor{shape: []int{len(rows), cols}, dtype: Float64, f64: data}, nil
}

// FromMatrix returns a float64 Tensor holding a copy of a gonum matrix
// (such as a *mat.Dense), one sample per row.
func FromMatrix(m mat.Matrix) *Tensor {
	r, c := m.Dims()
	data := make([]float64, r*c)
	for i := range r {
		for j := range c {
			data[i*c+j] = m.At(i, j)
		}
	}
	return &Tensor{shape: []int{r, c}, dtype: Float64, f64: data}
}

// MustTensor returns t, and panics with err when err is not nil. It suits
// notebook cells: nnlib.MustTensor(nnlib.NewTensor(xs, 4, 1)).
func MustTensor(t *Tensor, err error) *Tensor {
	if err != nil {
		panic(err)
	}
	return t
}

// checkShape validates a shape for n elements; no shape means a vector.
func checkShape(n int, shape []int) ([]int, error) {
	if len(shape) == 0 {
		return []int{n}, nil
	}
	size := 1
	for _, d := range shape {
		if d < 0 {
			return nil, fmt.Errorf("nnlib: shape %s has a negative dimension", shapeString(shape))
		}
		if d > 0 && size > math.MaxInt/d {
			return nil, fmt.Errorf("nnlib: shape %s holds more values than an int can count", shapeString(shape))
		}
		size *= d
	}
	if size != n {
		return nil, fmt.Errorf("nnlib: shape %s holds %d values, data has %d", shapeString(shape), size, n)
	}
	return append([]int(nil), shape...), nil
}

// DType returns the element type.
func (t *Tensor) DType() DType { return t.dtype }

// Shape returns a copy of the tensor's shape.
func (t *Tensor) Shape() []int { return append([]int(nil), t.shape...) }

// Scale returns the factor a uint8 tensor's elements are multiplied by
// when read (1 for other element types).
func (t *Tensor) Scale() float64 {
	if t.dtype == Uint8 {
		return t.scale
	}
	return 1
}

// Len returns the number of samples: the first dimension (0 for a scalar
// shape).
func (t *Tensor) Len() int {
	if len(t.shape) == 0 {
		return 0
	}
	return t.shape[0]
}

// Size returns the number of elements.
func (t *Tensor) Size() int {
	n := 1
	for _, d := range t.shape {
		n *= d
	}
	return n
}

// sampleSize is the number of elements of one sample.
func (t *Tensor) sampleSize() int {
	if len(t.shape) <= 1 {
		return 1
	}
	n := 1
	for _, d := range t.shape[1:] {
		n *= d
	}
	return n
}

// sampleShape is the shape of one sample; a vector's samples have shape (1).
func (t *Tensor) sampleShape() []int {
	if len(t.shape) <= 1 {
		return []int{1}
	}
	return append([]int(nil), t.shape[1:]...)
}

// at returns element i of the flat data as float64.
func (t *Tensor) at(i int) float64 {
	switch t.dtype {
	case Float32:
		return float64(t.f32[i])
	case Uint8:
		return float64(t.u8[i]) * t.scale
	}
	return t.f64[i]
}

// At returns the element at the given index, one coordinate per
// dimension. It panics, naming the index and shape, when the index is out
// of range (as indexing a slice does).
func (t *Tensor) At(index ...int) float64 {
	if len(index) != len(t.shape) {
		panic(fmt.Sprintf("nnlib: Tensor.At: %d coordinates for shape %s", len(index), shapeString(t.shape)))
	}
	flat := 0
	for k, i := range index {
		if i < 0 || i >= t.shape[k] {
			panic(fmt.Sprintf("nnlib: Tensor.At: index %v out of range for shape %s", index, shapeString(t.shape)))
		}
		flat = flat*t.shape[k] + i
	}
	return t.at(flat)
}

// Row returns a float64 copy of sample i, flattened. It panics when i is
// out of range.
func (t *Tensor) Row(i int) []float64 {
	if i < 0 || i >= t.Len() {
		panic(fmt.Sprintf("nnlib: Tensor.Row: sample %d out of range for shape %s", i, shapeString(t.shape)))
	}
	s := t.sampleSize()
	out := make([]float64, s)
	for j := range out {
		out[j] = t.at(i*s + j)
	}
	return out
}

// Float64s returns a float64 copy of all elements in row-major order.
func (t *Tensor) Float64s() []float64 {
	out := make([]float64, t.Size())
	for i := range out {
		out[i] = t.at(i)
	}
	return out
}

// Float32s returns a float32 copy of all elements in row-major order.
func (t *Tensor) Float32s() []float32 {
	out := make([]float32, t.Size())
	for i := range out {
		out[i] = float32(t.at(i))
	}
	return out
}

// Matrix returns a copy of the tensor as a gonum matrix with one row per
// sample (each sample flattened), for inspection and plotting. It returns
// nil for an empty tensor, which gonum cannot represent.
func (t *Tensor) Matrix() *mat.Dense {
	r, c := t.Len(), t.sampleSize()
	if r == 0 || c == 0 {
		return nil
	}
	return mat.NewDense(r, c, t.Float64s())
}

// Reshape returns a Tensor with the same elements (shared) and a new
// shape; one dimension may be -1, meaning whatever makes the sizes agree.
func (t *Tensor) Reshape(shape ...int) (*Tensor, error) {
	s := append([]int(nil), shape...)
	free, known := -1, 1
	for k, d := range s {
		switch {
		case d == -1 && free < 0:
			free = k
		case d < 0:
			return nil, fmt.Errorf("nnlib: Reshape %s to %s: bad dimension %d", shapeString(t.shape), shapeString(shape), d)
		default:
			known *= d
		}
	}
	if free >= 0 && known > 0 && t.Size()%known == 0 {
		s[free] = t.Size() / known
	}
	r := *t
	var err error
	if r.shape, err = checkShape(t.Size(), s); err != nil {
		return nil, fmt.Errorf("nnlib: Reshape %s to %s: sizes differ", shapeString(t.shape), shapeString(shape))
	}
	return &r, nil
}

// Slice returns samples [from, to) as a Tensor sharing t's data.
func (t *Tensor) Slice(from, to int) (*Tensor, error) {
	if from < 0 || to > t.Len() || from > to {
		return nil, fmt.Errorf("nnlib: Slice [%d, %d) out of range for %d samples", from, to, t.Len())
	}
	s := t.sampleSize()
	r := *t
	r.shape = append([]int{to - from}, t.shape[1:]...)
	switch t.dtype {
	case Float64:
		r.f64 = t.f64[from*s : to*s]
	case Float32:
		r.f32 = t.f32[from*s : to*s]
	case Uint8:
		r.u8 = t.u8[from*s : to*s]
	}
	return &r, nil
}

// String describes the tensor briefly, e.g. "Tensor(uint8×0.00392, 60000×28×28)",
// followed by its values when it has at most 64 of them.
func (t *Tensor) String() string {
	var b strings.Builder
	b.WriteString("Tensor(")
	b.WriteString(t.dtype.String())
	if t.dtype == Uint8 && t.scale != 1 {
		fmt.Fprintf(&b, "×%.3g", t.scale)
	}
	b.WriteString(", ")
	b.WriteString(dimString(t.shape))
	b.WriteString(")")
	if n := t.Size(); n <= 64 {
		bits := 64
		if t.dtype == Float32 {
			bits = 32
		}
		b.WriteString(" [")
		for i := range n {
			if i > 0 {
				b.WriteString(" ")
			}
			b.WriteString(strconv.FormatFloat(t.at(i), 'g', -1, bits))
		}
		b.WriteString("]")
	}
	return b.String()
}

// checkFinite reports the first NaN or infinite element, naming what.
func (t *Tensor) checkFinite(what string) error {
	check := func(i int, v float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			s := t.sampleSize()
			return fmt.Errorf("nnlib: %s has %v at sample %d, element %d", what, v, i/s, i%s)
		}
		return nil
	}
	switch t.dtype {
	case Float64:
		for i, v := range t.f64 {
			if v-v != 0 {
				return check(i, v)
			}
		}
	case Float32:
		for i, v := range t.f32 {
			if v-v != 0 {
				return check(i, float64(v))
			}
		}
	case Uint8:
		return check(0, t.scale)
	}
	return nil
}

// shapeString formats a shape the way Python prints one: "(32, 784)".
func shapeString(shape []int) string {
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = fmt.Sprint(d)
	}
	if len(parts) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// dimString formats a shape as "60000×28×28".
func dimString(shape []int) string {
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = fmt.Sprint(d)
	}
	return strings.Join(parts, "×")
}

// AsTensor converts the values nnlib's model methods accept into a
// Tensor: a *Tensor (returned as is), a gonum mat.Matrix such as
// *mat.Dense, [][]float64, [][]float32, []float64, []float32 (vectors: one
// value per sample), []int or []uint8 (class labels, as float64). It fails,
// naming the type, for anything else.
func AsTensor(v any) (*Tensor, error) {
	switch x := v.(type) {
	case *Tensor:
		if x == nil {
			return nil, errors.New("nnlib: nil *Tensor")
		}
		return x, nil
	case Tensor:
		return &x, nil
	case nil:
		return nil, errors.New("nnlib: no data (nil)")
	case [][]float64:
		return FromRows(x)
	case [][]float32:
		rows := make([][]float64, len(x))
		for i, r := range x {
			rows[i] = make([]float64, len(r))
			for j, v := range r {
				rows[i][j] = float64(v)
			}
		}
		return FromRows(rows)
	case []float64:
		return NewTensor(x)
	case []float32:
		return NewTensor32(x)
	case []int:
		f := make([]float64, len(x))
		for i, v := range x {
			f[i] = float64(v)
		}
		return NewTensor(f)
	case []uint8:
		return NewTensorUint8(x, 1)
	case mat.Matrix:
		if d, ok := x.(*mat.Dense); ok && (d == nil || d.IsEmpty()) {
			return nil, errors.New("nnlib: empty *mat.Dense")
		}
		return FromMatrix(x), nil
	}
	return nil, fmt.Errorf("nnlib: cannot use %T as data (want *nnlib.Tensor, *mat.Dense, [][]float64, []float64, []float32 or []int)", v)
}
