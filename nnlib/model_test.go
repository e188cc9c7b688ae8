package nnlib

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// blobs returns n samples of 2-D points in three separable clusters.
func blobs(n int, seed uint64) ([][]float64, []int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	centers := [][2]float64{{-2, 0}, {2, 0}, {0, 2.5}}
	x := make([][]float64, n)
	y := make([]int, n)
	for i := range x {
		c := i % 3
		x[i] = []float64{centers[c][0] + rng.NormFloat64()*0.5, centers[c][1] + rng.NormFloat64()*0.5}
		y[i] = c
	}
	return x, y
}

func classifier(opts ModelOptions, extra ...Layer) *Sequential {
	layers := append([]Layer{Dense(16, "relu")}, extra...)
	layers = append(layers, Dense(3, "softmax"))
	m := NewSequentialWith(opts, layers...)
	if err := m.Compile(Adam(0.01), "sparse_categorical_crossentropy", "accuracy"); err != nil {
		panic(err)
	}
	return m
}

func TestFitLearnsAndIsDeterministic(t *testing.T) {
	x, y := blobs(300, 1)
	run := func(seed uint64) (*History, []float64) {
		m := classifier(ModelOptions{Seed: seed}, Dropout(0.2))
		h, err := m.Fit(x, y, FitOptions{Epochs: 8, BatchSize: 16, ValidationSplit: 0.2, Verbose: VerboseSilent})
		if err != nil {
			t.Fatal(err)
		}
		return h, m.net.flatParams()
	}
	h1, w1 := run(3)
	h2, w2 := run(3)
	h3, w3 := run(4)
	if !slices.Equal(w1, w2) || !slices.Equal(h1.Metrics["loss"], h2.Metrics["loss"]) {
		t.Error("the same seed gave different weights or loss curves")
	}
	if slices.Equal(w1, w3) || slices.Equal(h1.Metrics["loss"], h3.Metrics["loss"]) {
		t.Error("different seeds gave identical training")
	}
	if acc, _ := h1.Last("val_accuracy"); acc < 0.95 {
		t.Errorf("validation accuracy %v on separable blobs", acc)
	}
	if l := h1.Metrics["loss"]; l[len(l)-1] >= l[0] {
		t.Errorf("loss did not fall: %v", l)
	}
	for _, k := range []string{"loss", "accuracy", "val_loss", "val_accuracy"} {
		if len(h1.Metrics[k]) != 8 {
			t.Errorf("history %q has %d epochs, want 8", k, len(h1.Metrics[k]))
		}
	}
	if len(h1.Layers) != 2 || len(h1.GradNorm["dense"]) != 8 || h1.GradNorm["dense"][0] <= 0 {
		t.Errorf("gradient norms: layers %v, %v", h1.Layers, h1.GradNorm)
	}
	if h1.Steps != 8*15 { // 240 training samples in batches of 16
		t.Errorf("%d steps, want 120", h1.Steps)
	}
}

func TestValidationSplitHoldsBackTheLastSamples(t *testing.T) {
	x, y := blobs(40, 2)
	m := classifier(ModelOptions{Seed: 1})
	h, err := m.Fit(x, y, FitOptions{Epochs: 1, ValidationSplit: 0.25, Verbose: VerboseSilent})
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.Evaluate(x[30:], y[30:])
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := h.Last("val_loss"); v != res["loss"] {
		t.Errorf("val_loss %v, loss on the last 10 samples %v", v, res["loss"])
	}
	if h.Steps != 1 { // 30 training samples, one batch of 32
		t.Errorf("%d steps for 30 training samples, want 1", h.Steps)
	}
}

