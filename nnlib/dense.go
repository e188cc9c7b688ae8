package nnlib

// denseUnit is a built Dense layer. For a batch X (n×in):
//
//	Z = X·W + b        pre-activation, n×units
//	A = f(Z)           activation, the layer's output
//
// and, given G = ∂L/∂A from the layer above, backward computes
//
//	δ = ∂L/∂Z = G ⊙ f′(Z)     (for softmax: the Jacobian-vector product)
//	∂L/∂W = Xᵀ·δ,  ∂L/∂b = Σ_rows δ,  ∂L/∂X = δ·Wᵀ
//
// W, b and their gradients are views into the model's flat parameter and
// gradient vectors, so one optimizer call updates every layer.
type denseUnit[T float] struct {
	in, out int
	act     activation
	slope   T
	gemm    gemmFunc[T]

	w, b   []T // parameters: W is in×out row-major; b is nil without bias
	gw, gb []T // their gradients

	x         matrix[T] // the last forward's input (the layer below's buffer)
	z, a      []T       // pre-activation and activation buffers
	delta, dx []T       // ∂L/∂Z and ∂L/∂X buffers
	rows      int       // rows of the last forward
}

func (d *denseUnit[T]) forward(x matrix[T], _ bool) matrix[T] {
	d.x, d.rows = x, x.rows
	z := view(&d.z, x.rows, d.out)
	acc := d.b != nil
	if acc {
		for r := 0; r < x.rows; r++ {
			copy(z.data[r*d.out:(r+1)*d.out], d.b)
		}
	}
	d.gemm(false, false, x.rows, d.out, d.in, x.data, d.in, d.w, d.out, z.data, d.out, acc)
	if d.act == actLinear {
		return z
	}
	a := view(&d.a, x.rows, d.out)
	activate(d.act, d.slope, z.data, a.data, d.out)
	return a
}

// output returns the last forward's activation.
func (d *denseUnit[T]) output() matrix[T] {
	if d.act == actLinear {
		return matrix[T]{d.rows, d.out, d.z[:d.rows*d.out]}
	}
	return matrix[T]{d.rows, d.out, d.a[:d.rows*d.out]}
}

// logits returns the last forward's pre-activation Z.
func (d *denseUnit[T]) logits() matrix[T] {
	return matrix[T]{d.rows, d.out, d.z[:d.rows*d.out]}
}

// deltaBuf returns the ∂L/∂Z buffer for the last forward's batch, for a
// loss that computes ∂L/∂Z directly (softmax with cross-entropy).
func (d *denseUnit[T]) deltaBuf() matrix[T] { return view(&d.delta, d.rows, d.out) }

func (d *denseUnit[T]) backward(dy matrix[T], needDx bool) matrix[T] {
	delta := d.deltaBuf()
	out := d.output()
	activateBackward(d.act, d.slope, d.z[:len(delta.data)], out.data, dy.data[:len(delta.data)], delta.data, d.out)
	return d.backwardDelta(needDx)
}

// backwardDelta computes the gradients from δ = ∂L/∂Z, already in the
// delta buffer, and returns ∂L/∂X when needDx.
func (d *denseUnit[T]) backwardDelta(needDx bool) matrix[T] {
	n := d.rows
	delta := d.delta[:n*d.out]
	// ∂L/∂W = Xᵀ·δ
	d.gemm(true, false, d.in, d.out, n, d.x.data, d.in, delta, d.out, d.gw, d.out, false)
	// ∂L/∂b = Σ over the batch of δ
	if d.gb != nil {
		clear(d.gb)
		for r := 0; r < n; r++ {
			row := delta[r*d.out : (r+1)*d.out]
			for j, v := range row {
				d.gb[j] += v
			}
		}
	}
	if !needDx {
		return matrix[T]{}
	}
	// ∂L/∂X = δ·Wᵀ
	dx := view(&d.dx, n, d.in)
	d.gemm(false, true, n, d.in, d.out, delta, d.out, d.w, d.out, dx.data, d.in, false)
	return dx
}
