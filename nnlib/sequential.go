package nnlib

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
)

// ModelOptions configures a Sequential model. The zero value is a float32
// model named "sequential" seeded with 0.
type ModelOptions struct {
	// Name names the model in Summary; "" means "sequential".
	Name string
	// Seed seeds the model's random source, which draws the initial
	// weights, the per-epoch shuffles and the dropout masks: the same seed
	// and the same calls give the same numbers on every run.
	Seed uint64
	// Float64 computes in float64 instead of float32: about as exact as
	// the reference values and the finite-difference checks, for lessons
	// and tests, but several times slower.
	Float64 bool
}

// Sequential is a stack of layers trained as one model, shaped like
// Keras's Sequential: NewSequential, Compile, Fit, Evaluate, Predict.
//
// It is built (its weights drawn) when it first learns its input shape:
// from an Input layer, from Build, or from the first data it is given.
// Besides Fit, a training step can be taken a piece at a time — Forward,
// Loss (or BackwardFrom), Backward, Step — with every intermediate
// readable in between (see Output, Delta, KernelGrad, InputGrad).
//
// A model is not safe for use by several goroutines at once.
type Sequential struct {
	name    string
	layers  []Layer // the layers, Input excluded
	inShape []int   // per-sample input shape, once known
	seed    uint64
	dtype   DType
	err     error      // the first configuration error of a layer
	src     *rand.PCG  // the model's random source…
	rng     *rand.Rand // …and the generator drawing from it
	net     netAPI     // nil until built

	compiled bool
	comp     compileConfig

	env     Environment
	stop    bool    // a callback asked Fit to stop
	fitting bool    // Fit is running (guards against re-entry from callbacks)
	run     *fitRun // the running Fit, for callbacks; nil between Fits
}

// compileConfig is what Compile settled.
type compileConfig struct {
	opt         Optimizer // resolved
	loss        lossKind
	fromLogits  bool
	metrics     []metricKind
	metricNames []string
	lossName    string
}

// NewSequential returns a float32 model of the given layers, seeded with 0
// (see ModelOptions). A bad layer configuration is reported by Compile,
// Build and Fit.
func NewSequential(layers ...Layer) *Sequential {
	return NewSequentialWith(ModelOptions{}, layers...)
}

// NewSequentialWith returns a model of the given layers configured by
// opts.
func NewSequentialWith(opts ModelOptions, layers ...Layer) *Sequential {
	m := &Sequential{name: opts.Name, seed: opts.Seed, dtype: Float32}
	if m.name == "" {
		m.name = "sequential"
	}
	if opts.Float64 {
		m.dtype = Float64
	}
	m.src = rand.NewPCG(opts.Seed, 0x9e3779b97f4a7c15)
	m.rng = rand.New(m.src)
	counts := map[string]int{}
	for i, l := range layers {
		if l.kind == 0 {
			m.setErr(fmt.Errorf("layer %d is the zero Layer (make layers with Dense, Flatten, Dropout or Input)", i))
			continue
		}
		if l.err != nil {
			m.setErr(fmt.Errorf("layer %d (%s): %w", i, l.kind, l.err))
		}
		if l.kind == kindInput {
			if i != 0 {
				m.setErr(fmt.Errorf("layer %d: Input may only be the first layer", i))
			}
			m.inShape = slices.Clone(l.shape)
			continue
		}
		if l.name == "" {
			base := snake(l.kind.String())
			l.name = base
			if c := counts[base]; c > 0 {
				l.name = fmt.Sprintf("%s_%d", base, c)
			}
			counts[base]++
		}
		m.layers = append(m.layers, l)
	}
	if m.err == nil && len(m.layers) == 0 {
		m.setErr(errors.New("the model has no layers"))
	}
	return m
}

// setErr records the first configuration error.
func (m *Sequential) setErr(err error) {
	if m.err == nil {
		m.err = fmt.Errorf("nnlib: %w", err)
	}
}

// snake turns a class name into Keras's layer name: "Dense" → "dense".
func snake(s string) string {
	out := make([]rune, 0, len(s)+2)
	for i, r := range s {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				out = append(out, '_')
			}
			r += 'a' - 'A'
		}
		out = append(out, r)
	}
	return string(out)
}

// Name returns the model's name.
func (m *Sequential) Name() string { return m.name }

// DType returns the element type the model computes in: Float32 or
// Float64.
func (m *Sequential) DType() DType { return m.dtype }

// Layers returns the model's layers (Input excluded), named.
func (m *Sequential) Layers() []Layer { return slices.Clone(m.layers) }

// Built reports whether the model has its weights.
func (m *Sequential) Built() bool { return m.net != nil }

// InputShape returns the shape of one input sample, or nil before the
// model knows it.
func (m *Sequential) InputShape() []int { return slices.Clone(m.inShape) }

