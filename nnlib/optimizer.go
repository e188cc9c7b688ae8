package nnlib

import (
	"fmt"
	"math"
	"strings"

	"github.com/gonn-dev/gonn/nnlib/internal/kernels"
)

// Optimizer chooses how a model's weights move along their gradients. Make
// one with SGD, SGDMomentum, GD, Adam, AdamW or RMSprop, or write the
// struct out; a zero field means the Keras default for that optimizer (so
// a rate of exactly 0, say β1 = 0, is written as a tiny number instead).
//
// The update formulas are PyTorch's (and match the reference fixtures),
// with g the gradient averaged over the batch, t the step counted from 1
// and lr the rate for that step:
//
//	sgd:     b = μ·b + g (b = g when μ = 0);  θ −= lr·(g + μ·b) with Nesterov, else θ −= lr·b
//	adam:    m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²
//	         θ −= lr·m̂ / (√v̂ + ε),  m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ)
//	adamw:   θ −= lr·λ·θ, then the Adam step
//	rmsprop: v = ρ·v + (1−ρ)·g²;  θ −= lr·g / (√v + ε)
//
// Where Keras differs: Keras's SGD keeps the velocity −lr·b, the same
// steps at a constant rate; Keras's Adam adds its ε to √v before the bias
// correction (ε_Keras = ε·√(1−β2ᵗ)), a difference that only matters while
// v is near ε²; Keras's RMSprop adds ε inside the square root. nnlib uses
// Keras's default values (ε = 1e-7 for Adam and RMSprop) in PyTorch's
// formulas.
type Optimizer struct {
	// Name is "sgd", "gd", "adam", "adamw" or "rmsprop". "gd" is SGD that
	// Fit runs on the whole training set at once (full-batch gradient
	// descent) unless FitOptions.BatchSize says otherwise.
	Name string
	// LearningRate is the step size; 0 means 0.01 for sgd and gd and
	// 0.001 for the others (Keras's defaults).
	LearningRate float64
	// Schedule, when not zero, gives the rate for each step instead of
	// LearningRate.
	Schedule Schedule
	// Momentum (sgd, gd) is μ, in [0, 1); 0 means plain gradient descent.
	Momentum float64
	// Nesterov (sgd, gd) uses Nesterov momentum.
	Nesterov bool
	// Beta1 and Beta2 (adam, adamw) are the moment decay rates; 0 means
	// 0.9 and 0.999.
	Beta1, Beta2 float64
	// Epsilon (adam, adamw, rmsprop) keeps the update finite; 0 means 1e-7.
	Epsilon float64
	// WeightDecay (adamw) is λ, the decoupled decay; 0 means Keras's 0.004.
	WeightDecay float64
	// Rho (rmsprop) is the decay of the squared-gradient average; 0 means
	// 0.9.
	Rho float64
}

// SGD returns stochastic gradient descent with learning rate lr (0 means
// 0.01): θ −= lr·g for every batch.
func SGD(lr float64) Optimizer { return Optimizer{Name: "sgd", LearningRate: lr} }

// SGDMomentum returns SGD with momentum μ, optionally Nesterov's.
func SGDMomentum(lr, momentum float64, nesterov bool) Optimizer {
	return Optimizer{Name: "sgd", LearningRate: lr, Momentum: momentum, Nesterov: nesterov}
}

// GD returns full-batch gradient descent: SGD over the whole training set
// as one batch, the method of a first lesson. lr 0 means 0.01.
func GD(lr float64) Optimizer { return Optimizer{Name: "gd", LearningRate: lr} }

// Adam returns Adam with learning rate lr (0 means 0.001) and Keras's
// defaults β1 = 0.9, β2 = 0.999, ε = 1e-7.
func Adam(lr float64) Optimizer { return Optimizer{Name: "adam", LearningRate: lr} }

