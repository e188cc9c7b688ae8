package nnlib_test

import (
	"fmt"
	"strings"

	"github.com/gonn-dev/gonn/display"
	"github.com/gonn-dev/gonn/nnlib"
)

func ExampleConfusionMatrix() {
	labels := []int{0, 0, 1, 1, 1, 2}
	predicted := []int{0, 1, 1, 1, 1, 2}
	c, err := nnlib.ConfusionMatrix(predicted, labels, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c) // in a notebook: an HTML table, shaded
	// Output:
	// Confusion matrix: 6 samples, accuracy 83.3%
	// true\pred       0       1       2  recall
	// 0               1       1       0   50.0%
	// 1               0       3       0  100.0%
	// 2               0       0       1  100.0%
	// precision  100.0%   75.0%  100.0%
}

func ExampleLossLandscape() {
	loss := func(w float64) float64 { return (w - 3) * (w - 3) }
	path := []float64{0}
	for range 10 { // gradient descent, learning rate 0.1: θ −= 0.1·2(θ − 3)
		w := path[len(path)-1]
		path = append(path, w-0.1*2*(w-3))
	}
	p, err := nnlib.LossLandscape(loss, path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s, θ from %.2f to %.2f\n", p.Title.Text, p.X.Min, p.X.Max)
	// Output:
	// loss landscape and gradient-descent path (10 steps), θ from -0.67 to 3.35
}

func ExampleTrainingCurves() {
	h := &nnlib.History{
		Epoch: []int{1, 2, 3},
		Metrics: map[string][]float64{
			"loss": {0.9, 0.5, 0.4}, "accuracy": {0.7, 0.85, 0.88},
			"val_loss": {0.8, 0.6, 0.55}, "val_accuracy": {0.75, 0.8, 0.82},
		},
	}
	f, err := nnlib.TrainingCurves(h)
	if err != nil {
		fmt.Println(err)
		return
	}
	f.Plots[0].Title.Text = "cross-entropy" // tweak before showing
	fmt.Println(f)
	// Output:
	// Figure 840×280 ["cross-entropy", "accuracy"]
}

func ExampleLiveProgress() {
	x := [][]float64{{0, 0}, {0, 1}, {1, 0}, {1, 1}}
	y := []int{0, 1, 1, 0}
	m := nnlib.NewSequential(nnlib.Dense(8, "tanh"), nnlib.Dense(2, "softmax"))
	if err := m.Compile(nnlib.Adam(0.05), "sparse_categorical_crossentropy", "accuracy"); err != nil {
		fmt.Println(err)
		return
	}
	// A kernel passes its own Displayer; a Recorder shows what is sent.
	var rec display.Recorder
	live := nnlib.LiveProgress(display.New(&rec), nnlib.LiveOptions{})
	if _, err := m.Fit(x, y, nnlib.FitOptions{Epochs: 50, Verbose: nnlib.VerboseSilent, Callbacks: []nnlib.Callback{live}}); err != nil {
		fmt.Println(err)
		return
	}
	msgs := rec.Messages()
	first, last := msgs[0], msgs[len(msgs)-1]
	fmt.Println(first.Update, first.Data.Text())
	fmt.Println(last.Update, last.DisplayID == first.DisplayID, strings.Split(last.Data.Text(), " · ")[0])
	// Output:
	// false Epoch 1/50 starting (1 batch of 4 an epoch)
	// true true Epoch 50/50
}
