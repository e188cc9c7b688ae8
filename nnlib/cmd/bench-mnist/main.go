// Command bench-mnist trains nnlib's seed model on MNIST — Flatten →
// Dense(128, relu) → Dense(10, softmax), Adam(0.001), sparse categorical
// cross-entropy, batch 32, 5 epochs — and prints, as its last line, a JSON
// object with the training time (data loading excluded), the test
// accuracy and the peak resident memory, for comparison with the PyTorch
// baseline under /work/shared/bench.
//
// Usage:
//
//	go run ./nnlib/cmd/bench-mnist [-epochs 5] [-batch 32] [-seed 0] [-float64]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/gonn-dev/gonn/nnlib"
	"github.com/gonn-dev/gonn/nnlib/internal/kernels"
)

func main() {
	epochs := flag.Int("epochs", 5, "training epochs")
	batch := flag.Int("batch", 32, "batch size")
	seed := flag.Uint64("seed", 0, "model seed")
	f64 := flag.Bool("float64", false, "compute in float64")
	quiet := flag.Bool("quiet", false, "no per-epoch progress")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the training to this file")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench-mnist:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*epochs, *batch, *seed, *f64, *quiet); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "bench-mnist:", err)
		os.Exit(1)
	}
}

func run(epochs, batch int, seed uint64, f64, quiet bool) error {
	data, err := nnlib.LoadMNIST()
	if err != nil {
		return err
	}
	m := nnlib.NewSequentialWith(nnlib.ModelOptions{Seed: seed, Float64: f64},
		nnlib.Flatten(),
		nnlib.Dense(128, "relu"),
		nnlib.Dense(10, "softmax"))
	if err := m.Compile(nnlib.Adam(0.001), "sparse_categorical_crossentropy", "accuracy"); err != nil {
		return err
	}
	var progress io.Writer = os.Stdout
	verbose := nnlib.VerboseEpoch
	if quiet {
		verbose = nnlib.VerboseSilent
	}
	runtime.GC()
	cpu0 := cpuSeconds()
	start := time.Now()
	hist, err := m.Fit(data.TrainImages, data.TrainLabels, nnlib.FitOptions{
		Epochs: epochs, BatchSize: batch, Verbose: verbose, Progress: progress})
	if err != nil {
		return err
	}
	trainSec := time.Since(start).Seconds()
	trainCPU := cpuSeconds() - cpu0
	res, err := m.Evaluate(data.TestImages, data.TestLabels)
	if err != nil {
		return err
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return err
	}
	out := map[string]any{
		"impl":           "nnlib",
		"kernels":        kernels.Impl(),
		"dtype":          m.DType().String(),
		"epochs":         epochs,
		"batch":          batch,
		"seed":           seed,
		"train_sec":      trainSec,
		"train_cpu_sec":  trainCPU,
		"test_acc":       res["accuracy"],
		"test_loss":      res["loss"],
		"train_loss":     hist.Metrics["loss"],
		"train_acc":      hist.Metrics["accuracy"],
		"epoch_sec":      hist.Seconds,
		"peak_rss_mib":   float64(ru.Maxrss) / 1024,
		"gomaxprocs":     runtime.GOMAXPROCS(0),
		"go":             runtime.Version(),
		"params":         m.NumParams(),
		"steps_per_sec":  float64(hist.Steps) / trainSec,
		"us_per_step":    trainSec / float64(hist.Steps) * 1e6,
		"optimizer":      m.Optimizer().String(),
		"loss_function":  "sparse_categorical_crossentropy",
		"architecture":   "784-128(relu)-10(softmax)",
		"data_load_note": "excluded from train_sec",
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	fmt.Println(string(b))
	return nil
}

// cpuSeconds returns the CPU time (user and system) the process has used:
// on a shared machine it shows the work done, where wall time also counts
// the waits for a core.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
