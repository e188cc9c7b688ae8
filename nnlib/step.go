package nnlib

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Forward runs a batch x through the model and returns its output (see
// Fit for the types x may have), keeping every layer's intermediate values
// for inspection and for Backward. With training, Dropout layers drop.
//
// Forward, Loss (or BackwardFrom), Backward and Step are one training step
// taken a piece at a time, as a lesson on backpropagation does:
//
//	out, _ := m.Forward(x, true)
//	loss, _ := m.Loss(y)
//	m.Backward()
//	g, _ := m.KernelGrad(0) // ∂loss/∂W of layer 0
//	m.Step()
func (m *Sequential) Forward(x any, training bool) (*Tensor, error) {
	xt, _, err := m.dataset(x, nil, "x")
	if err != nil {
		return nil, fmt.Errorf("nnlib: Forward: %w", err)
	}
	return m.net.forwardTensor(xt, training), nil
}

// Loss computes the compiled loss of the last Forward's output against the
// truth y (see Fit for its types) and keeps its gradient for Backward. The
// loss is a mean over the batch (over every element for mse and binary
// cross-entropy).
func (m *Sequential) Loss(y any) (float64, error) {
	if err := m.needStage(stateForward, "Loss"); err != nil {
		return 0, err
	}
	if !m.compiled {
		return 0, errors.New("nnlib: Loss before Compile: the model has no loss yet")
	}
	_, out := m.net.dims()
	t, err := toTargets(m.comp.loss, y, m.net.lastRows(), out)
	if err != nil {
		return 0, fmt.Errorf("nnlib: Loss: %w", err)
	}
	return m.net.lossOf(t), nil
}

// Backward propagates the gradient of the last Loss (or BackwardFrom)
// through every layer, leaving the gradients of every weight, of every
// layer's output and of the input readable (KernelGrad, BiasGrad,
// OutputGrad, Delta, InputGrad). Gradients are replaced, not summed.
func (m *Sequential) Backward() error {
	if err := m.needStage(stateLoss, "Backward"); err != nil {
		return err
	}
	m.net.backward(true)
	return nil
}

// BackwardFrom backpropagates a gradient of your own with respect to the
// model's output (one row per sample of the last Forward), for custom
// losses, saliency maps or GAN-style loops, then does what Backward does.
func (m *Sequential) BackwardFrom(grad any) error {
	if err := m.needStage(stateForward, "BackwardFrom"); err != nil {
		return err
	}
	g, err := AsTensor(grad)
	if err != nil {
		return fmt.Errorf("nnlib: BackwardFrom: %w", err)
	}
	_, out := m.net.dims()
	if g.Len() != m.net.lastRows() || g.sampleSize() != out {
		return fmt.Errorf("nnlib: BackwardFrom: gradient of shape %s, the output is (%d, %d)", shapeString(g.shape), m.net.lastRows(), out)
	}
	if err := g.checkFinite("gradient"); err != nil {
		return err
	}
	m.net.setOutputGrad(g.Float64s())
	m.net.backward(true)
	return nil
}

// Step updates the weights once with the compiled optimizer, using the
// gradients of the last Backward.
func (m *Sequential) Step() error {
	if err := m.needStage(stateBackward, "Step"); err != nil {
		return err
	}
	if !m.compiled {
		return errors.New("nnlib: Step before Compile: the model has no optimizer yet")
	}
	m.net.optStep()
	return nil
}

// TrainStep runs Forward (training), Loss, Backward and Step on one batch
// and returns the loss before the update.
func (m *Sequential) TrainStep(x, y any) (float64, error) {
	if _, err := m.Forward(x, true); err != nil {
		return 0, err
	}
	loss, err := m.Loss(y)
	if err != nil {
		return 0, err
	}
	if err := m.Backward(); err != nil {
		return 0, err
	}
	return loss, m.Step()
}

// needStage checks that the per-step protocol has reached stage.
func (m *Sequential) needStage(stage passState, call string) error {
	if m.err != nil {
		return m.err
	}
	if m.net == nil || m.net.stage() < stage {
		prev := map[passState]string{stateForward: "Forward", stateLoss: "Loss (or BackwardFrom)", stateBackward: "Backward"}[stage]
		return fmt.Errorf("nnlib: %s needs %s first", call, prev)
	}
	return nil
}

// probe returns one intermediate as a gonum matrix.
func (m *Sequential) probe(what probe, layer int) (*mat.Dense, error) {
	if m.err != nil {
		return nil, m.err
	}
	if m.net == nil {
		return nil, errors.New("nnlib: the model is not built yet (call Build, or give it data)")
	}
	r, c, data, err := m.net.inspect(what, layer)
	if err != nil {
		return nil, fmt.Errorf("nnlib: %w", err)
	}
	if r == 0 || c == 0 {
		return nil, fmt.Errorf("nnlib: layer %d: the %s is empty", layer, probeNames[what])
	}
	return mat.NewDense(r, c, data), nil
}

// Kernel returns a copy of Dense layer i's weight matrix W (inputs ×
// units). Layers are counted from 0, Input not counted.
func (m *Sequential) Kernel(i int) (*mat.Dense, error) { return m.probe(probeKernel, i) }

// Bias returns a copy of Dense layer i's bias as a 1×units matrix.
func (m *Sequential) Bias(i int) (*mat.Dense, error) { return m.probe(probeBias, i) }

// KernelGrad returns ∂L/∂W of Dense layer i from the last backward pass.
func (m *Sequential) KernelGrad(i int) (*mat.Dense, error) { return m.probe(probeKernelGrad, i) }

// BiasGrad returns ∂L/∂b of Dense layer i (1×units) from the last
// backward pass.
func (m *Sequential) BiasGrad(i int) (*mat.Dense, error) { return m.probe(probeBiasGrad, i) }

// Output returns layer i's output (one row per sample) from the last
// forward pass: the activations of a Dense layer.
func (m *Sequential) Output(i int) (*mat.Dense, error) { return m.probe(probeOutput, i) }

// PreActivation returns Dense layer i's z = x·W + b from the last forward
// pass.
func (m *Sequential) PreActivation(i int) (*mat.Dense, error) {
	return m.probe(probePreActivation, i)
}

// OutputGrad returns ∂L/∂(output of layer i) from the last backward pass.
// For the last layer, when softmax (or sigmoid) was fused with the
// cross-entropy, only Delta exists and OutputGrad fails.
func (m *Sequential) OutputGrad(i int) (*mat.Dense, error) { return m.probe(probeOutputGrad, i) }

// Delta returns δ = ∂L/∂z of Dense layer i from the last backward pass:
// for a softmax output with cross-entropy, (p − onehot(y))/N.
func (m *Sequential) Delta(i int) (*mat.Dense, error) { return m.probe(probeDelta, i) }

// InputGrad returns ∂L/∂x, the gradient of the loss with respect to the
// last Forward's input (one flattened row per sample): a saliency map.
// Backward and BackwardFrom compute it; Fit does not.
func (m *Sequential) InputGrad() (*mat.Dense, error) { return m.probe(probeInputGrad, 0) }

// SetWeights replaces Dense layer i's kernel (inputs × units) and bias
// (nil for a layer without bias). The model must be built.
func (m *Sequential) SetWeights(i int, kernel mat.Matrix, bias []float64) error {
	if m.err != nil {
		return m.err
	}
	if m.net == nil {
		return errors.New("nnlib: SetWeights: the model is not built yet (call Build first)")
	}
	if d, ok := kernel.(*mat.Dense); kernel == nil || (ok && (d == nil || d.IsEmpty())) {
		return errors.New("nnlib: SetWeights: no kernel")
	}
	r, c := kernel.Dims()
	w := make([]float64, 0, r*c)
	for a := range r {
		for b := range c {
			w = append(w, kernel.At(a, b))
		}
	}
	if err := m.net.setLayer(i, r, c, w, bias); err != nil {
		return fmt.Errorf("nnlib: SetWeights: %w", err)
	}
	return nil
}
