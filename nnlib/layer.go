package nnlib

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// layerKind tells the kinds of layer apart.
type layerKind uint8

const (
	kindInput layerKind = iota + 1
	kindDense
	kindFlatten
	kindDropout
)

// String returns the Keras class name of the kind ("Dense", …).
func (k layerKind) String() string {
	switch k {
	case kindInput:
		return "InputLayer"
	case kindDense:
		return "Dense"
	case kindFlatten:
		return "Flatten"
	case kindDropout:
		return "Dropout"
	}
	return "Layer"
}

// Layer describes one layer of a Sequential model: what it is and how it
// is configured, not its weights (the model holds those once built).
// Make one with Dense, DenseWith, Flatten, Dropout or Input. A Layer made
// with a bad configuration records the problem; the model reports it from
// Build, Compile or Fit.
type Layer struct {
	kind       layerKind
	name       string
	units      int
	activation activation
	slope      float64
	kernelInit initializer
	biasInit   initializer
	noBias     bool
	rate       float64
	shape      []int
	err        error
}

// DenseOptions configures a Dense layer. The zero value of every field but
// Units means the Keras default.
type DenseOptions struct {
	// Units is the number of outputs (required, at least 1).
	Units int
	// Activation is one of "linear" (the default, also ""), "relu",
	// "sigmoid", "tanh", "softmax" or "leaky_relu".
	Activation string
	// NegativeSlope is leaky_relu's slope for negative inputs; 0 means
	// Keras's default, 0.2 (PyTorch's LeakyReLU uses 0.01).
	NegativeSlope float64
	// KernelInitializer is "glorot_uniform" (the default), "he_uniform",
	// "he_normal", "zeros" or "torch_linear" (PyTorch nn.Linear's
	// U(±1/√fan_in)).
	KernelInitializer string
	// BiasInitializer is "zeros" (the default) or any name
	// KernelInitializer takes; with a "torch_linear" kernel the default
	// bias is "torch_linear" too, as in PyTorch.
	BiasInitializer string
	// NoBias leaves the bias out: the layer computes x·W only.
	NoBias bool
	// Name names the layer in Summary and History; "" picks "dense",
	// "dense_1", … as Keras does.
	Name string
}

// Dense returns a fully connected layer: a = activation(x·W + b), where x
// is a batch of row vectors, W is in×units (Keras's and the fixtures'
// layout) and b has units elements. See DenseOptions for the activations.
func Dense(units int, activation string) Layer {
	return DenseWith(DenseOptions{Units: units, Activation: activation})
}

// DenseWith returns a Dense layer configured by opts.
func DenseWith(opts DenseOptions) Layer {
	l := Layer{kind: kindDense, name: opts.Name, units: opts.Units, noBias: opts.NoBias, slope: opts.NegativeSlope}
	if l.units < 1 {
		return l.withErr(fmt.Errorf("Dense needs at least 1 unit, got %d", opts.Units))
	}
	var err error
	if l.activation, err = parseActivation(opts.Activation); err != nil {
		return l.withErr(err)
	}
	if l.slope == 0 {
		l.slope = 0.2
	}
	if isNaNOrInf(l.slope) {
		return l.withErr(fmt.Errorf("Dense: negative slope %v is not a finite number", opts.NegativeSlope))
	}
	if l.kernelInit, err = parseInitializer(opts.KernelInitializer, initGlorotUniform); err != nil {
		return l.withErr(err)
	}
	biasDefault := initZeros
	if l.kernelInit == initTorchLinear {
		biasDefault = initTorchLinear
	}
	if l.biasInit, err = parseInitializer(opts.BiasInitializer, biasDefault); err != nil {
		return l.withErr(err)
	}
	return l
}

// Flatten returns a layer that flattens each sample to a vector, e.g.
// 28×28 images to 784 values. It has no weights and copies nothing.
func Flatten() Layer { return Layer{kind: kindFlatten} }

// Dropout returns a layer that, while training, zeroes each input with
// probability rate and scales the kept ones by 1/(1−rate) ("inverted"
// dropout, as Keras and PyTorch do), so that at inference it passes its
// input through unchanged. rate must be in [0, 1).
func Dropout(rate float64) Layer {
	l := Layer{kind: kindDropout, rate: rate}
	if !(rate >= 0 && rate < 1) {
		l.err = fmt.Errorf("Dropout rate must be in [0, 1), got %v", rate)
	}
	return l
}

