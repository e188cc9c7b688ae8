package nnlib

import (
	"context"
	"fmt"
	"time"
)

// gradNormSamples is how many steps per epoch the gradient norms are
// sampled at (evenly spaced), so that recording them costs little.
const gradNormSamples = 32

// fit is the training loop behind Sequential.Fit. Per step it gathers a
// batch, runs forward, loss, backward and the optimizer, all in buffers
// that are reused, so a steady epoch allocates nothing.
func (n *net[T]) fit(m *Sequential, r *fitRun) (*History, error) {
	var layers []string
	for i, d := range n.dense {
		if d != nil {
			layers = append(layers, n.names[i])
		}
	}
	h := newHistory(r.logNames, layers)
	conv, yconv := newConverter[T](r.x), newConverter[T](r.t.y)
	perm := make([]int, r.nTrain)
	for i := range perm {
		perm[i] = i
	}
	steps := (r.nTrain + r.batch - 1) / r.batch
	gnEvery := max(1, steps/gradNormSamples)
	nm := len(n.metrics)
	metricSums := make([]float64, nm)
	metricCounts := make([]int, nm)
	normSums := make([]float64, len(n.units))
	values := make([]float64, len(r.logNames))
	logs := make(map[string]float64, len(r.logNames))
	done := r.ctx.Done()

	for _, c := range r.callbacks {
		if c.OnTrainBegin != nil {
			c.OnTrainBegin(m)
		}
	}
	for epoch := 1; epoch <= r.epochs && !m.stop; epoch++ {
		start := time.Now()
		r.prog.beginEpoch(epoch)
		for _, c := range r.callbacks {
			if c.OnEpochBegin != nil {
				c.OnEpochBegin(m, epoch)
			}
		}
		if r.shuffle {
			m.rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		}
		var lossSum float64
		seen, normCount := 0, 0
		clear(metricSums)
		clear(metricCounts)
		clear(normSums)
		for step := 1; step <= steps; step++ {
			select {
			case <-done:
				return h, fmt.Errorf("nnlib: Fit interrupted in epoch %d/%d before batch %d/%d (the model keeps the weights of the %d steps taken): %w",
					epoch, r.epochs, step, steps, n.opt.t, context.Cause(r.ctx))
			default:
			}
			idx := perm[(step-1)*r.batch : min(step*r.batch, r.nTrain)]
			x := n.inputBatch(len(idx))
			conv.gather(x.data, r.x, idx)
			out := n.forward(x, true)
			t := n.batchTarget(r.t, yconv, idx, 0, 0)
			lossSum += n.computeLoss(t) * float64(len(idx))
			seen += len(idx)
			for k, mk := range n.metrics {
				s, c := metricSum(mk, n.loss, n.logits, out, t)
				metricSums[k] += s
				metricCounts[k] += c
			}
			n.backward(false)
			if step%gnEvery == 0 || step == steps {
				for i, v := range n.layerGradNorms() {
					normSums[i] += v
				}
				normCount++
			}
			n.opt.step()
			values[0] = lossSum / float64(seen)
			for k := range nm {
				values[1+k] = metricSums[k] / float64(metricCounts[k])
			}
			r.prog.batch(step, r.logNames[:1+nm], values[:1+nm])
			if hasBatchCallback(r.callbacks) {
				fillLogs(logs, r.logNames[:1+nm], values[:1+nm])
				for _, c := range r.callbacks {
					if c.OnBatchEnd != nil {
						c.OnBatchEnd(m, step, logs)
					}
				}
			}
			if m.stop {
				break
			}
		}
		if r.valX != nil {
			val := n.evaluate(r.valX, r.valT, r.valFrom, r.valX.Len())
			for k, name := range r.logNames[1+nm:] {
				values[1+nm+k] = val[name[len("val_"):]]
			}
		}
		h.Epoch = append(h.Epoch, epoch)
		for k, name := range r.logNames {
			h.Metrics[name] = append(h.Metrics[name], values[k])
		}
		for i, d := range n.dense {
			if d != nil {
				h.GradNorm[n.names[i]] = append(h.GradNorm[n.names[i]], normSums[i]/float64(max(normCount, 1)))
			}
		}
		h.LearningRate = append(h.LearningRate, n.opt.cfg.rate(n.opt.t-1))
		h.Seconds = append(h.Seconds, time.Since(start).Seconds())
		h.Steps = n.opt.t
		r.prog.endEpoch(r.logNames, values)
		fillLogs(logs, r.logNames, values)
		for _, c := range r.callbacks {
			if c.OnEpochEnd != nil {
				if err := c.OnEpochEnd(m, epoch, logs); err != nil {
					return h, fmt.Errorf("nnlib: Fit stopped by a callback after epoch %d: %w", epoch, err)
				}
			}
		}
	}
	for _, c := range r.callbacks {
		if c.OnTrainEnd != nil {
			c.OnTrainEnd(m, h)
		}
	}
	return h, nil
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
