package nnlib

import (
	"fmt"
	"math"
	"strings"
)

// metricKind is a quantity Fit and Evaluate report besides the loss.
type metricKind uint8

const (
	metricAccuracy metricKind = iota + 1 // share of correct predictions
	metricMSE                            // mean squared error
	metricMAE                            // mean absolute error
)

func (k metricKind) String() string {
	switch k {
	case metricAccuracy:
		return "accuracy"
	case metricMSE:
		return "mse"
	}
	return "mae"
}

// parseMetric maps a Keras metric name to a metric, checking that it
// makes sense for the loss.
func parseMetric(name string, loss lossKind) (metricKind, error) {
	switch strings.ToLower(name) {
	case "accuracy", "acc", "sparse_categorical_accuracy", "categorical_accuracy", "binary_accuracy":
		if loss == lossMSE {
			return 0, fmt.Errorf("metric %q needs a classification loss, not mse", name)
		}
		return metricAccuracy, nil
	case "mse", "mean_squared_error":
		return metricMSE, nil
	case "mae", "mean_absolute_error":
		return metricMAE, nil
	}
	return 0, fmt.Errorf("unknown metric %q (want accuracy, mse or mae)", name)
}

// metricSum returns the sum of a metric over a batch and the count it is
// a mean over: samples for categorical accuracy, elements otherwise.
// logits says out holds logits (so binary accuracy thresholds at 0).
func metricSum[T float](k metricKind, loss lossKind, logits bool, out matrix[T], t target[T]) (sum float64, count int) {
	n, c := out.rows, out.cols
	switch {
	case k == metricAccuracy && loss == lossBCE:
		threshold := 0.5
		if logits {
			threshold = 0
		}
		for i, v := range out.data[:n*c] {
			if (float64(v) > threshold) == (t.y.data[i] > 0.5) {
				sum++
			}
		}
		return sum, n * c
	case k == metricAccuracy:
		for r := range n {
			want := 0
			if t.labels != nil {
				want = t.labels[r]
			} else {
				want = argmaxRow(t.y.data[r*c : (r+1)*c])
			}
			if argmaxRow(out.data[r*c:(r+1)*c]) == want {
				sum++
			}
		}
		return sum, n
	}
	for i, v := range out.data[:n*c] {
		var y float64
		if t.labels != nil {
			if i%c == t.labels[i/c] {
				y = 1
			}
		} else {
			y = float64(t.y.data[i])
		}
		d := float64(v) - y
		if k == metricMSE {
			sum += d * d
		} else {
			sum += math.Abs(d)
		}
	}
	return sum, n * c
}
