package nnlib

import (
	"math/rand/v2"
	"testing"
)

// seedModelStep sets up the seed MNIST model and a synthetic uint8 dataset
// of n images, and returns one training step as Fit runs it.
func seedModelStep(b testing.TB, f64 bool, n int) func() {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	pix := make([]uint8, n*784)
	for i := range pix {
		pix[i] = uint8(rng.IntN(256))
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
// (batch 32: gather, forward, loss, backward, Adam), as Fit takes it.
func BenchmarkTrainStep(b *testing.B) {
	for _, p := range []struct {
		name string
		f64  bool
	}{{"float32", false}, {"float64", true}} {
		b.Run(p.name, func(b *testing.B) {
			step := seedModelStep(b, p.f64, 60000) // MNIST's size: rows come from DRAM
			step()                                 // size the buffers
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
	step := seedModelStep(t, false, 2000)
	step()
	if a := testing.AllocsPerRun(50, step); a != 0 {
		t.Errorf("a training step allocates %v times", a)
	}
}