// Build draws the model's weights for input samples of the given shape
// (e.g. Build(28, 28) for MNIST images). With no shape it uses the Input
// layer's. Building an already built model for the same shape does
// nothing; for another shape it fails.
func (m *Sequential) Build(shape ...int) error {
	if m.err != nil {
		return m.err
	}
	if len(shape) == 0 {
		if m.inShape == nil {
			return errors.New("nnlib: Build: no input shape (pass one, e.g. Build(784), or start the model with Input(784))")
		}
		shape = m.inShape
	}
	for _, d := range shape {
		if d < 1 {
			return fmt.Errorf("nnlib: Build: input shape %s has a dimension below 1", shapeString(shape))
		}
	}
	if m.net != nil {
		if !slices.Equal(shape, m.inShape) {
			return fmt.Errorf("nnlib: the model is built for input %s, not %s", shapeString(m.inShape), shapeString(shape))
		}
		return nil
	}
	if m.inShape != nil && !slices.Equal(shape, m.inShape) {
		return fmt.Errorf("nnlib: Build: shape %s differs from the Input layer's %s", shapeString(shape), shapeString(m.inShape))
	}
	var n netAPI
	var err error
	if m.dtype == Float64 {
		n, err = buildNet[float64](m.layers, shape, m.rng)
	} else {
		n, err = buildNet[float32](m.layers, shape, m.rng)
	}
	if err != nil {
		return fmt.Errorf("nnlib: Build %s: %w", shapeString(shape), err)
	}
	m.net, m.inShape = n, slices.Clone(shape)
	if m.compiled {
		m.net.compile(m.comp)
	}
	return nil
}

// buildNet is newNet returning the interface.
func buildNet[T float](specs []Layer, shape []int, rng *rand.Rand) (netAPI, error) {
	n, err := newNet[T](specs, shape, rng)
	if err != nil {
		return nil, err
	}
	return n, nil
}

// ensureBuilt builds the model for x's samples, or checks that x fits it.
func (m *Sequential) ensureBuilt(x *Tensor, what string) error {
	if m.err != nil {
		return m.err
	}
	shape := x.sampleShape()
	if m.net == nil {
		if m.inShape != nil && product(m.inShape) == product(shape) && m.layers[0].kind == kindFlatten {
			shape = m.inShape // e.g. 784-vectors for a model declared Input(28, 28), Flatten()
		}
		return m.Build(shape...)
	}
	if slices.Equal(shape, m.inShape) || (product(shape) == product(m.inShape) && m.layers[0].kind == kindFlatten) {
		return nil
	}
	return fmt.Errorf("nnlib: %s has samples of shape %s, the model takes %s", what, shapeString(shape), shapeString(m.inShape))
}

// CompileOptions configures training; see Compile.
type CompileOptions struct {
	// Optimizer updates the weights (required).
	Optimizer Optimizer
	// Loss is "mse" (or "mean_squared_error"),
	// "sparse_categorical_crossentropy" (integer labels),
	// "categorical_crossentropy" (one-hot targets) or
	// "binary_crossentropy" (targets in [0, 1]).
	Loss string
	// Metrics are reported by Fit and Evaluate besides the loss:
	// "accuracy", "mse", "mae".
	Metrics []string
	// FromLogits says the model's last layer outputs logits (linear
	// activation) and the cross-entropy applies softmax (or sigmoid)
	// itself, as PyTorch's CrossEntropyLoss does. Without it a softmax or
	// sigmoid last layer is fused with the cross-entropy anyway (as Keras
	// does), and any other output is taken as probabilities.
	FromLogits bool
}

// Compile sets the optimizer, the loss and the metrics to report, as
// Keras's compile does:
//
//	m.Compile(nnlib.Adam(0.001), "sparse_categorical_crossentropy", "accuracy")
//
// See CompileOptions for the names. Compiling again replaces the
// optimizer and its state (moments, step count); the weights stay.
func (m *Sequential) Compile(opt Optimizer, loss string, metrics ...string) error {
	return m.CompileWith(CompileOptions{Optimizer: opt, Loss: loss, Metrics: metrics})
}

// CompileWith is Compile with every option.
func (m *Sequential) CompileWith(opts CompileOptions) error {
	if m.err != nil {
		return m.err
	}
	c, err := m.checkCompile(opts)
	if err != nil {
		return fmt.Errorf("nnlib: Compile: %w", err)
	}
	m.comp, m.compiled = c, true
	if m.net != nil {
		m.net.compile(c)
	}
	return nil
}

// checkCompile validates opts against the model's layers.
func (m *Sequential) checkCompile(opts CompileOptions) (compileConfig, error) {
	var c compileConfig
	var err error
	if c.opt, err = opts.Optimizer.resolve(); err != nil {
		return c, err
	}
	if c.loss, err = parseLoss(opts.Loss); err != nil {
		return c, err
	}
	c.lossName, c.fromLogits = c.loss.String(), opts.FromLogits
	last := m.layers[len(m.layers)-1]
	if opts.FromLogits && last.kind == kindDense && (last.activation == actSoftmax || last.activation == actSigmoid) {
		return c, fmt.Errorf("FromLogits with a %s last layer: its outputs are probabilities, not logits (drop FromLogits, or use a linear last layer)", last.activation)
	}
	if opts.FromLogits && c.loss == lossMSE {
		return c, errors.New("FromLogits applies to cross-entropy losses, not mse")
	}
	for _, name := range opts.Metrics {
		k, err := parseMetric(name, c.loss)
		if err != nil {
			return c, err
		}
		if !slices.Contains(c.metrics, k) {
			c.metrics = append(c.metrics, k)
			c.metricNames = append(c.metricNames, k.String())
		}
	}
	return c, nil
}

// Compiled reports whether Compile has succeeded.
func (m *Sequential) Compiled() bool { return m.compiled }

// Optimizer returns the compiled optimizer with its defaults filled in.
func (m *Sequential) Optimizer() Optimizer { return m.comp.opt }

// StopTraining asks a running Fit to stop after the current batch, as
// setting Keras's model.stop_training does; callbacks call it. Fit
// returns normally with the history so far.
func (m *Sequential) StopTraining() { m.stop = true }

// NumParams returns the number of weights (0 before the model is built).
func (m *Sequential) NumParams() int {
	if m.net == nil {
		return 0
	}
	return m.net.numParams()
}
