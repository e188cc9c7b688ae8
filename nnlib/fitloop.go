package nnlib

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// gradNormSamples is how many steps per epoch the gradient norms are
// sampled at (evenly spaced), so that recording them costs little.
const gradNormSamples = 32

// trainer holds one Fit's state: the data, the sample order and the
// running sums of the epoch, in buffers made once.
type trainer[T float] struct {
	n       *net[T]
	m       *Sequential
	r       *fitRun
	h       *History
	conv    *converter[T] // samples
	yconv   *converter[T] // dense targets
	perm    []int         // sample order of the epoch
	steps   int           // batches per epoch
	gnEvery int           // sample gradient norms every gnEvery steps
	t0      int           // optimizer steps before this Fit

	lossSum      float64
	seen         int
	metricSums   []float64
	metricCounts []int
	normSums     []float64
	normCount    int
	values       []float64          // current logs, in r.logNames order
	logs         map[string]float64 // the same, for callbacks
}

// fit is the training loop behind Sequential.Fit. Per step it gathers a
// batch, runs forward, loss, backward and the optimizer, all in buffers
// that are reused, so a steady epoch allocates nothing.
func (n *net[T]) fit(m *Sequential, r *fitRun) (*History, error) {
	tr := newTrainer(n, m, r)
	for _, c := range r.callbacks {
		if c.OnTrainBegin != nil {
			c.OnTrainBegin(m)
		}
	}
	for epoch := 1; epoch <= r.epochs && !m.stop; epoch++ {
		if err := tr.epoch(epoch); err != nil {
			return tr.h, err
		}
	}
	for _, c := range r.callbacks {
		if c.OnTrainEnd != nil {
			c.OnTrainEnd(m, tr.h)
		}
	}
	return tr.h, nil
}

func newTrainer[T float](n *net[T], m *Sequential, r *fitRun) *trainer[T] {
	var layers []string
	for i, d := range n.dense {
		if d != nil {
			layers = append(layers, n.names[i])
		}
	}
	steps := (r.nTrain + r.batch - 1) / r.batch
	tr := &trainer[T]{
		n: n, m: m, r: r, h: newHistory(r.logNames, layers),
		conv: newConverter[T](r.x), yconv: newConverter[T](r.t.y),
		perm: make([]int, r.nTrain), steps: steps, gnEvery: max(1, steps/gradNormSamples),
		metricSums: make([]float64, len(n.metrics)), metricCounts: make([]int, len(n.metrics)),
		normSums: make([]float64, len(n.units)),
		values:   make([]float64, len(r.logNames)), logs: make(map[string]float64, len(r.logNames)),
	}
	for i := range tr.perm {
		tr.perm[i] = i
	}
	tr.t0 = n.opt.t
	return tr
}

// epoch runs one pass over the training data, validates, records the
// history and calls the epoch callbacks.
func (tr *trainer[T]) epoch(epoch int) error {
	start := time.Now()
	tr.r.prog.beginEpoch(epoch)
	for _, c := range tr.r.callbacks {
		if c.OnEpochBegin != nil {
			c.OnEpochBegin(tr.m, epoch)
		}
	}
	if tr.r.shuffle {
		tr.shuffle()
	}
	tr.lossSum, tr.seen, tr.normCount = 0, 0, 0
	clear(tr.metricSums)
	clear(tr.metricCounts)
	clear(tr.normSums)
	done := tr.r.ctx.Done()
	for step := 1; step <= tr.steps && !tr.m.stop; step++ {
		select {
		case <-done:
			return fmt.Errorf("nnlib: Fit interrupted in epoch %d/%d before batch %d/%d (the model keeps the weights of the %d steps taken): %w",
				epoch, tr.r.epochs, step, tr.steps, tr.n.opt.t, context.Cause(tr.r.ctx))
		default:
		}
		tr.step(step)
	}
	tr.validate()
	tr.record(epoch, time.Since(start))
	tr.r.prog.endEpoch(tr.r.logNames, tr.values)
	fillLogs(tr.logs, tr.r.logNames, tr.values)
	for _, c := range tr.r.callbacks {
		if c.OnEpochEnd != nil {
			if err := c.OnEpochEnd(tr.m, epoch, tr.logs); err != nil {
				return fmt.Errorf("nnlib: Fit stopped by a callback after epoch %d: %w", epoch, err)
			}
		}
	}
	return nil
}

// shuffle draws a new sample order from the model's random source.
func (tr *trainer[T]) shuffle() {
	tr.m.rng.Shuffle(len(tr.perm), func(i, j int) { tr.perm[i], tr.perm[j] = tr.perm[j], tr.perm[i] })
}

