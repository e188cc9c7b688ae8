package nnlib

import (
	"fmt"
	"slices"
)

// netAPI is what Sequential needs of a built net, free of its element
// type: *net[float32] and *net[float64] implement it.
type netAPI interface {
	compile(c compileConfig)
	numParams() int
	dims() (in, out int)
	outputShapes() [][]int
	flatParams() []float64
	setFlatParams(p []float64)
	optSnapshot() optSnapshot
	restoreOpt(s optSnapshot) error

	fit(m *Sequential, r *fitRun) (*History, error)
	evaluate(x *Tensor, t targets, from, to int) map[string]float64
	predict(x *Tensor) *Tensor

	forwardTensor(x *Tensor, training bool) *Tensor
	lossOf(t targets) float64
	setOutputGrad(g []float64)
	backward(wantInputGrad bool)
	optStep()
	stage() passState
	lastRows() int
	inspect(what probe, layer int) (rows, cols int, data []float64, err error)
	setLayer(layer, rows, cols int, w, b []float64) error
}

// optSnapshot is an optimizer's state as float64, for saving.
type optSnapshot struct {
	Step  int         `json:"step"`
	Slots [][]float64 `json:"slots,omitempty"`
}

func (n *net[T]) compile(c compileConfig) {
	n.loss, n.logits, n.metrics = c.loss, c.fromLogits, c.metrics
	n.opt = newOptState(c.opt, n.params, n.grads)
	n.state = stateNone
}

func (n *net[T]) numParams() int            { return len(n.params) }
func (n *net[T]) dims() (in, out int)       { return n.inDim, n.outDim }
func (n *net[T]) outputShapes() [][]int     { return n.shapes }
func (n *net[T]) flatParams() []float64     { return toFloat64s(n.params) }
func (n *net[T]) setFlatParams(p []float64) { copyConvert(n.params, p) }
func (n *net[T]) stage() passState          { return n.state }
func (n *net[T]) lastRows() int             { return n.rows }
func (n *net[T]) lossOf(t targets) float64 {
	return n.computeLoss(n.batchTarget(t, newConverter[T](t.y), nil, 0, n.rows))
}

func (n *net[T]) optSnapshot() optSnapshot {
	if n.opt == nil {
		return optSnapshot{}
	}
	s := optSnapshot{Step: n.opt.t}
	for _, slot := range [][]T{n.opt.s1, n.opt.s2} {
		if slot != nil {
			s.Slots = append(s.Slots, toFloat64s(slot))
		}
	}
	return s
}

func (n *net[T]) restoreOpt(s optSnapshot) error {
	if n.opt == nil {
		return fmt.Errorf("optimizer state without a compiled optimizer")
	}
	slots := [][]T{n.opt.s1, n.opt.s2}
	want := 0
	for _, sl := range slots {
		if sl != nil {
			want++
		}
	}
	if len(s.Slots) != want || s.Step < 0 {
		return fmt.Errorf("optimizer state has %d slots at step %d, %s needs %d", len(s.Slots), s.Step, n.opt.cfg.Name, want)
	}
	for i, src := range s.Slots {
		if len(src) != len(n.params) {
			return fmt.Errorf("optimizer slot %d has %d values for %d parameters", i, len(src), len(n.params))
		}
		copyConvert(slots[i], src)
	}
	n.opt.t = s.Step
	return nil
}

func (n *net[T]) forwardTensor(x *Tensor, training bool) *Tensor {
	in := n.inputBatch(x.Len())
	newConverter[T](x).gatherRange(in.data, x, 0, x.Len())
	out := n.forward(in, training)
	return newTensorOf(slices.Clone(out.data[:out.rows*out.cols]), append([]int{out.rows}, n.shapes[len(n.shapes)-1]...))
}

func (n *net[T]) optStep() { n.opt.step() }

// probe names an intermediate of the last step that can be read.
type probe uint8

const (
	probeKernel probe = iota
	probeBias
	probeKernelGrad
	probeBiasGrad
	probeOutput
	probePreActivation
	probeOutputGrad
	probeDelta
	probeInputGrad
)

// probeNeeds is the stage of the step each probe needs.
var probeNeeds = [...]passState{stateNone, stateNone, stateBackward, stateBackward,
	stateForward, stateForward, stateBackward, stateBackward, stateBackward}

// inspect returns a copy of one intermediate as a rows×cols matrix.
func (n *net[T]) inspect(what probe, layer int) (int, int, []float64, error) {
	if what != probeInputGrad && (layer < 0 || layer >= len(n.units)) {
		return 0, 0, nil, fmt.Errorf("layer %d out of range: the model has %d layers (Input not counted)", layer, len(n.units))
	}
	if n.state < probeNeeds[what] {
		step := map[passState]string{stateForward: "Forward", stateBackward: "Backward"}[probeNeeds[what]]
		return 0, 0, nil, fmt.Errorf("no %s yet: call %s first", probeNames[what], step)
	}
	var d *denseUnit[T]
	if what != probeInputGrad && what != probeOutput && what != probeOutputGrad {
		if d = n.dense[layer]; d == nil {
			return 0, 0, nil, fmt.Errorf("layer %d (%s) is not a Dense layer and has no %s", layer, n.names[layer], probeNames[what])
		}
	}
	var m matrix[T]
	switch what {
	case probeKernel:
		m = matrix[T]{d.in, d.out, d.w}
	case probeKernelGrad:
		m = matrix[T]{d.in, d.out, d.gw}
	case probeBias, probeBiasGrad:
		b := d.b
		if what == probeBiasGrad {
			b = d.gb
		}
		if b == nil {
			return 0, 0, nil, fmt.Errorf("layer %d (%s) has no bias", layer, n.names[layer])
		}
		m = matrix[T]{1, d.out, b}
	case probeOutput:
		m = n.outs[layer]
	case probePreActivation:
		m = d.logits()
	case probeDelta:
		m = matrix[T]{d.rows, d.out, d.delta[:d.rows*d.out]}
	case probeOutputGrad:
		m = n.outGrads[layer]
		if m.data == nil {
			return 0, 0, nil, fmt.Errorf("layer %d (%s): the loss was fused with its activation, so only ∂L/∂z exists (use Delta)", layer, n.names[layer])
		}
	case probeInputGrad:
		m = n.inGrad
		if m.data == nil {
			return 0, 0, nil, fmt.Errorf("no input gradient: the last Backward came from Fit, which skips it")
		}
	}
	return m.rows, m.cols, toFloat64s(m.data[:m.rows*m.cols]), nil
}

var probeNames = [...]string{"kernel", "bias", "kernel gradient", "bias gradient", "output",
	"pre-activation", "output gradient", "delta", "input gradient"}

func (n *net[T]) setLayer(layer, rows, cols int, w, b []float64) error {
	if layer < 0 || layer >= len(n.units) || n.dense[layer] == nil {
		return fmt.Errorf("layer %d is not a Dense layer of this model", layer)
	}
	d := n.dense[layer]
	if rows != d.in || cols != d.out {
		return fmt.Errorf("layer %d (%s) kernel is %d×%d, got %d×%d", layer, n.names[layer], d.in, d.out, rows, cols)
	}
	if (d.b == nil) != (b == nil) || (b != nil && len(b) != len(d.b)) {
		return fmt.Errorf("layer %d (%s) bias has %d values, got %d", layer, n.names[layer], len(d.b), len(b))
	}
	if !finite(w) || !finite(b) {
		return fmt.Errorf("layer %d (%s): weights must be finite numbers", layer, n.names[layer])
	}
	copyConvert(d.w, w)
	copyConvert(d.b, b)
	return nil
}
