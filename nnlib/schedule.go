package nnlib

import (
	"fmt"
	"math"
)

// Schedule changes the learning rate as training goes on. Steps count
// optimizer updates (batches), from 0, as Keras's schedules do; for a
// per-epoch schedule use steps = epochs × batches per epoch. The zero
// Schedule keeps the optimizer's LearningRate constant.
type Schedule struct {
	kind      scheduleKind
	initial   float64
	steps     int
	rate      float64 // gamma, decay rate or alpha, by kind
	staircase bool
}

type scheduleKind uint8

const (
	scheduleConstant scheduleKind = iota
	scheduleStep
	scheduleExponential
	scheduleCosine
)

// StepDecay multiplies the rate by gamma every stepSize steps:
// lr(t) = initial·gamma^⌊t/stepSize⌋ (PyTorch's StepLR, counted in steps).
func StepDecay(initial float64, stepSize int, gamma float64) Schedule {
	return Schedule{kind: scheduleStep, initial: initial, steps: stepSize, rate: gamma}
}

// ExponentialDecay is Keras's ExponentialDecay:
// lr(t) = initial·rate^(t/decaySteps), with t/decaySteps rounded down when
// staircase is true.
func ExponentialDecay(initial float64, decaySteps int, rate float64, staircase bool) Schedule {
	return Schedule{kind: scheduleExponential, initial: initial, steps: decaySteps, rate: rate, staircase: staircase}
}

// CosineDecay is Keras's CosineDecay (without warm-up): the rate falls
// from initial to alpha·initial along half a cosine over decaySteps steps
// and stays there:
// lr(t) = initial·((1−alpha)·½(1+cos(π·min(t, decaySteps)/decaySteps)) + alpha).
func CosineDecay(initial float64, decaySteps int, alpha float64) Schedule {
	return Schedule{kind: scheduleCosine, initial: initial, steps: decaySteps, rate: alpha}
}

// IsZero reports whether s is the zero Schedule (a constant rate).
func (s Schedule) IsZero() bool { return s.kind == scheduleConstant }

// At returns the learning rate for step t (t ≥ 0). The zero Schedule
// returns 0: the optimizer's LearningRate applies then.
func (s Schedule) At(t int) float64 {
	switch s.kind {
	case scheduleStep:
		return s.initial * math.Pow(s.rate, float64(t/s.steps))
	case scheduleExponential:
		p := float64(t) / float64(s.steps)
		if s.staircase {
			p = math.Floor(p)
		}
		return s.initial * math.Pow(s.rate, p)
	case scheduleCosine:
		frac := math.Min(float64(t), float64(s.steps)) / float64(s.steps)
		return s.initial * ((1-s.rate)*0.5*(1+math.Cos(math.Pi*frac)) + s.rate)
	}
	return 0
}

// String describes the schedule as its constructor call.
func (s Schedule) String() string {
	switch s.kind {
	case scheduleStep:
		return fmt.Sprintf("StepDecay(%g, %d, %g)", s.initial, s.steps, s.rate)
	case scheduleExponential:
		return fmt.Sprintf("ExponentialDecay(%g, %d, %g, %t)", s.initial, s.steps, s.rate, s.staircase)
	case scheduleCosine:
		return fmt.Sprintf("CosineDecay(%g, %d, %g)", s.initial, s.steps, s.rate)
	}
	return "constant"
}

// validate reports a schedule that would give unusable rates.
func (s Schedule) validate() error {
	if s.kind == scheduleConstant {
		return nil
	}
	if s.steps < 1 {
		return fmt.Errorf("schedule %v: steps must be at least 1", s)
	}
	if !(s.initial > 0) || isNaNOrInf(s.initial) || !(s.rate >= 0) || isNaNOrInf(s.rate) {
		return fmt.Errorf("schedule %v: rates must be finite, the initial rate positive", s)
	}
	return nil
}