// step trains on batch number step (from 1) of the epoch's order.
func (tr *trainer[T]) step(step int) {
	n, r := tr.n, tr.r
	idx := tr.perm[(step-1)*r.batch : min(step*r.batch, r.nTrain)]
	x := n.inputBatch(len(idx))
	tr.conv.gather(x.data, r.x, idx)
	if step < tr.steps { // the next batch's rows load while this one trains
		tr.conv.prefetch(r.x, tr.perm[step*r.batch:min((step+1)*r.batch, r.nTrain)])
	}
	out := n.forward(x, true)
	t := n.batchTarget(r.t, tr.yconv, idx, 0, 0)
	tr.lossSum += n.computeLoss(t) * float64(len(idx))
	tr.seen += len(idx)
	for k, mk := range n.metrics {
		s, c := metricSum(mk, n.loss, n.logits, out, t)
		tr.metricSums[k] += s
		tr.metricCounts[k] += c
	}
	n.backward(false)
	if step%tr.gnEvery == 0 || step == tr.steps {
		for i, v := range n.layerGradNorms() {
			tr.normSums[i] += v
		}
		tr.normCount++
	}
	n.opt.step()

	nm := len(n.metrics)
	tr.values[0] = tr.lossSum / float64(tr.seen)
	for k := range nm {
		tr.values[1+k] = tr.metricSums[k] / float64(tr.metricCounts[k])
	}
	r.prog.batch(step, r.logNames[:1+nm], tr.values[:1+nm])
	if hasBatchCallback(r.callbacks) {
		fillLogs(tr.logs, r.logNames[:1+nm], tr.values[:1+nm])
		for _, c := range r.callbacks {
			if c.OnBatchEnd != nil {
				c.OnBatchEnd(tr.m, step, tr.logs)
			}
		}
	}
}

// validate fills the val_ logs from the validation data, if any.
func (tr *trainer[T]) validate() {
	r := tr.r
	if r.valX == nil {
		return
	}
	nm := len(tr.n.metrics)
	val := tr.n.evaluate(r.valX, r.valT, r.valFrom, r.valX.Len())
	for k, name := range r.logNames[1+nm:] {
		tr.values[1+nm+k] = val[strings.TrimPrefix(name, "val_")]
	}
}

// record appends the epoch to the history.
func (tr *trainer[T]) record(epoch int, took time.Duration) {
	h, n := tr.h, tr.n
	h.Epoch = append(h.Epoch, epoch)
	for k, name := range tr.r.logNames {
		h.Metrics[name] = append(h.Metrics[name], tr.values[k])
	}
	for i, d := range n.dense {
		if d != nil {
			h.GradNorm[n.names[i]] = append(h.GradNorm[n.names[i]], tr.normSums[i]/float64(max(tr.normCount, 1)))
		}
	}
	h.LearningRate = append(h.LearningRate, n.opt.cfg.rate(n.opt.t-1))
	h.Seconds = append(h.Seconds, took.Seconds())
	h.Steps = n.opt.t - tr.t0
}

// hasBatchCallback reports whether any callback wants OnBatchEnd.
func hasBatchCallback(cs []Callback) bool {
	for _, c := range cs {
		if c.OnBatchEnd != nil {
			return true
		}
	}
	return false
}

// fillLogs sets logs[names[i]] = values[i].
func fillLogs(logs map[string]float64, names []string, values []float64) {
	for i, n := range names {
		logs[n] = values[i]
	}
}

// evalChunk is the number of samples evaluated per forward pass outside
// training.
const evalChunk = 256

// evaluate returns the mean loss and metrics over samples [from, to) of x.
func (n *net[T]) evaluate(x *Tensor, t targets, from, to int) map[string]float64 {
	conv, yconv := newConverter[T](x), newConverter[T](t.y)
	var lossSum float64
	sums := make([]float64, len(n.metrics))
	counts := make([]int, len(n.metrics))
	for lo := from; lo < to; lo += evalChunk {
		hi := min(lo+evalChunk, to)
		in := n.inputBatch(hi - lo)
		conv.gatherRange(in.data, x, lo, hi)
		out := n.forward(in, false)
		bt := n.batchTarget(t, yconv, nil, lo, hi)
		lossSum += n.computeLoss(bt) * float64(hi-lo)
		for k, mk := range n.metrics {
			s, c := metricSum(mk, n.loss, n.logits, out, bt)
			sums[k] += s
			counts[k] += c
		}
	}
	n.state = stateNone // the buffers no longer hold a training step
	res := map[string]float64{"loss": lossSum / float64(to-from)}
	for k, mk := range n.metrics {
		res[mk.String()] = sums[k] / float64(counts[k])
	}
	return res
}

// predict returns the model's outputs for every sample of x.
func (n *net[T]) predict(x *Tensor) *Tensor {
	conv := newConverter[T](x)
	rows := x.Len()
	out := make([]T, rows*n.outDim)
	for lo := 0; lo < rows; lo += evalChunk {
		hi := min(lo+evalChunk, rows)
		in := n.inputBatch(hi - lo)
		conv.gatherRange(in.data, x, lo, hi)
		o := n.forward(in, false)
		copy(out[lo*n.outDim:hi*n.outDim], o.data[:(hi-lo)*n.outDim])
	}
	n.state = stateNone
	return newTensorOf(out, append([]int{rows}, n.shapes[len(n.shapes)-1]...))
}

// newTensorOf wraps data of T in a Tensor of the matching DType.
func newTensorOf[T float](data []T, shape []int) *Tensor {
	switch d := any(data).(type) {
	case []float32:
		return &Tensor{shape: shape, dtype: Float32, f32: d}
	case []float64:
		return &Tensor{shape: shape, dtype: Float64, f64: d}
	}
	return nil
}
