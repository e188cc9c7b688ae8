package nnlib

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
)

// Progress output modes for FitOptions.Verbose.
const (
	// VerboseAuto (the zero value) uses the model's Environment.Verbose
	// when a host set one — in a gonn notebook, VerboseLive — and
	// otherwise draws a live progress bar when the progress writer is a
	// terminal and writes one line per epoch when it is not (files,
	// pipes).
	VerboseAuto = 0
	// VerboseBar always draws the live bar, redrawn with carriage returns.
	VerboseBar = 1
	// VerboseEpoch writes one line per epoch.
	VerboseEpoch = 2
	// VerboseSilent writes nothing.
	VerboseSilent = -1
	// VerboseLive writes no text but shows the progress and the curves
	// in one output area updated in place, as LiveProgress does, through
	// the Displayer of the Fit's context (display.FromContext): in a gonn
	// notebook, the cell's output.
	VerboseLive = 3
)

// FitOptions configures Fit. The zero value of every field means Keras's
// default.
type FitOptions struct {
	// Epochs is the number of passes over the training data; 0 means 1.
	Epochs int
	// BatchSize is the number of samples per gradient step; 0 means 32,
	// or the whole training set for the GD optimizer.
	BatchSize int
	// ValidationSplit holds back this fraction of the samples, the last
	// ones (before shuffling, as Keras does), to report val_loss and
	// val_<metric> after each epoch. It must be in [0, 1).
	ValidationSplit float64
	// ValidationX and ValidationY, when set, are the validation data
	// instead (Keras's validation_data); they take the same types as Fit's
	// x and y.
	ValidationX, ValidationY any
	// NoShuffle keeps the samples in order; by default they are shuffled
	// before every epoch, from the model's seeded random source.
	NoShuffle bool
	// Verbose is VerboseAuto, VerboseBar, VerboseEpoch, VerboseLive or
	// VerboseSilent.
	Verbose int
	// Progress receives the progress output; nil means the model's
	// Environment's Progress, or os.Stdout.
	Progress io.Writer
	// Context, when cancelled, stops Fit within one batch; nil means the
	// model's Environment's Context, if any.
	Context context.Context
	// Callbacks are called during training, before the Environment's.
	Callbacks []Callback
}

// fitRun is one Fit call with everything resolved and checked.
type fitRun struct {
	x          *Tensor
	t          targets
	nTrain     int     // samples [0, nTrain) of x train
	valX       *Tensor // validation samples, nil for none
	valT       targets // their truth
	valFrom    int     // first validation sample of valX
	epochs     int     // passes
	batch      int     // batch size
	shuffle    bool    //
	ctx        context.Context
	prog       *progress
	callbacks  []Callback
	logNames   []string // "loss", metrics…, then "val_loss", "val_<metric>"…
	metricName []string
	live       map[*liveProgress]*liveRun // LiveProgress callbacks' state
}

// Fit trains the model on samples x with truth y and returns the
// per-epoch history, as Keras's fit does:
//
//	hist, err := m.Fit(xTrain, yTrain, nnlib.FitOptions{Epochs: 5})
//
// x may be a *Tensor, a *mat.Dense, [][]float64 or []float64 (one value
// per sample); y holds class labels ([]int, []uint8, or a vector tensor)
// for sparse_categorical_crossentropy and otherwise one row per sample,
// shaped like the model's output. The model is built on first use.
//
// Fit checks its input before training: it fails, naming the problem, on
// an empty or mismatched dataset, labels out of range, NaN or infinite
// values, or a model that is not compiled. If the context is cancelled
// (FitOptions.Context or the Environment's) Fit stops within one batch and
// returns the history so far with an error wrapping the context's; the
// model keeps the weights of every step taken.
func (m *Sequential) Fit(x, y any, opts FitOptions) (*History, error) {
	r, err := m.prepareFit(x, y, opts)
	if err != nil {
		return nil, err
	}
	m.fitting, m.stop, m.run = true, false, r
	defer func() { m.fitting, m.run = false, nil }()
	h, err := m.net.fit(m, r)
	r.finishLive(err)
	return h, err
}

// prepareFit resolves and checks a Fit call.
func (m *Sequential) prepareFit(xv, yv any, opts FitOptions) (*fitRun, error) {
	if m.err != nil {
		return nil, m.err
	}
	if m.fitting {
		return nil, errors.New("nnlib: Fit called while the model is already training (from a callback?)")
	}
	if !m.compiled {
		return nil, errors.New("nnlib: Fit before Compile: call m.Compile(optimizer, loss, metrics...) first")
	}
	x, t, err := m.dataset(xv, yv, "x")
	if err != nil {
		return nil, fmt.Errorf("nnlib: Fit: %w", err)
	}
	r := &fitRun{x: x, t: t, nTrain: x.Len(), epochs: max(opts.Epochs, 1), shuffle: !opts.NoShuffle}
	if opts.Epochs < 0 {
		return nil, fmt.Errorf("nnlib: Fit: Epochs is %d, want at least 1", opts.Epochs)
	}
	if err := m.validationData(r, opts); err != nil {
		return nil, fmt.Errorf("nnlib: Fit: %w", err)
	}
	switch {
	case opts.BatchSize < 0:
		return nil, fmt.Errorf("nnlib: Fit: BatchSize is %d, want at least 1", opts.BatchSize)
	case opts.BatchSize > 0:
		r.batch = opts.BatchSize
	case m.comp.opt.Name == "gd":
		r.batch = r.nTrain
	default:
		r.batch = 32
	}
	r.batch = min(r.batch, r.nTrain)
	r.ctx = opts.Context
	if r.ctx == nil && m.env.Context != nil {
		r.ctx = m.env.Context()
	}
	if r.ctx == nil {
		r.ctx = context.Background()
	}
	w := opts.Progress
	if w == nil {
		w = m.env.Progress
	}
	if w == nil {
		w = os.Stdout
	}
	r.metricName = m.comp.metricNames
	r.logNames = append([]string{"loss"}, r.metricName...)
	if r.valX != nil {
		for _, n := range append([]string{"loss"}, r.metricName...) {
			r.logNames = append(r.logNames, "val_"+n)
		}
	}
	verbose := opts.Verbose
	if verbose == VerboseAuto {
		verbose = m.env.Verbose
	}
	steps := (r.nTrain + r.batch - 1) / r.batch
	r.prog = newProgress(w, verbose, r.epochs, steps)
	r.callbacks = append(append([]Callback(nil), opts.Callbacks...), m.env.Callbacks...)
	if verbose == VerboseLive {
		r.callbacks = append(r.callbacks, LiveProgress(nil, LiveOptions{}))
	}
	return r, nil
}

