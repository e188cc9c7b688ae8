package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// mlpStep is one training step of the seed MLP (784 → 128 ReLU → 10
// softmax, cross-entropy, Adam) built only from this package's kernels and
// a little plain Go, so that nnlib's own step can be compared with it.
type mlpStep struct {
	s      *impl
	images []uint8 // rows of 784 pixels, 0–255 as in MNIST's files
	labels []uint8
	batch  int

	x, h, z2, dz, dh []float32 // per-batch activations and deltas
	// Flat parameters, gradients and Adam moments, laid out W1, b1, W2, b2.
	p, g, m, v []float32
	t          int
}

const (
	mlpIn, mlpHidden, mlpOut = 784, 128, 10
	offB1                    = mlpIn * mlpHidden
	offW2                    = offB1 + mlpHidden
	offB2                    = offW2 + mlpHidden*mlpOut
)

// newMLPStep returns a step on the given data with He-initialised weights.
func newMLPStep(s *impl, images []uint8, labels []uint8, batch int, seed uint64) *mlpStep {
	rng := rand.New(rand.NewPCG(seed, 1))
	st := &mlpStep{
		s: s, images: images, labels: labels, batch: batch,
		x: make([]float32, batch*mlpIn), h: make([]float32, batch*mlpHidden),
		z2: make([]float32, batch*mlpOut), dz: make([]float32, batch*mlpOut),
		dh: make([]float32, batch*mlpHidden),
		p:  make([]float32, mlpParams), g: make([]float32, mlpParams),
		m: make([]float32, mlpParams), v: make([]float32, mlpParams),
	}
	for i := range st.p[:offB1] {
		st.p[i] = float32(rng.NormFloat64() * math.Sqrt(2.0/mlpIn))
	}
	for i := offW2; i < offB2; i++ {
		st.p[i] = float32(rng.NormFloat64() * math.Sqrt(2.0/mlpHidden))
	}
	return st
}

// run trains on the rows idx (len batch) and returns the mean loss. When
// next is not nil, the rows it lists are prefetched for the next step.
func (st *mlpStep) run(idx, next []int) float64 {
	n, f32 := st.batch, st.s.f32
	w1, b1 := st.p[:offB1], st.p[offB1:offW2]
	w2, b2 := st.p[offW2:offB2], st.p[offB2:]
	gw1, gb1 := st.g[:offB1], st.g[offB1:offW2]
	gw2, gb2 := st.g[offW2:offB2], st.g[offB2:]

	// Gather the batch; start each row of Z1 and Z2 at its bias.
	for _, i := range next {
		PrefetchBytes(st.images[i*mlpIn : (i+1)*mlpIn])
	}
	for r, i := range idx {
		st.s.uint8To32(st.x[r*mlpIn:(r+1)*mlpIn], st.images[i*mlpIn:(i+1)*mlpIn], 1.0/255)
		copy(st.h[r*mlpHidden:(r+1)*mlpHidden], b1)
		copy(st.z2[r*mlpOut:(r+1)*mlpOut], b2)
	}
	// Forward: H = relu(X·W1 + b1), Z2 = H·W2 + b2.
	f32(false, false, n, mlpHidden, mlpIn, st.x, mlpIn, w1, mlpHidden, st.h, mlpHidden, true)
	st.s.relu32(st.h, st.h)
	f32(false, false, n, mlpOut, mlpHidden, st.h, mlpHidden, w2, mlpOut, st.z2, mlpOut, true)
	loss := softmaxCrossEntropy(st.z2, st.dz, st.labels, idx)

	// Backward.
	f32(true, false, mlpHidden, mlpOut, n, st.h, mlpHidden, st.dz, mlpOut, gw2, mlpOut, false)
	st.s.colSums32(gb2, st.dz, n)
	f32(false, true, n, mlpHidden, mlpOut, st.dz, mlpOut, w2, mlpOut, st.dh, mlpHidden, false)
	st.s.reluGrad32(st.dh, st.h, st.dh)
	st.s.colSums32(gb1, st.dh, n)
	f32(true, false, mlpIn, mlpHidden, n, st.x, mlpIn, st.dh, mlpHidden, gw1, mlpHidden, false)

	st.t++
	st.s.adam32(st.p, st.g, st.m, st.v, NewAdamHyper(1e-3, 0.9, 0.999, 1e-8, 0, st.t))
	return loss
}