// Input declares the shape of one input sample (without the batch
// dimension), as keras.Input(shape=…) does, so the model can be built —
// and summarised — before it sees data. It may only be the first layer.
func Input(shape ...int) Layer {
	l := Layer{kind: kindInput, shape: append([]int(nil), shape...)}
	if len(shape) == 0 {
		l.err = fmt.Errorf("Input needs a shape")
	}
	for _, d := range shape {
		if d < 1 {
			l.err = fmt.Errorf("Input shape %s has a dimension below 1", shapeString(shape))
		}
	}
	return l
}

func (l Layer) withErr(err error) Layer {
	l.err = err
	return l
}

// Kind returns the layer's Keras class name: "Dense", "Flatten",
// "Dropout" or "InputLayer".
func (l Layer) Kind() string { return l.kind.String() }

// Name returns the layer's name ("" until it joins a model, which names
// unnamed layers).
func (l Layer) Name() string { return l.name }

// String describes the layer as its constructor call would, e.g.
// `Dense(128, "relu")`.
func (l Layer) String() string {
	switch l.kind {
	case kindDense:
		return fmt.Sprintf("Dense(%d, %q)", l.units, l.activation)
	case kindDropout:
		return fmt.Sprintf("Dropout(%g)", l.rate)
	case kindInput:
		return fmt.Sprintf("Input%s", strings.ReplaceAll(shapeString(l.shape), ",)", ")"))
	}
	return l.kind.String() + "()"
}

// outputShape returns the per-sample output shape for a per-sample input
// shape, or an error naming the mismatch.
func (l Layer) outputShape(in []int) ([]int, error) {
	switch l.kind {
	case kindFlatten:
		return []int{product(in)}, nil
	case kindDense:
		if len(in) != 1 {
			return nil, fmt.Errorf("Dense expects a vector per sample, got shape %s (add Flatten() before it)", shapeString(in))
		}
		return []int{l.units}, nil
	}
	return in, nil
}

// paramCount returns the number of weights the layer holds for a
// per-sample input shape it accepts.
func (l Layer) paramCount(in []int) int {
	if l.kind != kindDense || len(in) != 1 {
		return 0
	}
	n := in[0] * l.units
	if !l.noBias {
		n += l.units
	}
	return n
}

// product returns the product of dims (1 for none).
func product(dims []int) int {
	n := 1
	for _, d := range dims {
		n *= d
	}
	return n
}

// unit is a built layer computing on batches of T.
type unit[T float] interface {
	// forward returns the layer's output for the batch x; the result
	// stays valid until the next forward.
	forward(x matrix[T], training bool) matrix[T]
	// backward takes the gradient of the loss with respect to the last
	// forward's output and stores the parameter gradients; when needDx it
	// returns the gradient with respect to that forward's input.
	backward(dy matrix[T], needDx bool) matrix[T]
}

// flattenUnit passes batches through: a batch is already a matrix of
// flattened samples, so Flatten changes only the model's shape bookkeeping.
type flattenUnit[T float] struct{}

func (flattenUnit[T]) forward(x matrix[T], _ bool) matrix[T]   { return x }
func (flattenUnit[T]) backward(dy matrix[T], _ bool) matrix[T] { return dy }

// dropoutUnit is inverted dropout.
type dropoutUnit[T float] struct {
	rate    float64
	rng     *rand.Rand
	mask    []T // 0 or 1/(1−rate) per element of the last training forward
	out, dx []T
	active  bool // whether the last forward dropped anything
}

func (d *dropoutUnit[T]) forward(x matrix[T], training bool) matrix[T] {
	d.active = training && d.rate > 0
	if !d.active {
		return x
	}
	n := x.rows * x.cols
	d.mask = resize(d.mask, n)
	keep := T(1 / (1 - d.rate))
	for i := range d.mask {
		if d.rng.Float64() < d.rate {
			d.mask[i] = 0
		} else {
			d.mask[i] = keep
		}
	}
	out := view(&d.out, x.rows, x.cols)
	for i, v := range x.data[:n] {
		out.data[i] = v * d.mask[i]
	}
	return out
}

func (d *dropoutUnit[T]) backward(dy matrix[T], needDx bool) matrix[T] {
	if !d.active || !needDx {
		return dy
	}
	dx := view(&d.dx, dy.rows, dy.cols)
	for i, m := range d.mask[:len(dx.data)] {
		dx.data[i] = dy.data[i] * m
	}
	return dx
}