// dataset converts and checks samples and their truth, building the model
// for the samples when needed.
func (m *Sequential) dataset(xv, yv any, what string) (*Tensor, targets, error) {
	x, err := AsTensor(xv)
	if err != nil {
		return nil, targets{}, fmt.Errorf("%s: %w", what, err)
	}
	if x.Len() == 0 || x.sampleSize() == 0 {
		return nil, targets{}, fmt.Errorf("%s is empty (shape %s)", what, shapeString(x.shape))
	}
	if err := x.checkFinite(what); err != nil {
		return nil, targets{}, err
	}
	if err := m.ensureBuilt(x, what); err != nil {
		return nil, targets{}, err
	}
	if yv == nil {
		return x, targets{}, nil
	}
	_, out := m.net.dims()
	t, err := toTargets(m.comp.loss, yv, x.Len(), out)
	if err != nil {
		return nil, targets{}, fmt.Errorf("%s: %w", truthName(what), err)
	}
	return x, t, nil
}

// truthName names the truth that goes with samples called what: "y" for
// "x", "validation y" for "validation x".
func truthName(what string) string {
	if strings.HasSuffix(what, "x") {
		return strings.TrimSuffix(what, "x") + "y"
	}
	return what + "'s truth"
}

// validationData sets up the validation samples of a Fit call.
func (m *Sequential) validationData(r *fitRun, opts FitOptions) error {
	s := opts.ValidationSplit
	if !(s >= 0 && s < 1) {
		return fmt.Errorf("ValidationSplit is %v, want a fraction in [0, 1)", s)
	}
	if opts.ValidationX != nil || opts.ValidationY != nil {
		if opts.ValidationX == nil || opts.ValidationY == nil {
			return errors.New("validation data needs both ValidationX and ValidationY")
		}
		vx, vt, err := m.dataset(opts.ValidationX, opts.ValidationY, "validation x")
		if err != nil {
			return err
		}
		r.valX, r.valT = vx, vt
		return nil
	}
	if s == 0 {
		return nil
	}
	n := r.x.Len()
	r.nTrain = int(math.Ceil(float64(n) * (1 - s)))
	if r.nTrain == n || r.nTrain == 0 {
		return fmt.Errorf("ValidationSplit %v of %d samples leaves no validation or no training samples", s, n)
	}
	r.valX, r.valT, r.valFrom = r.x, r.t, r.nTrain
	return nil
}

// Evaluate returns the loss and the compiled metrics of the model on
// samples x with truth y (see Fit for the types), keyed "loss",
// "accuracy", …, as Keras's evaluate does. Dropout is off.
func (m *Sequential) Evaluate(x, y any) (map[string]float64, error) {
	if m.err != nil {
		return nil, m.err
	}
	if !m.compiled {
		return nil, errors.New("nnlib: Evaluate before Compile: the model has no loss yet")
	}
	xt, t, err := m.dataset(x, y, "x")
	if err != nil {
		return nil, fmt.Errorf("nnlib: Evaluate: %w", err)
	}
	return m.net.evaluate(xt, t, 0, xt.Len()), nil
}

// Predict returns the model's outputs for samples x (see Fit for the
// types), one row per sample, in the model's DType. Dropout is off.
func (m *Sequential) Predict(x any) (*Tensor, error) {
	xt, _, err := m.dataset(x, nil, "x")
	if err != nil {
		return nil, fmt.Errorf("nnlib: Predict: %w", err)
	}
	return m.net.predict(xt), nil
}

// MustPredict is Predict that panics on error, for notebook cells.
func (m *Sequential) MustPredict(x any) *Tensor {
	t, err := m.Predict(x)
	if err != nil {
		panic(err)
	}
	return t
}

// Argmax returns, for each sample (row) of t, the index of its largest
// value: the predicted class of a classifier's output. It returns nil for
// a nil tensor.
func Argmax(t *Tensor) []int {
	if t == nil {
		return nil
	}
	n, s := t.Len(), t.sampleSize()
	out := make([]int, n)
	for i := range out {
		best := 0
		for j := 1; j < s; j++ {
			if t.at(i*s+j) > t.at(i*s+best) {
				best = j
			}
		}
		out[i] = best
	}
	return out
}

// Accuracy returns the share of predicted classes equal to the labels, 0
// for none. It fails when the lengths differ.
func Accuracy(predicted, labels []int) (float64, error) {
	if len(predicted) != len(labels) {
		return 0, fmt.Errorf("nnlib: Accuracy: %d predictions for %d labels", len(predicted), len(labels))
	}
	if len(labels) == 0 {
		return 0, nil
	}
	right := 0
	for i, p := range predicted {
		if p == labels[i] {
			right++
		}
	}
	return float64(right) / float64(len(labels)), nil
}
