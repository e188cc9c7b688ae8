package nnlib

import (
	"math"
	"slices"
	"testing"
)

func TestReluBackward32MatchesDefinition(t *testing.T) {
	z := []float32{1, -1, 0, float32(math.Copysign(0, -1)), 1e-45, -1e-45, float32(math.Inf(1)), float32(math.Inf(-1)), 3.5, -2}
	da := make([]float32, len(z))
	for i := range da {
		da[i] = float32(i) + 0.25
	}
	dz := make([]float32, len(z))
	reluBackward32(z, da, dz)
	for i, v := range z {
		want := float32(0)
		if v > 0 {
			want = da[i]
		}
		if dz[i] != want || math.Signbit(float64(dz[i])) {
			t.Errorf("z=%v: dz=%v, want %v", v, dz[i], want)
		}
	}
}

func TestCrossEntropyIsStableForLargeLogits(t *testing.T) {
	// log-sum-exp of (1000, 0, −1000) is 1000 to double precision, so the
	// loss for label 1 is 1000 and the gradient is (1, −1, 0)/N.
	loss, grad, err := LossGrad("sparse_categorical_crossentropy", []int{1}, [][]float64{{1000, 0, -1000}}, true)
	if err != nil {
		t.Fatal(err)
	}
	if loss != 1000 || !slices.Equal(grad.Float64s(), []float64{1, -1, 0}) {
		t.Errorf("loss %v, gradient %v", loss, grad.Float64s())
	}
	// The same through a float32 model whose softmax output saturates.
	m := NewSequential(Input(1), Dense(3, "softmax"))
	m.Compile(SGD(0.1), "sparse_categorical_crossentropy")
	m.Build()
	m.SetWeights(0, dense([][]float64{{1000, 0, -1000}}), []float64{0, 0, 0})
	m.Forward([]float64{1}, true)
	l, err := m.Loss([]int{2})
	if err != nil || l != 2000 {
		t.Errorf("float32 fused loss %v (err %v), want 2000", l, err)
	}
	if err := m.Backward(); err != nil {
		t.Fatal(err)
	}
	g, _ := m.KernelGrad(0)
	if g.At(0, 0) != 1 || g.At(0, 2) != -1 {
		t.Errorf("gradient %v", g.RawMatrix().Data)
	}
	// Binary cross-entropy from logits: softplus(±100).
	loss, _, err = LossGrad("binary_crossentropy", []float64{0, 1}, []float64{100, -100}, true)
	if err != nil || loss != 100 {
		t.Errorf("BCE loss %v (err %v), want 100", loss, err)
	}
}