// AdamW returns Adam with decoupled weight decay λ = weightDecay (0 means
// 0.004), applied to every parameter, biases included, as PyTorch does.
func AdamW(lr, weightDecay float64) Optimizer {
	return Optimizer{Name: "adamw", LearningRate: lr, WeightDecay: weightDecay}
}

// RMSprop returns RMSprop with learning rate lr (0 means 0.001), ρ = 0.9
// and ε = 1e-7.
func RMSprop(lr float64) Optimizer { return Optimizer{Name: "rmsprop", LearningRate: lr} }

// String describes the optimizer and its settings.
func (o Optimizer) String() string {
	r, err := o.resolve()
	if err != nil {
		return fmt.Sprintf("Optimizer(%s: %v)", o.Name, err)
	}
	lr := fmt.Sprint(r.LearningRate)
	if !r.Schedule.IsZero() {
		lr = r.Schedule.String()
	}
	switch r.Name {
	case "sgd", "gd":
		return fmt.Sprintf("%s(lr=%s, momentum=%g, nesterov=%t)", strings.ToUpper(r.Name), lr, r.Momentum, r.Nesterov)
	case "adam":
		return fmt.Sprintf("Adam(lr=%s, beta1=%g, beta2=%g, epsilon=%g)", lr, r.Beta1, r.Beta2, r.Epsilon)
	case "adamw":
		return fmt.Sprintf("AdamW(lr=%s, beta1=%g, beta2=%g, epsilon=%g, weight_decay=%g)", lr, r.Beta1, r.Beta2, r.Epsilon, r.WeightDecay)
	}
	return fmt.Sprintf("RMSprop(lr=%s, rho=%g, epsilon=%g)", lr, r.Rho, r.Epsilon)
}

// resolve fills in defaults and checks the settings.
func (o Optimizer) resolve() (Optimizer, error) {
	o.Name = strings.ToLower(o.Name)
	orDefault := func(v *float64, def float64) {
		if *v == 0 {
			*v = def
		}
	}
	switch o.Name {
	case "sgd", "gd":
		orDefault(&o.LearningRate, 0.01)
	case "adam", "adamw":
		orDefault(&o.LearningRate, 0.001)
		orDefault(&o.Beta1, 0.9)
		orDefault(&o.Beta2, 0.999)
		orDefault(&o.Epsilon, 1e-7)
		if o.Name == "adamw" {
			orDefault(&o.WeightDecay, 0.004)
		}
	case "rmsprop":
		orDefault(&o.LearningRate, 0.001)
		orDefault(&o.Rho, 0.9)
		orDefault(&o.Epsilon, 1e-7)
	case "":
		return o, fmt.Errorf("optimizer has no name (use nnlib.Adam(0.001), nnlib.SGD(0.01), …)")
	default:
		return o, fmt.Errorf("unknown optimizer %q (want sgd, gd, adam, adamw or rmsprop)", o.Name)
	}
	bad := func(name string, v float64, ok bool) error {
		if ok && !isNaNOrInf(v) {
			return nil
		}
		return fmt.Errorf("optimizer %s: %s = %v is out of range", o.Name, name, v)
	}
	for _, err := range []error{
		bad("learning rate", o.LearningRate, o.LearningRate > 0),
		bad("momentum", o.Momentum, o.Momentum >= 0 && o.Momentum < 1),
		bad("beta1", o.Beta1, o.Beta1 >= 0 && o.Beta1 < 1),
		bad("beta2", o.Beta2, o.Beta2 >= 0 && o.Beta2 < 1),
		bad("epsilon", o.Epsilon, o.Epsilon >= 0),
		bad("weight decay", o.WeightDecay, o.WeightDecay >= 0),
		bad("rho", o.Rho, o.Rho >= 0 && o.Rho < 1),
		o.Schedule.validate(),
	} {
		if err != nil {
			return o, err
		}
	}
	if o.Nesterov && o.Momentum == 0 {
		return o, fmt.Errorf("optimizer %s: Nesterov needs a momentum above 0", o.Name)
	}
	return o, nil
}

