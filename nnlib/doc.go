// Package nnlib builds, trains and inspects multilayer perceptrons with an
// API shaped like Keras's, in plain Go, fast enough to train the classic
// MNIST classifier in a couple of seconds on one CPU core.
//
// The seed model of the lessons:
//
//	data, err := nnlib.LoadMNIST()
//	m := nnlib.NewSequential(nnlib.Flatten(), nnlib.Dense(128, "relu"), nnlib.Dense(10, "softmax"))
//	m.Compile(nnlib.Adam(0.001), "sparse_categorical_crossentropy", "accuracy")
//	hist, err := m.Fit(data.TrainImages, data.TrainLabels, nnlib.FitOptions{Epochs: 5})
//	res, err := m.Evaluate(data.TestImages, data.TestLabels) // res["accuracy"] ≈ 0.975
//	pred := nnlib.Argmax(m.MustPredict(data.TestImages))
//
// # Layers, losses, optimizers
//
// Layers are Dense (activations linear, relu, sigmoid, tanh, softmax,
// leaky_relu; initialisers glorot_uniform, he_uniform, he_normal, zeros and
// PyTorch's torch_linear), Flatten, Dropout (inverted) and Input. Losses
// are mse, sparse_categorical_crossentropy, categorical_crossentropy and
// binary_crossentropy, each a mean (over the batch, or over every element
// for mse and binary cross-entropy) with its exact gradient. A softmax (or
// sigmoid) last layer is fused with its cross-entropy, as Keras does: the
// loss is computed from the logits with log-sum-exp, stable for any logit
// size, and backpropagation starts from δ = (p − y)/N. Optimizers are SGD
// (with momentum and Nesterov), GD (full batch), Adam, AdamW and RMSprop,
// with step, exponential and cosine learning-rate schedules; see Optimizer
// for the formulas (PyTorch's, with Keras's default values) and where
// Keras differs.
//
// Every layer, activation and loss is checked against central finite
// differences, and forward values, losses, gradients and five-step
// optimizer trajectories against reference values computed with PyTorch
// (testdata/nn-reference.json).
//
// # Precision and data
//
// A model computes in float32 by default — the fast path, on AVX-512 or
// AVX2 kernels where the CPU has them — or in float64 on request
// (ModelOptions.Float64) for lessons and exact checks. Data comes as a
// Tensor, which stores float64, float32 or uint8 elements; a uint8 tensor
// reads as byte·scale, so MNIST's 60,000 images stay 47 MB of bytes and are
// converted a batch at a time, never copied whole to floats. Model methods
// also take a *mat.Dense, [][]float64 or []float64 (see AsTensor), and
// weights, gradients and activations are read out as *mat.Dense. Shape
// errors name the shapes, in Python's notation.
//
// # Determinism
//
// Each model has its own random source, seeded by ModelOptions.Seed (0 by
// default). It draws the initial weights, the per-epoch shuffles and the
// dropout masks, so the same seed and the same calls give the same weights
// and the same loss curve on every run on a given machine. Nothing in the
// package keeps mutable global state; models are independent.
//
// # Training loop and teaching access
//
// Fit checks its data first (shapes, label ranges, NaN, emptiness) and
// returns errors that name the problem. Its hot path — batch gather,
// forward, loss, backward, optimizer step — reuses buffers and allocates
// nothing per step. It reports Keras-style progress to an io.Writer and
// returns a History of per-epoch metrics and per-layer gradient norms.
// Callbacks are structs of functions (EarlyStopping and ModelCheckpoint are
// ready-made). A step can also be taken a piece at a time — Forward, Loss
// or BackwardFrom, Backward, Step — reading every intermediate in between:
// Output, PreActivation, Delta, OutputGrad, KernelGrad, BiasGrad and
// InputGrad (for saliency maps).
//
// # Pictures
//
// Training and its numbers draw as gonum/plot plots, which can be changed
// (titles, ranges) before they are shown: LossCurves and TrainingCurves
// (train and validation curves from a History), GradNormCurves (gradient
// flow per layer), Histogram and LayerHistogram (weights, gradients),
// LossLandscape (a one-parameter loss with the path of gradient descent);
// ImageGrid draws digits with their labels and predictions, mistakes in
// red; ConfusionMatrix counts predictions against labels. In a notebook a
// History shows its curves, a model its summary table, a Confusion a
// shaded table. With Verbose: VerboseLive (or the LiveProgress callback)
// Fit shows its progress and curves in one display updated in place; in a
// gonn notebook that is what a Fit does unless it asks for text.
//
// # Hosts
//
// A host such as the gonn notebook kernel hands a model an Environment:
// a context Fit consults when none is given (cancelling it stops Fit
// within one batch, keeping the weights trained so far), a default
// progress writer and callbacks to add to every Fit.
//
// # Interpreters
//
// The exported API avoids generics and interfaces that interpreted code
// would have to implement, so yaegi-interpreted notebook cells can call all
// of it; functions that can fail return errors, with Must… variants for
// notebook cells.
package nnlib
