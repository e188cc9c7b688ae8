package nnlib

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// net is a built model computing in T: its units, its flat parameter and
// gradient vectors, and the buffers of the last forward and backward pass,
// kept so every intermediate can be inspected.
type net[T float] struct {
	units  []unit[T]
	dense  []*denseUnit[T] // dense[i] is units[i] when it is a Dense layer
	params []T             // every layer's W then b, layer after layer
	grads  []T             // ∂L/∂params, same layout
	dtype  DType           // Float32 or Float64
	rng    *rand.Rand

	inShape []int    // per-sample input shape
	shapes  [][]int  // per-sample output shape of each unit
	names   []string // layer names, for messages
	inDim   int      // values per input sample
	outDim  int      // values per output sample

	loss    lossKind     // 0 until compiled
	logits  bool         // the model outputs logits (from_logits)
	metrics []metricKind // compiled metrics
	opt     *optState[T] // nil until compiled

	input    []T         // buffer a batch is gathered into
	rows     int         // rows of the last forward (0 before any)
	outs     []matrix[T] // outs[i]: output of units[i] in the last forward
	outGrads []matrix[T] // outGrads[i]: ∂L/∂outs[i] from the last backward
	inGrad   matrix[T]   // ∂L/∂input from the last backward, if asked for
	dOut     []T         // ∂L/∂output buffer for unfused losses
	tLabels  []int       // the batch's labels
	tY       []T         // the batch's dense targets
	fused    bool        // the last loss wrote δ of the last Dense layer
	state    passState   // how far the current step has got
	lossVal  float64     // the last loss computed
	gradNorm []float64   // scratch for per-layer gradient norms
}

// passState tracks the per-step protocol: forward, then loss (or a given
// output gradient), then backward, then step.
type passState uint8

const (
	stateNone passState = iota
	stateForward
	stateLoss
	stateBackward
)

// newNet builds the layers of specs (Input excluded) for samples of shape
// inShape and draws their initial weights from rng.
func newNet[T float](specs []Layer, inShape []int, rng *rand.Rand) (*net[T], error) {
	n := &net[T]{rng: rng, inShape: append([]int(nil), inShape...), dtype: Float64}
	if isFloat32[T]() {
		n.dtype = Float32
	}
	if err := checkSize(inShape, "the input"); err != nil {
		return nil, err
	}
	shape := inShape
	total := 0
	for i, l := range specs {
		out, err := l.outputShape(shape)
		if err != nil {
			return nil, fmt.Errorf("layer %d (%s): %w", i, l.name, err)
		}
		if l.kind == kindDense && (l.units > maxElements || shape[0] > maxElements/l.units) {
			return nil, fmt.Errorf("layer %d (%s): a %d×%d kernel is too large", i, l.name, shape[0], l.units)
		}
		if total += l.paramCount(shape); total > maxElements {
			return nil, fmt.Errorf("the model would have more than %d parameters", maxElements)
		}
		n.shapes = append(n.shapes, out)
		n.names = append(n.names, l.name)
		shape = out
	}
	n.inDim, n.outDim = product(inShape), product(shape)
	n.params, n.grads = make([]T, total), make([]T, total)
	gemm := gemmFor[T]()
	off := 0
	shape = inShape
	for i, l := range specs {
		var u unit[T]
		var d *denseUnit[T]
		switch l.kind {
		case kindDense:
			in := shape[0]
			d = &denseUnit[T]{in: in, out: l.units, act: l.activation, slope: T(l.slope), gemm: gemm}
			d.w, d.gw = n.params[off:off+in*l.units], n.grads[off:off+in*l.units]
			w := make([]float64, in*l.units)
			l.kernelInit.fill(w, in, l.units, rng)
			copyConvert(d.w, w)
			off += in * l.units
			if !l.noBias {
				d.b, d.gb = n.params[off:off+l.units], n.grads[off:off+l.units]
				b := make([]float64, l.units)
				l.biasInit.fill(b, in, l.units, rng)
				copyConvert(d.b, b)
				off += l.units
			}
			u = d
		case kindDropout:
			u = &dropoutUnit[T]{rate: l.rate, rng: rng}
		default:
			u = flattenUnit[T]{}
		}
		n.units = append(n.units, u)
		n.dense = append(n.dense, d)
		shape = n.shapes[i]
	}
	n.outs = make([]matrix[T], len(n.units))
	n.outGrads = make([]matrix[T], len(n.units))
	n.gradNorm = make([]float64, len(n.units))
	return n, nil
}

// maxElements bounds the parameters of a model and the values of one
// sample, so that a mistyped size or a damaged model file gets an error
// instead of exhausting memory.
const maxElements = 1 << 28

// checkSize fails when a per-sample shape holds more than maxElements
// values (or overflows while counting them).
func checkSize(shape []int, what string) error {
	n := 1
	for _, d := range shape {
		if d < 1 || n > maxElements/d {
			return fmt.Errorf("%s shape %s is too large or empty", what, shapeString(shape))
		}
		n *= d
	}
	return nil
}

