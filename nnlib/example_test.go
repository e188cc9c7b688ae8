package nnlib_test

import (
	"fmt"

	"github.com/gonn-dev/gonn/nnlib"
	"gonum.org/v1/gonum/mat"
)

// The seed model of the MNIST lessons, summarised before training.
func ExampleSequential() {
	m := nnlib.NewSequential(
		nnlib.Input(28, 28),
		nnlib.Flatten(),
		nnlib.Dense(128, "relu"),
		nnlib.Dense(10, "softmax"))
	if err := m.Compile(nnlib.Adam(0.001), "sparse_categorical_crossentropy", "accuracy"); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(m.Summary())
	// Output:
	// Model: "sequential"
	// ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
	// ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
	// ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
	// │ flatten (Flatten)               │ (None, 784)            │             0 │
	// ├─────────────────────────────────┼────────────────────────┼───────────────┤
	// │ dense (Dense)                   │ (None, 128)            │       100,480 │
	// ├─────────────────────────────────┼────────────────────────┼───────────────┤
	// │ dense_1 (Dense)                 │ (None, 10)             │         1,290 │
	// └─────────────────────────────────┴────────────────────────┴───────────────┘
	//  Total params: 101,770 (397.54 KB)
	//  Trainable params: 101,770 (397.54 KB)
	//  Non-trainable params: 0 (0.00 B)
}

// Fitting a line y = 2x by full-batch gradient descent, the first lesson.
func ExampleSequential_Fit() {
	m := nnlib.NewSequentialWith(nnlib.ModelOptions{Float64: true},
		nnlib.DenseWith(nnlib.DenseOptions{Units: 1, NoBias: true, KernelInitializer: "zeros"}))
	if err := m.Compile(nnlib.GD(0.05), "mse"); err != nil {
		fmt.Println(err)
		return
	}
	x := []float64{1, 2, 3, 4}
	y := []float64{2, 4, 6, 8}
	hist, err := m.Fit(x, y, nnlib.FitOptions{Epochs: 40, Verbose: nnlib.VerboseSilent})
	if err != nil {
		fmt.Println(err)
		return
	}
	w, _ := m.Kernel(0)
	fmt.Printf("first loss %.2f, last loss %.6f, slope %.4f\n", hist.Metrics["loss"][0], hist.Metrics["loss"][39], w.At(0, 0))
	// Output:
	// first loss 30.00, last loss 0.000000, slope 2.0000
}

// One training step taken a piece at a time: with all-zero weights a
// softmax over 3 classes is uniform, the loss is ln 3, and the gradient of
// the fused softmax cross-entropy is δ = (p − onehot(y))/N.
func ExampleSequential_Backward() {
	m := nnlib.NewSequentialWith(nnlib.ModelOptions{Float64: true},
		nnlib.Input(2),
		nnlib.DenseWith(nnlib.DenseOptions{Units: 3, Activation: "softmax", KernelInitializer: "zeros"}))
	if err := m.Compile(nnlib.SGD(0.1), "sparse_categorical_crossentropy"); err != nil {
		fmt.Println(err)
		return
	}
	x := [][]float64{{1, 2}, {3, 5}}
	y := []int{0, 2}
	m.Forward(x, true)
	loss, _ := m.Loss(y)
	m.Backward()
	delta, _ := m.Delta(0)
	gradW, _ := m.KernelGrad(0)
	fmt.Printf("loss %.4f\n", loss)
	fmt.Printf("delta\n%.4f\n", mat.Formatted(delta))
	fmt.Printf("dW = xᵀ·delta\n%.4f\n", mat.Formatted(gradW))
	// Output:
	// loss 1.0986
	// delta
	// ⎡-0.3333   0.1667   0.1667⎤
	// ⎣ 0.1667   0.1667  -0.3333⎦
	// dW = xᵀ·delta
	// ⎡ 0.1667   0.6667  -0.8333⎤
	// ⎣ 0.1667   1.1667  -1.3333⎦
}

// Mean squared error and its gradient, outside any model.
func ExampleLossGrad() {
	loss, grad, err := nnlib.LossGrad("mse", []float64{1, 2}, []float64{1.5, 1}, false)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("loss %.3f, gradient %v\n", loss, grad.Float64s())
	// Output:
	// loss 0.625, gradient [0.5 -1]
}

// The seed model end to end: the Keras MNIST example in Go. (Not run as a
// test: it trains on the full dataset.)
func Example_mnist() {
	data, err := nnlib.LoadMNIST()
	if err != nil {
		fmt.Println(err)
		return
	}
	m := nnlib.NewSequential(
		nnlib.Flatten(),
		nnlib.Dense(128, "relu"),
		nnlib.Dense(10, "softmax"))
	if err := m.Compile(nnlib.Adam(0.001), "sparse_categorical_crossentropy", "accuracy"); err != nil {
		fmt.Println(err)
		return
	}
	hist, err := m.Fit(data.TrainImages, data.TrainLabels, nnlib.FitOptions{Epochs: 5})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, _ := m.Evaluate(data.TestImages, data.TestLabels)
	pred := nnlib.Argmax(m.MustPredict(data.TestImages))
	fmt.Println(hist.Metrics["accuracy"], res["accuracy"], pred[:10])
}
