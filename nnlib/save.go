package nnlib

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
)

// Model files are JSON, versioned by these two fields:
//
//	{"format": "gonn.nnlib.Sequential", "version": 1, "name": …, "dtype": "float32",
//	 "seed": 0, "input_shape": [28, 28],
//	 "layers": [{"type": "Flatten", "name": "flatten"},
//	            {"type": "Dense", "name": "dense", "units": 128, "activation": "relu",
//	             "kernel": [… in×units values, row-major …], "bias": [… units …]}, …],
//	 "compile": {"optimizer": {…}, "loss": …, "metrics": […], "from_logits": false},
//	 "optimizer_state": {"step": 9375, "slots": [[…], […]]}}
//
// Numbers are written in the shortest form that reads back to the same
// float32 (or float64), so weights round-trip exactly.
const (
	modelFormat  = "gonn.nnlib.Sequential"
	modelVersion = 1
)

type modelFile struct {
	Format     string       `json:"format"`
	Version    int          `json:"version"`
	Name       string       `json:"name"`
	DType      string       `json:"dtype"`
	Seed       uint64       `json:"seed"`
	InputShape []int        `json:"input_shape"`
	Layers     []layerFile  `json:"layers"`
	Compile    *compileFile `json:"compile,omitempty"`
	OptState   *optFile     `json:"optimizer_state,omitempty"`
}

type layerFile struct {
	Type              string  `json:"type"`
	Name              string  `json:"name"`
	Units             int     `json:"units,omitempty"`
	Activation        string  `json:"activation,omitempty"`
	NegativeSlope     float64 `json:"negative_slope,omitempty"`
	KernelInitializer string  `json:"kernel_initializer,omitempty"`
	BiasInitializer   string  `json:"bias_initializer,omitempty"`
	NoBias            bool    `json:"no_bias,omitempty"`
	Rate              float64 `json:"rate,omitempty"`
	Kernel            *floats `json:"kernel,omitempty"`
	Bias              *floats `json:"bias,omitempty"`
}

type compileFile struct {
	Optimizer  optimizerFile `json:"optimizer"`
	Loss       string        `json:"loss"`
	Metrics    []string      `json:"metrics"`
	FromLogits bool          `json:"from_logits,omitempty"`
}

type optimizerFile struct {
	Name         string        `json:"name"`
	LearningRate float64       `json:"learning_rate"`
	Schedule     *scheduleFile `json:"schedule,omitempty"`
	Momentum     float64       `json:"momentum,omitempty"`
	Nesterov     bool          `json:"nesterov,omitempty"`
	Beta1        float64       `json:"beta1,omitempty"`
	Beta2        float64       `json:"beta2,omitempty"`
	Epsilon      float64       `json:"epsilon,omitempty"`
	WeightDecay  float64       `json:"weight_decay,omitempty"`
	Rho          float64       `json:"rho,omitempty"`
}

type scheduleFile struct {
	Kind      uint8   `json:"kind"`
	Initial   float64 `json:"initial"`
	Steps     int     `json:"steps"`
	Rate      float64 `json:"rate"`
	Staircase bool    `json:"staircase,omitempty"`
}

type optFile struct {
	Step  int       `json:"step"`
	Slots []*floats `json:"slots,omitempty"`
}

// floats is a JSON array of numbers written with the precision of bits
// (32 or 64) so that they read back exactly.
type floats struct {
	v    []float64
	bits int
}

func (f *floats) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 2+len(f.v)*12)
	b = append(b, '[')
	for i, x := range f.v {
		if isNaNOrInf(x) {
			return nil, fmt.Errorf("weight %d is %v, which a model file cannot hold", i, x)
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, x, 'g', -1, f.bits)
	}
	return append(b, ']'), nil
}

func (f *floats) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &f.v) }

// Save writes the model — its layers, weights, compile settings and
// optimizer state — to path as a versioned JSON file (see Load). The file
// is replaced atomically: a failed Save leaves any previous file intact.
func (m *Sequential) Save(path string) error {
	var buf bytes.Buffer
	if err := m.SaveTo(&buf); err != nil {
		return fmt.Errorf("nnlib: Save %s: %w", path, err)
	}
	if err := writeFileAtomic(path, buf.Bytes()); err != nil {
		return fmt.Errorf("nnlib: Save: %w", err)
	}
	return nil
}