// lastDense returns the last unit when it is a Dense layer.
func (n *net[T]) lastDense() *denseUnit[T] {
	if len(n.dense) == 0 {
		return nil
	}
	return n.dense[len(n.dense)-1]
}

// forward runs the batch x (rows×inDim) through every layer.
func (n *net[T]) forward(x matrix[T], training bool) matrix[T] {
	n.rows = x.rows
	for i, u := range n.units {
		x = u.forward(x, training)
		n.outs[i] = x
	}
	n.state = stateForward
	return x
}

// output returns the last forward's output.
func (n *net[T]) output() matrix[T] {
	if len(n.outs) == 0 {
		return matrix[T]{}
	}
	return n.outs[len(n.outs)-1]
}

// fusedLoss reports whether the loss is computed from the last Dense
// layer's logits (softmax with a categorical cross-entropy, or sigmoid with
// binary cross-entropy), as Keras does, for stability and speed.
func (n *net[T]) fusedLoss() bool {
	d := n.lastDense()
	if d == nil || n.logits {
		return false
	}
	switch d.act {
	case actSoftmax:
		return n.loss == lossSparseCE || n.loss == lossCE
	case actSigmoid:
		return n.loss == lossBCE
	}
	return false
}

// computeLoss returns the mean loss of the last forward's output against t
// and stores its gradient for backward.
func (n *net[T]) computeLoss(t target[T]) float64 {
	out := n.output()
	if n.fused = n.fusedLoss(); n.fused {
		d := n.lastDense()
		n.lossVal = lossGrad(n.loss, modeLogits, d.logits(), out.data, t, d.deltaBuf().data)
	} else {
		mode := modeOutput
		if n.logits {
			mode = modeLogits
		}
		g := view(&n.dOut, out.rows, out.cols)
		n.lossVal = lossGrad(n.loss, mode, out, nil, t, g.data)
	}
	n.state = stateLoss
	return n.lossVal
}

// setOutputGrad stores a given ∂L/∂output, for custom losses.
func (n *net[T]) setOutputGrad(g []float64) {
	out := n.output()
	d := view(&n.dOut, out.rows, out.cols)
	copyConvert(d.data, g)
	n.fused = false
	n.state = stateLoss
}

// backward propagates the stored loss gradient down every layer, filling
// the parameter gradients, and ∂L/∂input when wantInputGrad.
func (n *net[T]) backward(wantInputGrad bool) {
	// Below the first Dense layer no weights wait for a gradient, so the
	// gradient with respect to a layer's input is needed only above it,
	// unless the caller wants ∂L/∂input.
	first := len(n.units)
	for i, d := range n.dense {
		if d != nil {
			first = i
			break
		}
	}
	needDx := func(i int) bool { return i > first || wantInputGrad }
	last := len(n.units) - 1
	var g matrix[T]
	start := last
	if n.fused {
		n.outGrads[last] = matrix[T]{}
		g = n.lastDense().backwardDelta(needDx(last))
		start--
	} else {
		out := n.output()
		g = matrix[T]{out.rows, out.cols, n.dOut[:out.rows*out.cols]}
	}
	for i := start; i >= 0; i-- {
		n.outGrads[i] = g
		if !needDx(i) && n.dense[i] == nil {
			clear(n.outGrads[:i]) // nothing below needs a gradient
			break
		}
		g = n.units[i].backward(g, needDx(i))
	}
	n.inGrad = matrix[T]{}
	if wantInputGrad {
		n.inGrad = g
	}
	n.state = stateBackward
}

// layerGradNorms writes the L2 norm of each Dense layer's parameter
// gradient (kernel and bias together) into n.gradNorm.
func (n *net[T]) layerGradNorms() []float64 {
	for i, d := range n.dense {
		n.gradNorm[i] = 0
		if d != nil {
			n.gradNorm[i] = math.Sqrt(sumSquares(d.gw) + sumSquares(d.gb))
		}
	}
	return n.gradNorm
}

// inputBatch returns the input buffer sized for rows samples.
func (n *net[T]) inputBatch(rows int) matrix[T] { return view(&n.input, rows, n.inDim) }

// batchTarget fills the target buffers for the samples at idx (or the
// range [from, to) when idx is nil) of the dataset's truth.
func (n *net[T]) batchTarget(t targets, conv *converter[T], idx []int, from, to int) target[T] {
	rows := to - from
	if idx != nil {
		rows = len(idx)
	}
	if t.labels != nil {
		n.tLabels = resizeInts(n.tLabels, rows)
		if idx != nil {
			for k, i := range idx {
				n.tLabels[k] = t.labels[i]
			}
		} else {
			copy(n.tLabels, t.labels[from:to])
		}
		return target[T]{labels: n.tLabels}
	}
	y := view(&n.tY, rows, n.outDim)
	if idx != nil {
		conv.gather(y.data, t.y, idx)
	} else {
		conv.gatherRange(y.data, t.y, from, to)
	}
	return target[T]{y: y}
}

// resizeInts is resize for []int.
func resizeInts(buf []int, n int) []int {
	if cap(buf) < n {
		return make([]int, n)
	}
	return buf[:n]
}
