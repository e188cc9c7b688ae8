package nnlib

import (
	"fmt"
	"math"
	"strings"
)

// Callback holds functions Fit calls as training goes; any may be nil. It
// is a struct of function fields rather than an interface so that
// functions written in a notebook (interpreted) can be used directly.
//
// Epochs are numbered from 1, batches from 1 within their epoch. The logs
// hold the running values of "loss" and the compiled metrics (means over
// the epoch so far) and, at the end of an epoch, the validation values;
// Fit reuses the map, so copy what you keep. To end training early call
// m.StopTraining().
type Callback struct {
	// OnTrainBegin is called once before the first epoch.
	OnTrainBegin func(m *Sequential)
	// OnEpochBegin is called before each epoch.
	OnEpochBegin func(m *Sequential, epoch int)
	// OnBatchEnd is called after each optimizer step.
	OnBatchEnd func(m *Sequential, batch int, logs map[string]float64)
	// OnEpochEnd is called after each epoch, validation done. An error
	// ends Fit, which returns it.
	OnEpochEnd func(m *Sequential, epoch int, logs map[string]float64) error
	// OnTrainEnd is called once when training ends, normally or early
	// (not when it fails or is cancelled).
	OnTrainEnd func(m *Sequential, h *History)
}

// EarlyStoppingOptions configures EarlyStopping; the zero value means
// Keras's defaults.
type EarlyStoppingOptions struct {
	// Monitor is the log to watch; "" means "val_loss".
	Monitor string
	// MinDelta is the least change that counts as an improvement.
	MinDelta float64
	// Patience is the number of epochs without improvement to wait.
	Patience int
	// Mode is "min", "max" or "" (auto: "max" for accuracies, else "min").
	Mode string
	// RestoreBestWeights puts back the weights of the best epoch when
	// training ends.
	RestoreBestWeights bool
}

// EarlyStopping returns a callback that stops training once the monitored
// value has not improved by more than MinDelta for Patience epochs. Fit
// fails if the value is not in the logs (for "val_loss": no validation
// data).
func EarlyStopping(opts EarlyStoppingOptions) Callback {
	monitor := opts.Monitor
	if monitor == "" {
		monitor = "val_loss"
	}
	better := improvement(monitor, opts.Mode, math.Abs(opts.MinDelta))
	var best float64
	var wait int
	var bestWeights []float64
	return Callback{
		OnTrainBegin: func(*Sequential) {
			best, wait, bestWeights = math.NaN(), 0, nil
		},
		OnEpochEnd: func(m *Sequential, epoch int, logs map[string]float64) error {
			v, ok := logs[monitor]
			if !ok {
				return fmt.Errorf("EarlyStopping: the logs have no %q (have %s)", monitor, logKeys(logs))
			}
			if math.IsNaN(best) || better(v, best) {
				best, wait = v, 0
				if opts.RestoreBestWeights {
					bestWeights = m.net.flatParams()
				}
				return nil
			}
			if wait++; wait >= opts.Patience {
				m.StopTraining()
			}
			return nil
		},
		OnTrainEnd: func(m *Sequential, _ *History) {
			if bestWeights != nil {
				m.net.setFlatParams(bestWeights)
			}
		},
	}
}

// improvement returns the test "v improves on best" for a monitored log.
func improvement(monitor, mode string, delta float64) func(v, best float64) bool {
	maximize := mode == "max" || (mode != "min" && strings.Contains(monitor, "acc"))
	if maximize {
		return func(v, best float64) bool { return v-delta > best }
	}
	return func(v, best float64) bool { return v+delta < best }
}

// logKeys lists a log map's keys for messages.
func logKeys(logs map[string]float64) string {
	keys := make([]string, 0, len(logs))
	for k := range logs {
		keys = append(keys, k)
	}
	return strings.Join(keys, ", ")
}

// CheckpointOptions configures ModelCheckpoint; the zero value saves after
// every epoch.
type CheckpointOptions struct {
	// SaveBestOnly saves only when the monitored value improves.
	SaveBestOnly bool
	// Monitor is the log SaveBestOnly watches; "" means "val_loss".
	Monitor string
	// Mode is "min", "max" or "" (auto, as in EarlyStoppingOptions).
	Mode string
}

// ModelCheckpoint returns a callback that saves the model (see Save) to
// path at the end of epochs. "{epoch}" in path is replaced by the epoch
// number, so every epoch can have its own file. A failed save ends Fit
// with the error.
func ModelCheckpoint(path string, opts CheckpointOptions) Callback {
	monitor := opts.Monitor
	if monitor == "" {
		monitor = "val_loss"
	}
	better := improvement(monitor, opts.Mode, 0)
	best := math.NaN()
	return Callback{
		OnTrainBegin: func(*Sequential) { best = math.NaN() },
		OnEpochEnd: func(m *Sequential, epoch int, logs map[string]float64) error {
			if opts.SaveBestOnly {
				v, ok := logs[monitor]
				if !ok {
					return fmt.Errorf("ModelCheckpoint: the logs have no %q (have %s)", monitor, logKeys(logs))
				}
				if !math.IsNaN(best) && !better(v, best) {
					return nil
				}
				best = v
			}
			p := strings.ReplaceAll(path, "{epoch}", fmt.Sprint(epoch))
			if err := m.Save(p); err != nil {
				return fmt.Errorf("ModelCheckpoint: %w", err)
			}
			return nil
		},
	}
}