// SaveTo writes the model file to w (see Save). It fails for a model not
// yet built: there are no weights to write.
func (m *Sequential) SaveTo(w io.Writer) error {
	if m.err != nil {
		return m.err
	}
	if m.net == nil {
		return errors.New("the model is not built yet: nothing to save")
	}
	bits := 32
	if m.dtype == Float64 {
		bits = 64
	}
	f := modelFile{Format: modelFormat, Version: modelVersion, Name: m.name, DType: m.dtype.String(),
		Seed: m.seed, InputShape: m.inShape}
	params := m.net.flatParams()
	shape := m.inShape
	for _, l := range m.layers {
		lf := layerFile{Type: l.kind.String(), Name: l.name}
		switch l.kind {
		case kindDense:
			lf.Units, lf.Activation, lf.NoBias = l.units, l.activation.String(), l.noBias
			lf.KernelInitializer, lf.BiasInitializer = l.kernelInit.String(), l.biasInit.String()
			if l.activation == actLeakyReLU {
				lf.NegativeSlope = l.slope
			}
			nk := shape[0] * l.units
			lf.Kernel, params = &floats{params[:nk], bits}, params[nk:]
			if !l.noBias {
				lf.Bias, params = &floats{params[:l.units], bits}, params[l.units:]
			}
		case kindDropout:
			lf.Rate = l.rate
		}
		shape, _ = l.outputShape(shape)
		f.Layers = append(f.Layers, lf)
	}
	if m.compiled {
		f.Compile = compileToFile(m.comp)
		s := m.net.optSnapshot()
		f.OptState = &optFile{Step: s.Step}
		for _, slot := range s.Slots {
			f.OptState.Slots = append(f.OptState.Slots, &floats{slot, bits})
		}
	}
	enc := json.NewEncoder(w)
	return enc.Encode(&f)
}

func compileToFile(c compileConfig) *compileFile {
	o := c.opt
	of := optimizerFile{Name: o.Name, LearningRate: o.LearningRate, Momentum: o.Momentum, Nesterov: o.Nesterov,
		Beta1: o.Beta1, Beta2: o.Beta2, Epsilon: o.Epsilon, WeightDecay: o.WeightDecay, Rho: o.Rho}
	if s := o.Schedule; !s.IsZero() {
		of.Schedule = &scheduleFile{uint8(s.kind), s.initial, s.steps, s.rate, s.staircase}
	}
	return &compileFile{Optimizer: of, Loss: c.lossName, Metrics: c.metricNames, FromLogits: c.fromLogits}
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it over path.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Load reads a model written by Save: layers, weights (exactly), compile
// settings and optimizer state, so training can continue where it
// stopped. The model's random source starts again from its seed. Load
// fails, saying what is wrong, on a file that is not a model file, is of a
// newer version, or is damaged.
func Load(path string) (*Sequential, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("nnlib: Load: %w", err)
	}
	defer f.Close()
	m, err := ReadModel(f)
	if err != nil {
		return nil, fmt.Errorf("nnlib: Load %s: %w", path, err)
	}
	return m, nil
}

// MustLoad is Load that panics on error, for notebook cells.
func MustLoad(path string) *Sequential {
	m, err := Load(path)
	if err != nil {
		panic(err)
	}
	return m
}

// ReadModel reads a model file from r (see Load).
func ReadModel(r io.Reader) (*Sequential, error) {
	var f modelFile
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not a valid model file: %w", err)
	}
	if f.Format != modelFormat {
		return nil, fmt.Errorf("not a model file (format %q, want %q)", f.Format, modelFormat)
	}
	if f.Version < 1 || f.Version > modelVersion {
		return nil, fmt.Errorf("model file version %d is not one this nnlib reads (1 to %d)", f.Version, modelVersion)
	}
	opts := ModelOptions{Name: f.Name, Seed: f.Seed}
	switch f.DType {
	case "float64":
		opts.Float64 = true
	case "float32":
	default:
		return nil, fmt.Errorf("model file dtype %q, want float32 or float64", f.DType)
	}
	layers, params, err := layersFromFile(f.Layers)
	if err != nil {
		return nil, err
	}
	if want, err := paramTotal(layers, f.InputShape); err != nil || want != len(params) {
		if err == nil {
			err = fmt.Errorf("the file has %d weights, its layers need %d", len(params), want)
		}
		return nil, fmt.Errorf("model file: %w", err)
	}
	m := NewSequentialWith(opts, layers...)
	if err := m.Build(f.InputShape...); err != nil {
		return nil, fmt.Errorf("model file: %w", err)
	}
	if len(params) != m.net.numParams() {
		return nil, fmt.Errorf("model file has %d weights, its layers need %d", len(params), m.net.numParams())
	}
	m.net.setFlatParams(params)
	if f.Compile != nil {
		if err := m.compileFromFile(f.Compile, f.OptState); err != nil {
			return nil, fmt.Errorf("model file: %w", err)
		}
	}
	return m, nil
}