// rate returns the learning rate for step t (from 0).
func (o Optimizer) rate(t int) float64 {
	if !o.Schedule.IsZero() {
		return o.Schedule.At(t)
	}
	return o.LearningRate
}

// optState is an optimizer bound to one model's flat parameter vector.
type optState[T float] struct {
	cfg    Optimizer // resolved
	t      int       // steps taken
	p, g   []T       // the model's parameters and gradients
	s1, s2 []T       // momentum (sgd) or m, v (adam); v (rmsprop) in s1
	// float32 views of p, g, s1, s2 for the fused kernel.
	p32, g32, m32, v32 []float32
}

// newOptState binds the resolved optimizer cfg to parameters p with
// gradients g, allocating its moment buffers once.
func newOptState[T float](cfg Optimizer, p, g []T) *optState[T] {
	o := &optState[T]{cfg: cfg, p: p, g: g}
	switch cfg.Name {
	case "adam", "adamw":
		o.s1, o.s2 = make([]T, len(p)), make([]T, len(p))
		if isFloat32[T]() {
			o.p32, o.g32 = any(p).([]float32), any(g).([]float32)
			o.m32, o.v32 = any(o.s1).([]float32), any(o.s2).([]float32)
		}
	case "rmsprop":
		o.s1 = make([]T, len(p))
	default:
		if cfg.Momentum != 0 {
			o.s1 = make([]T, len(p))
		}
	}
	return o
}

// step applies one update with the current gradients.
func (o *optState[T]) step() {
	lr := o.cfg.rate(o.t)
	o.t++
	switch o.cfg.Name {
	case "adam", "adamw":
		o.adam(lr)
	case "rmsprop":
		o.rmsprop(lr)
	default:
		o.sgd(lr)
	}
}

func (o *optState[T]) sgd(lr float64) {
	p, g, b := o.p, o.g, o.s1
	r := T(lr)
	if b == nil {
		for i := range p {
			p[i] -= r * g[i]
		}
		return
	}
	mu := T(o.cfg.Momentum)
	for i := range p {
		b[i] = mu*b[i] + g[i]
		if o.cfg.Nesterov {
			p[i] -= r * (g[i] + mu*b[i])
		} else {
			p[i] -= r * b[i]
		}
	}
}

func (o *optState[T]) adam(lr float64) {
	wd := 0.0
	if o.cfg.Name == "adamw" {
		wd = o.cfg.WeightDecay
	}
	h := kernels.NewAdamHyper(lr, o.cfg.Beta1, o.cfg.Beta2, o.cfg.Epsilon, wd, o.t)
	if o.p32 != nil {
		kernels.Adam32(o.p32, o.g32, o.m32, o.v32, h)
		return
	}
	// float64: the same update, with the constants kept in float64.
	b1, b2, eps := T(o.cfg.Beta1), T(o.cfg.Beta2), o.cfg.Epsilon
	step := lr / (1 - math.Pow(o.cfg.Beta1, float64(o.t)))
	bc2 := math.Sqrt(1 - math.Pow(o.cfg.Beta2, float64(o.t)))
	decay := T(1 - lr*wd)
	p, g, m, v := o.p, o.g, o.s1, o.s2
	for i := range p {
		m[i] = b1*m[i] + (1-b1)*g[i]
		v[i] = b2*v[i] + (1-b2)*g[i]*g[i]
		den := math.Sqrt(float64(v[i]))/bc2 + eps
		p[i] = p[i]*decay - T(step*float64(m[i])/den)
	}
}

func (o *optState[T]) rmsprop(lr float64) {
	rho, eps := T(o.cfg.Rho), o.cfg.Epsilon
	p, g, v := o.p, o.g, o.s1
	for i := range p {
		v[i] = rho*v[i] + (1-rho)*g[i]*g[i]
		p[i] -= T(lr * float64(g[i]) / (math.Sqrt(float64(v[i])) + eps))
	}
}