func TestBadInputGivesErrorsNotPanics(t *testing.T) {
	x, y := blobs(12, 3)
	nanX := [][]float64{{1, 2}, {math.NaN(), 0}}
	compiled := func() *Sequential { return classifier(ModelOptions{}) }
	for _, c := range []struct {
		name, want string
		call       func() error
	}{
		{"fit before compile", "before Compile", func() error {
			_, err := NewSequential(Dense(3, "softmax")).Fit(x, y, FitOptions{})
			return err
		}},
		{"empty dataset", "empty", func() error {
			_, err := compiled().Fit(MustTensor(NewTensor(nil, 0, 2)), []int{}, FitOptions{})
			return err
		}},
		{"label out of range", "label 3 at index 1 is out of range for 3 classes", func() error {
			_, err := compiled().Fit(x[:2], []int{0, 3}, FitOptions{})
			return err
		}},
		{"negative label", "out of range", func() error {
			_, err := compiled().Fit(x[:2], []int{-1, 0}, FitOptions{})
			return err
		}},
		{"label count", "2 labels for 12 samples", func() error {
			_, err := compiled().Fit(x, []int{0, 1}, FitOptions{})
			return err
		}},
		{"NaN in data", "NaN at sample 1", func() error {
			_, err := compiled().Fit(nanX, []int{0, 1}, FitOptions{})
			return err
		}},
		{"NaN in targets", "NaN", func() error {
			m := NewSequential(Dense(1, ""))
			m.Compile(SGD(0), "mse")
			_, err := m.Fit([]float64{1, 2}, []float64{1, math.NaN()}, FitOptions{})
			return err
		}},
		{"mismatched input shape", "samples of shape (3,), the model takes (2,)", func() error {
			m := compiled()
			if _, err := m.Fit(x, y, FitOptions{Verbose: VerboseSilent}); err != nil {
				return err
			}
			_, err := m.Predict([][]float64{{1, 2, 3}})
			return err
		}},
		{"mismatched targets", "targets of shape (12, 2) do not match the model's output (12, 3)", func() error {
			m := NewSequential(Dense(3, "softmax"))
			m.Compile(Adam(0), "categorical_crossentropy")
			_, err := m.Fit(x, x, FitOptions{})
			return err
		}},
		{"labels for categorical", "sparse_categorical_crossentropy", func() error {
			m := NewSequential(Dense(3, "softmax"))
			m.Compile(Adam(0), "categorical_crossentropy")
			_, err := m.Fit(x, y, FitOptions{})
			return err
		}},
		{"fractional label", "not a class number", func() error {
			_, err := compiled().Fit(x[:2], []float64{0, 1.5}, FitOptions{})
			return err
		}},
		{"unknown activation", `unknown activation "rleu"`, func() error {
			return NewSequential(Dense(3, "rleu")).Compile(Adam(0), "mse")
		}},
		{"zero units", "at least 1 unit", func() error { return NewSequential(Dense(0, "relu")).Build(3) }},
		{"bad dropout", "Dropout rate", func() error { return NewSequential(Dropout(1)).Build(3) }},
		{"unknown loss", `unknown loss "hinge"`, func() error { return NewSequential(Dense(3, "")).Compile(Adam(0), "hinge") }},
		{"unknown metric", `unknown metric "f1"`, func() error {
			return NewSequential(Dense(3, "")).Compile(Adam(0), "mse", "f1")
		}},
		{"accuracy with mse", "classification loss", func() error {
			return NewSequential(Dense(3, "")).Compile(Adam(0), "mse", "accuracy")
		}},
		{"bad optimizer", "learning rate", func() error { return NewSequential(Dense(3, "")).Compile(Adam(-1), "mse") }},
		{"no optimizer", "no name", func() error { return NewSequential(Dense(3, "")).Compile(Optimizer{}, "mse") }},
		{"logits with softmax", "FromLogits", func() error {
			return NewSequential(Dense(3, "softmax")).CompileWith(CompileOptions{Optimizer: SGD(0), Loss: "categorical_crossentropy", FromLogits: true})
		}},
		{"dense on images", "add Flatten()", func() error { return NewSequential(Dense(3, "")).Build(28, 28) }},
		{"input not first", "Input may only be the first layer", func() error {
			return NewSequential(Dense(3, ""), Input(2)).Build()
		}},
		{"zero layer", "zero Layer", func() error { return NewSequential(Layer{}).Build(2) }},
		{"validation split", "ValidationSplit", func() error {
			_, err := compiled().Fit(x, y, FitOptions{ValidationSplit: 1})
			return err
		}},
		{"negative batch", "BatchSize", func() error {
			_, err := compiled().Fit(x, y, FitOptions{BatchSize: -1})
			return err
		}},
		{"unsupported type", "cannot use string as data", func() error {
			_, err := compiled().Fit("pixels", y, FitOptions{})
			return err
		}},
		{"nil data", "no data", func() error {
			_, err := compiled().Predict(nil)
			return err
		}},
		{"nil matrix", "empty *mat.Dense", func() error {
			var d *mat.Dense
			_, err := compiled().Predict(d)
			return err
		}},
		{"ragged rows", "row 1 has 1 values", func() error {
			_, err := compiled().Predict([][]float64{{1, 2}, {3}})
			return err
		}},
		{"loss before forward", "Loss needs Forward first", func() error {
			_, err := compiled().Loss(y)
			return err
		}},
		{"step before backward", "Step needs Backward first", func() error {
			m := compiled()
			m.Forward(x, true)
			m.Loss(y)
			return m.Step()
		}},
		{"backward from wrong shape", "gradient of shape (12, 2)", func() error {
			m := compiled()
			m.Forward(x, true)
			return m.BackwardFrom(x)
		}},
		{"inspect before backward", "call Backward first", func() error {
			m := compiled()
			m.Forward(x, true)
			_, err := m.KernelGrad(0)
			return err
		}},
		{"inspect bad layer", "layer 7 out of range", func() error {
			m := compiled()
			m.Build(2)
			_, err := m.Kernel(7)
			return err
		}},
		{"set wrong weights", "kernel is 2×16, got 16×2", func() error {
			m := compiled()
			m.Build(2)
			return m.SetWeights(0, mat.NewDense(16, 2, nil), make([]float64, 16))
		}},
		{"set NaN weights", "finite", func() error {
			m := compiled()
			m.Build(2)
			return m.SetWeights(0, mat.NewDense(2, 16, nil), slices.Repeat([]float64{math.NaN()}, 16))
		}},
		{"save unbuilt", "not built", func() error { return compiled().Save(filepath.Join(t.TempDir(), "m.json")) }},
		{"tensor shape", "shape (2, 3) holds 6 values, data has 5", func() error {
			_, err := NewTensor(make([]float64, 5), 2, 3)
			return err
		}},
		{"overflowing shape", "more values than an int", func() error {
			_, err := NewTensor(nil, 1<<32, 1<<32, 0)
			return err
		}},
		{"huge layer", "too large", func() error { return NewSequential(Dense(1<<40, "relu")).Build(784) }},
		{"reshape", "sizes differ", func() error {
			_, err := MustTensor(NewTensor(make([]float64, 6), 2, 3)).Reshape(4, -1)
			return err
		}},
		{"accuracy lengths", "3 predictions for 2 labels", func() error {
			_, err := Accuracy([]int{1, 2, 3}, []int{1, 2})
			return err
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("panicked: %v", r)
				}
			}()
			err := c.call()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestSaveLoadRoundTripsExactly(t *testing.T) {
	x, y := blobs(90, 5)
	for _, f64 := range []bool{false, true} {
		m := classifier(ModelOptions{Seed: 9, Float64: f64, Name: "blobs"}, Dropout(0.1))
		fit := FitOptions{Epochs: 2, Verbose: VerboseSilent, NoShuffle: true}
		if _, err := m.Fit(x, y, fit); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "model.json")
		if err := m.Save(path); err != nil {
			t.Fatal(err)
		}
		l, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(l.net.flatParams(), m.net.flatParams()) || l.DType() != m.DType() || l.Name() != "blobs" {
			t.Fatalf("float64=%v: loaded weights differ", f64)
		}
		if l.Summary() != m.Summary() {
			t.Errorf("summaries differ:\n%s\n%s", l.Summary(), m.Summary())
		}
		// The optimizer state came along: both continue identically
		// (inference only; dropout draws differ after a reload).
		p1, _ := m.Predict(x)
		p2, _ := l.Predict(x)
		if !slices.Equal(p1.Float64s(), p2.Float64s()) {
			t.Error("predictions differ after load")
		}
		if m.net.optSnapshot().Step != l.net.optSnapshot().Step || !slices.Equal(m.net.optSnapshot().Slots[1], l.net.optSnapshot().Slots[1]) {
			t.Error("optimizer state not restored")
		}
	}
}

func TestLoadRejectsDamagedFiles(t *testing.T) {
	x, y := blobs(30, 6)
	m := classifier(ModelOptions{})
	if _, err := m.Fit(x, y, FitOptions{Verbose: VerboseSilent}); err != nil {
		t.Fatal(err)
	}
	var good bytes.Buffer
	if err := m.SaveTo(&good); err != nil {
		t.Fatal(err)
	}
	g := good.String()
	for _, c := range []struct{ name, file, want string }{
		{"truncated", g[:len(g)/2], "not a valid model file"},
		{"empty", "", "not a valid model file"},
		{"not json", "PK\x03\x04", "not a valid model file"},
		{"other format", strings.Replace(g, modelFormat, "keras", 1), "not a model file"},
		{"newer version", strings.Replace(g, `"version":1`, `"version":2`, 1), "version 2"},
		{"unknown field", strings.Replace(g, `"version":1`, `"version":1,"extra":0`, 1), "unknown field"},
		{"missing weights", regexp.MustCompile(`"bias":\[[^\]]*\]`).ReplaceAllString(g, `"bias":[1]`), "weights"},
		{"bad layer", strings.Replace(g, `"type":"Dense"`, `"type":"Conv2D"`, 1), "unknown type"},
		{"bad activation", strings.Replace(g, `"activation":"relu"`, `"activation":"gelu"`, 1), "unknown activation"},
		{"bad dtype", strings.Replace(g, `"dtype":"float32"`, `"dtype":"int8"`, 1), "dtype"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.json")
			os.WriteFile(path, []byte(c.file), 0o644)
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("loading a missing file succeeded")
	}
}

func TestFitStopsWithinOneBatchWhenCancelled(t *testing.T) {
	x, y := blobs(320, 7) // 10 batches per epoch
	for _, viaEnv := range []bool{false, true} {
		m := classifier(ModelOptions{})
		ctx, cancel := context.WithCancel(context.Background())
		opts := FitOptions{Epochs: 3, Verbose: VerboseSilent, Callbacks: []Callback{{
			OnBatchEnd: func(_ *Sequential, batch int, _ map[string]float64) {
				if batch == 4 {
					cancel()
				}
			},
		}}}
		if viaEnv {
			m.SetEnvironment(Environment{Context: func() context.Context { return ctx }})
		} else {
			opts.Context = ctx
		}
		m.Build(2)
		w0 := m.net.flatParams()
		h, err := m.Fit(x, y, opts)
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "before batch 5/10") {
			t.Fatalf("env=%v: error %v, want a cancellation before batch 5", viaEnv, err)
		}
		if h == nil || len(h.Epoch) != 0 {
			t.Errorf("history %v, want no completed epoch", h)
		}
		if s := m.net.optSnapshot().Step; s != 4 {
			t.Errorf("%d steps taken, want 4", s)
		}
		if slices.Equal(w0, m.net.flatParams()) {
			t.Error("the trained weights were not kept")
		}
		// The model trains on afterwards.
		if _, err := m.Fit(x, y, FitOptions{Verbose: VerboseSilent, Context: context.Background()}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestEnvironmentProgressAndCallbacks(t *testing.T) {
	x, y := blobs(64, 8)
	var out bytes.Buffer
	epochs := 0
	m := classifier(ModelOptions{})
	m.SetEnvironment(Environment{Progress: &out, Callbacks: []Callback{{
		OnEpochEnd: func(_ *Sequential, epoch int, logs map[string]float64) error {
			epochs++
			if _, ok := logs["val_accuracy"]; !ok && epochs <= 2 {
				t.Errorf("logs lack val_accuracy: %v", logs)
			}
			return nil
		},
	}}})
	if _, err := m.Fit(x, y, FitOptions{Epochs: 2, ValidationSplit: 0.5}); err != nil {
		t.Fatal(err)
	}
	if epochs != 2 {
		t.Errorf("environment callback saw %d epochs, want 2", epochs)
	}
	line := regexp.MustCompile(`^Epoch 2/2 - 1/1 - \d+s - \d+(us|ms|s)/step - accuracy: \d\.\d{4} - loss: \d\.\d{4} - val_accuracy: \d\.\d{4} - val_loss: \d\.\d{4}$`)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !line.MatchString(lines[1]) {
		t.Errorf("progress output:\n%s", out.String())
	}
	out.Reset()
	env := m.Environment()
	env.Verbose = VerboseBar // the host's choice, for Fits that leave Verbose alone
	m.SetEnvironment(env)
	if _, err := m.Fit(x, y, FitOptions{Epochs: 1, BatchSize: 1}); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.HasPrefix(s, "\rEpoch 1/1 64/64 ━━━━━━━━━━━━━━━━━━━━ ") || !strings.HasSuffix(s, "\n") {
		t.Errorf("bar output %q", s)
	}
	out.Reset()
	if _, err := m.Fit(x, y, FitOptions{Verbose: VerboseSilent}); err != nil || out.Len() != 0 {
		t.Errorf("silent Fit wrote %q (err %v)", out.String(), err)
	}
}

func TestEarlyStoppingAndCheckpoint(t *testing.T) {
	x, y := blobs(96, 9)
	m := classifier(ModelOptions{})
	var perEpoch [][]float64
	dir := t.TempDir()
	record := Callback{OnEpochEnd: func(m *Sequential, _ int, _ map[string]float64) error {
		perEpoch = append(perEpoch, m.net.flatParams())
		return nil
	}}
	// The loss falls every epoch, so "max" mode never sees an improvement
	// after the first epoch: training stops after 1+Patience epochs and the
	// first epoch's weights come back.
	stop := EarlyStopping(EarlyStoppingOptions{Monitor: "loss", Mode: "max", Patience: 2, RestoreBestWeights: true})
	ckpt := ModelCheckpoint(filepath.Join(dir, "e{epoch}.json"), CheckpointOptions{})
	h, err := m.Fit(x, y, FitOptions{Epochs: 10, Verbose: VerboseSilent, Callbacks: []Callback{record, stop, ckpt}})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Epoch) != 3 {
		t.Fatalf("trained %d epochs, want 3", len(h.Epoch))
	}
	if !slices.Equal(m.net.flatParams(), perEpoch[0]) {
		t.Error("the best (first) epoch's weights were not restored")
	}
	for _, e := range []string{"e1.json", "e2.json", "e3.json"} {
		l, err := Load(filepath.Join(dir, e))
		if err != nil {
			t.Fatal(err)
		}
		if e == "e2.json" && !slices.Equal(l.net.flatParams(), perEpoch[1]) {
			t.Error("checkpoint of epoch 2 holds other weights")
		}
	}
	_, err = m.Fit(x, y, FitOptions{Verbose: VerboseSilent, Callbacks: []Callback{EarlyStopping(EarlyStoppingOptions{})}})
	if err == nil || !strings.Contains(err.Error(), `no "val_loss"`) {
		t.Errorf("EarlyStopping on val_loss without validation data: %v", err)
	}
}

func TestSummaryOfTheSeedModel(t *testing.T) {
	m := NewSequential(Flatten(), Dense(128, "relu"), Dense(10, "softmax"))
	if s := m.Summary(); !strings.Contains(s, "Total params: ? (unbuilt") {
		t.Errorf("unbuilt summary:\n%s", s)
	}
	if err := m.Build(28, 28); err != nil {
		t.Fatal(err)
	}
	s := m.Summary()
	for _, want := range []string{
		`Model: "sequential"`,
		"│ flatten (Flatten)               │ (None, 784)            │             0 │",
		"│ dense (Dense)                   │ (None, 128)            │       100,480 │",
		"│ dense_1 (Dense)                 │ (None, 10)             │         1,290 │",
		"Total params: 101,770 (397.54 KB)",
		"Non-trainable params: 0 (0.00 B)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	if m.NumParams() != 101770 {
		t.Errorf("%d parameters, want 101,770", m.NumParams())
	}
}

func TestSchedules(t *testing.T) {
	for _, c := range []struct {
		s    Schedule
		step int
		want float64
	}{
		{StepDecay(0.1, 10, 0.5), 9, 0.1},
		{StepDecay(0.1, 10, 0.5), 25, 0.025},
		{ExponentialDecay(0.1, 100, 0.96, false), 50, 0.1 * math.Sqrt(0.96)},
		{ExponentialDecay(0.1, 100, 0.96, true), 150, 0.096},
		{CosineDecay(0.1, 100, 0), 50, 0.05},
		{CosineDecay(0.1, 100, 0.1), 500, 0.01},
		{CosineDecay(0.1, 100, 0), 0, 0.1},
	} {
		if got := c.s.At(c.step); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("%v.At(%d) = %v, want %v", c.s, c.step, got, c.want)
		}
	}
	x, y := blobs(64, 10)
	m := NewSequential(Dense(3, "softmax"))
	opt := SGD(0)
	opt.Schedule = StepDecay(0.2, 2, 0.5)
	m.Compile(opt, "sparse_categorical_crossentropy")
	h, err := m.Fit(x, y, FitOptions{Epochs: 3, Verbose: VerboseSilent}) // 2 steps per epoch
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{0.2, 0.1, 0.05}; !slices.Equal(h.LearningRate, want) {
		t.Errorf("learning rates %v, want %v", h.LearningRate, want)
	}
	if err := NewSequential(Dense(1, "")).Compile(Optimizer{Name: "sgd", Schedule: StepDecay(0.1, 0, 1)}, "mse"); err == nil {
		t.Error("a schedule with 0 steps was accepted")
	}
}

func TestGonumInterop(t *testing.T) {
	x, y := blobs(60, 11)
	xm := mat.NewDense(60, 2, nil)
	for i, r := range x {
		xm.SetRow(i, r)
	}
	m1, m2 := classifier(ModelOptions{Seed: 2}), classifier(ModelOptions{Seed: 2})
	h1, err1 := m1.Fit(xm, y, FitOptions{Verbose: VerboseSilent})
	h2, err2 := m2.Fit(x, y, FitOptions{Verbose: VerboseSilent})
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !slices.Equal(h1.Metrics["loss"], h2.Metrics["loss"]) {
		t.Error("*mat.Dense and [][]float64 inputs trained differently")
	}
	k, err := m1.Kernel(0)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := k.Dims(); r != 2 || c != 16 {
		t.Errorf("kernel is %d×%d, want 2×16", r, c)
	}
	p := m1.MustPredict(xm)
	if p.DType() != Float32 || !slices.Equal(p.Shape(), []int{60, 3}) {
		t.Errorf("predictions %v", p)
	}
}

func TestSequentialString(t *testing.T) {
	m := NewSequential(Flatten(), Dense(128, "relu"), Dropout(0.2), Dense(10, "softmax"))
	m.Build(28, 28)
	want := `Sequential "sequential": Flatten() → Dense(128, "relu") → Dropout(0.2) → Dense(10, "softmax"); 101,770 params`
	if got := m.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
