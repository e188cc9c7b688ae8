package nnlib

import (
	"math/rand/v2"
	"testing"
)

// seedModelStep sets up the seed MNIST model and a synthetic uint8 dataset
// of n images, and returns one training step as Fit runs it. A share zero
// of the pixels are 0 (MNIST's images are about 81% background); the
// kernels skip zeros, so the share matters to speed.
func seedModelStep(b testing.TB, f64 bool, n int, zero float64) func() {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	pix := make([]uint8, n*784)
	for i := range pix {
		if rng.Float64() >= zero {
			pix[i] = uint8(rng.IntN(256))
		}
	}
	labels := make([]int, n)
	for i := range labels {
		labels[i] = rng.IntN(10)
	}
	x := MustTensor(NewTensorUint8(pix, 1.0/255, n, 28, 28))
	m := NewSequentialWith(ModelOptions{Float64: f64}, Flatten(), Dense(128, "relu"), Dense(10, "softmax"))
	if err := m.Compile(Adam(0.001), "sparse_categorical_crossentropy", "accuracy"); err != nil {
		b.Fatal(err)
	}
	r, err := m.prepareFit(x, labels, FitOptions{Verbose: VerboseSilent})
	if err != nil {
		b.Fatal(err)
	}
	var tr interface {
		shuffle()
		step(int)
	}
	if f64 {
		tr = newTrainer(m.net.(*net[float64]), m, r)
	} else {
		tr = newTrainer(m.net.(*net[float32]), m, r)
	}
	tr.shuffle() // rows are read in random order, as in Fit
	steps := n / r.batch
	step := 0
	return func() {
		tr.step(step%steps + 1)
		step++
	}
}

// BenchmarkTrainStep measures one training step of the seed MNIST model
// (batch 32: gather, forward, loss, backward, Adam), as Fit takes it, on
// images as sparse as MNIST's and on dense ones.
func BenchmarkTrainStep(b *testing.B) {
	for _, p := range []struct {
		name string
		f64  bool
		zero float64
	}{{"float32/mnist-like", false, 0.81}, {"float32/dense", false, 0}, {"float64/mnist-like", true, 0.81}} {
		b.Run(p.name, func(b *testing.B) {
			step := seedModelStep(b, p.f64, 60000, p.zero) // MNIST's size: rows come from DRAM
			step()                                         // size the buffers
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				step()
			}
		})
	}
}

// TestTrainStepAllocatesNothing checks the hot path's promise: after the
// first step sized the buffers, a training step allocates nothing.
func TestTrainStepAllocatesNothing(t *testing.T) {
	step := seedModelStep(t, false, 2000, 0.81)
	step()
	if a := testing.AllocsPerRun(50, step); a != 0 {
		t.Errorf("a training step allocates %v times", a)
	}
}