// paramTotal counts the weights layers need for inputs of shape in,
// without allocating them.
func paramTotal(layers []Layer, in []int) (int, error) {
	if err := checkSize(in, "input"); err != nil {
		return 0, err
	}
	total := 0
	for i, l := range layers {
		total += l.paramCount(in)
		out, err := l.outputShape(in)
		if err != nil {
			return 0, fmt.Errorf("layer %d (%s): %w", i, l.name, err)
		}
		in = out
	}
	return total, nil
}

// layersFromFile rebuilds the layers and gathers their weights in the
// model's flat order, checking each layer's weights for finite values.
func layersFromFile(lfs []layerFile) ([]Layer, []float64, error) {
	var layers []Layer
	var params []float64
	for i, lf := range lfs {
		var l Layer
		switch lf.Type {
		case "Dense":
			l = DenseWith(DenseOptions{Units: lf.Units, Activation: lf.Activation, NegativeSlope: lf.NegativeSlope,
				KernelInitializer: lf.KernelInitializer, BiasInitializer: lf.BiasInitializer, NoBias: lf.NoBias, Name: lf.Name})
			if lf.Kernel == nil || (lf.Bias == nil) != lf.NoBias {
				return nil, nil, fmt.Errorf("model file: layer %d (%s) lacks its weights", i, lf.Name)
			}
			params = append(params, lf.Kernel.v...)
			if lf.Bias != nil {
				params = append(params, lf.Bias.v...)
			}
		case "Flatten":
			l = Flatten()
		case "Dropout":
			l = Dropout(lf.Rate)
		default:
			return nil, nil, fmt.Errorf("model file: layer %d has unknown type %q", i, lf.Type)
		}
		if l.err != nil {
			return nil, nil, fmt.Errorf("model file: layer %d (%s): %w", i, lf.Name, l.err)
		}
		l.name = lf.Name
		layers = append(layers, l)
	}
	if !finite(params) {
		return nil, nil, errors.New("model file: weights must be finite numbers")
	}
	return layers, params, nil
}

// compileFromFile compiles a loaded model and restores its optimizer.
func (m *Sequential) compileFromFile(c *compileFile, st *optFile) error {
	o := c.Optimizer
	opt := Optimizer{Name: o.Name, LearningRate: o.LearningRate, Momentum: o.Momentum, Nesterov: o.Nesterov,
		Beta1: o.Beta1, Beta2: o.Beta2, Epsilon: o.Epsilon, WeightDecay: o.WeightDecay, Rho: o.Rho}
	if s := o.Schedule; s != nil {
		opt.Schedule = Schedule{kind: scheduleKind(s.Kind), initial: s.Initial, steps: s.Steps, rate: s.Rate, staircase: s.Staircase}
		if s.Kind > uint8(scheduleCosine) {
			return fmt.Errorf("unknown learning-rate schedule kind %d", s.Kind)
		}
	}
	if err := m.CompileWith(CompileOptions{Optimizer: opt, Loss: c.Loss, Metrics: c.Metrics, FromLogits: c.FromLogits}); err != nil {
		return err
	}
	if st == nil {
		return nil
	}
	snap := optSnapshot{Step: st.Step}
	for _, s := range st.Slots {
		if s == nil || !finite(s.v) {
			return errors.New("optimizer state must hold finite numbers")
		}
		snap.Slots = append(snap.Slots, s.v)
	}
	return m.net.restoreOpt(snap)
}