// softmaxCrossEntropy turns the logits z (rows of mlpOut) into ∂L/∂z of
// the mean cross-entropy, written to dz, and returns that mean.
func softmaxCrossEntropy(z, dz []float32, labels []uint8, idx []int) float64 {
	n := len(idx)
	var loss float64
	for r, i := range idx {
		row, d := z[r*mlpOut:(r+1)*mlpOut], dz[r*mlpOut:(r+1)*mlpOut]
		top := row[0]
		for _, x := range row {
			top = max(top, x)
		}
		var sum float64
		for j, x := range row {
			e := math.Exp(float64(x - top))
			d[j] = float32(e)
			sum += e
		}
		y := labels[i]
		loss += math.Log(sum) - float64(row[y]-top)
		for j := range d {
			d[j] = float32(float64(d[j])/sum) / float32(n)
		}
		d[y] -= 1 / float32(n)
	}
	return loss / float64(n)
}

// syntheticDigits returns n 28×28 images as sparse as MNIST's (about 19%
// nonzero pixels, all within the central 20×20) whose label is the one of
// ten bands of the image with the most ink: learnable, like MNIST, in a few
// hundred steps.
func syntheticDigits(n int, seed uint64) ([]uint8, []uint8) {
	rng := rand.New(rand.NewPCG(seed, 2))
	images, labels := make([]uint8, n*mlpIn), make([]uint8, n)
	for i := range n {
		y := rng.IntN(mlpOut)
		labels[i] = uint8(y)
		img := images[i*mlpIn : (i+1)*mlpIn]
		for j := range img {
			row, col := j/28, j%28
			if row < 4 || row >= 24 || col < 4 || col >= 24 {
				continue
			}
			ink := 0.3
			if (row-4)/2 == y {
				ink = 0.9
			}
			if rng.Float64() < ink {
				img[j] = uint8(50 + rng.IntN(206))
			}
		}
	}
	return images, labels
}

// TestMLPStepLearns checks that the step the benchmark times really
// trains: with every kernel set the loss falls from about ln 10 to a small
// fraction of it, and the sets agree on the curve.
func TestMLPStepLearns(t *testing.T) {
	images, labels := syntheticDigits(640, 9)
	var first []float64
	for _, s := range impls() {
		st := newMLPStep(s, images, labels, 32, 10)
		var curve []float64
		for epoch := range 3 {
			for b := range 20 {
				idx := make([]int, 32)
				for r := range idx {
					idx[r] = (b*32 + r + epoch*7) % 640
				}
				curve = append(curve, st.run(idx, nil))
			}
		}
		start, end := curve[0], curve[len(curve)-1]
		t.Logf("%s: loss %.4f → %.4f", s.name, start, end)
		if start < 1.5 || end > 0.2*start {
			t.Errorf("%s: loss %.3f → %.3f, want a fall from about 2.3 to under a fifth", s.name, start, end)
		}
		if first == nil {
			first = curve
			continue
		}
		for i := range curve {
			if math.Abs(curve[i]-first[i]) > 1e-3*max(1, first[i]) {
				t.Errorf("%s: loss at step %d is %.6f, %s gave %.6f", s.name, i, curve[i], impls()[0].name, first[i])
				break
			}
		}
	}
}

// BenchmarkMLPStep times one whole training step of the seed MLP at
// batch 32 on a 60000-image training set of bytes, as sparse as MNIST: a
// random gather of 32 rows converted by Uint8To32 (the next batch's rows
// prefetched, or not), the forward and backward products, softmax
// cross-entropy and Adam over the 101,770 parameters. Five MNIST epochs
// are 9375 such steps.
func BenchmarkMLPStep(b *testing.B) {
	const rows, batch = 60000, 32
	images, labels := syntheticDigits(rows, 11)
	for _, s := range impls() {
		for _, prefetch := range []bool{true, false} {
			name := s.name
			if !prefetch {
				name += "/noprefetch"
			}
			b.Run(name, func(b *testing.B) {
				st := newMLPStep(s, images, labels, batch, 12)
				perm := rand.New(rand.NewPCG(13, 3)).Perm(rows)
				i := 0
				for b.Loop() {
					if i+2*batch > rows {
						i = 0
					}
					var next []int
					if prefetch {
						next = perm[i+batch : i+2*batch]
					}
					st.run(perm[i:i+batch], next)
					i += batch
				}
				b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*9375, "s/5epochs")
			})
		}
	}
}
