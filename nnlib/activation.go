package nnlib

import (
	"fmt"
	"math"
	"strings"
)

// activation is an element-wise (or, for softmax, row-wise) function that
// a Dense layer applies to its pre-activation z = x·W + b.
type activation uint8

const (
	actLinear    activation = iota // a = z
	actReLU                        // a = max(0, z)
	actSigmoid                     // a = 1/(1+e^−z)
	actTanh                        // a = tanh z
	actSoftmax                     // a_j = e^z_j / Σ_k e^z_k, per row
	actLeakyReLU                   // a = z for z > 0, slope·z otherwise
)

// activationNames lists the names Dense accepts, in the order of the
// constants above.
var activationNames = [...]string{"linear", "relu", "sigmoid", "tanh", "softmax", "leaky_relu"}

func (a activation) String() string { return activationNames[a] }

// parseActivation maps a Keras activation name to an activation; "" and
// "linear" (and Keras's None) mean none.
func parseActivation(name string) (activation, error) {
	switch strings.ToLower(name) {
	case "", "linear", "none":
		return actLinear, nil
	}
	for i, n := range activationNames {
		if strings.EqualFold(name, n) {
			return activation(i), nil
		}
	}
	return 0, fmt.Errorf("unknown activation %q (want one of %s)", name, strings.Join(activationNames[:], ", "))
}

// activate computes a = f(z) for the first rows×cols elements; a may be z.
func activate[T float](f activation, slope T, z, a []T, cols int) {
	switch f {
	case actLinear:
		copy(a, z)
	case actReLU:
		for i, v := range z {
			a[i] = max(v, 0)
		}
	case actLeakyReLU:
		for i, v := range z {
			if v > 0 {
				a[i] = v
			} else {
				a[i] = slope * v
			}
		}
	case actSigmoid:
		for i, v := range z {
			a[i] = T(sigmoid(float64(v)))
		}
	case actTanh:
		for i, v := range z {
			a[i] = T(math.Tanh(float64(v)))
		}
	case actSoftmax:
		for r := 0; r+cols <= len(z); r += cols {
			softmaxRow(z[r:r+cols], a[r:r+cols])
		}
	}
}

// activateBackward computes dz = da ⊙ f′(z) from the layer's pre-activation
// z and activation a (for softmax, the Jacobian-vector product
// dz_j = a_j·(da_j − Σ_k da_k·a_k)). dz may be da.
func activateBackward[T float](f activation, slope T, z, a, da, dz []T, cols int) {
	switch f {
	case actLinear:
		copy(dz, da)
	case actReLU:
		if z32, ok := any(z).([]float32); ok {
			reluBackward32(z32, any(da).([]float32), any(dz).([]float32))
			return
		}
		for i, v := range z {
			if v > 0 {
				dz[i] = da[i]
			} else {
				dz[i] = 0
			}
		}
	case actLeakyReLU:
		for i, v := range z {
			if v > 0 {
				dz[i] = da[i]
			} else {
				dz[i] = slope * da[i]
			}
		}
	case actSigmoid:
		for i, s := range a {
			dz[i] = da[i] * s * (1 - s)
		}
	case actTanh:
		for i, t := range a {
			dz[i] = da[i] * (1 - t*t)
		}
	case actSoftmax:
		for r := 0; r+cols <= len(a); r += cols {
			p, g, out := a[r:r+cols], da[r:r+cols], dz[r:r+cols]
			var dot float64
			for j := range p {
				dot += float64(g[j]) * float64(p[j])
			}
			for j := range p {
				out[j] = T(float64(p[j]) * (float64(g[j]) - dot))
			}
		}
	}
}

// reluBackward32 sets dz = da where z > 0 and 0 elsewhere, without
// branches: in training about half the signs are negative, at random, and
// a mispredicted branch per element would cost more than the rest of the
// loop. The mask is all ones exactly when z's bits, as an int32, are
// positive (z > 0; not −0, whose bits are the most negative int32).
func reluBackward32(z, da, dz []float32) {
	da, dz = da[:len(z)], dz[:len(z)]
	for i, v := range z {
		x := int32(math.Float32bits(v))
		mask := uint32((-x & ^x) >> 31)
		dz[i] = math.Float32frombits(math.Float32bits(da[i]) & mask)
	}
}

// sigmoid is 1/(1+e^−x), computed without overflow for large |x|.
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// softmaxRow writes softmax(z) to p, subtracting the row maximum first so
// that large logits do not overflow.
func softmaxRow[T float](z, p []T) {
	m := z[0]
	for _, v := range z[1:] {
		m = max(m, v)
	}
	var sum float64
	for j, v := range z {
		e := math.Exp(float64(v - m))
		p[j] = T(e)
		sum += e
	}
	inv := 1 / sum
	for j := range p {
		p[j] = T(float64(p[j]) * inv)
	}
}

// logSumExp returns log Σ_j e^z_j, stable for large z, and the row maximum.
func logSumExp[T float](z []T) float64 {
	m := float64(z[0])
	for _, v := range z[1:] {
		m = max(m, float64(v))
	}
	var sum float64
	for _, v := range z {
		sum += math.Exp(float64(v) - m)
	}
	return m + math.Log(sum)
}
