package kernels_test

import (
	"fmt"

	"github.com/gonn-dev/gonn/nnlib/internal/kernels"
)

// A dense layer's forward pass Y = X·W and the gradient of its weights
// dW = Xᵀ·dY, for a batch of two inputs with three features and two outputs.
func ExampleF32() {
	x := []float32{ // 2×3
		1, 2, 3,
		4, 5, 6,
	}
	w := []float32{ // 3×2
		1, 0,
		0, 1,
		1, 1,
	}
	y := make([]float32, 2*2)
	kernels.F32(false, false, 2, 2, 3, x, 3, w, 2, y, 2, false)
	fmt.Println("Y =", y)

	dy := []float32{1, 0, 0, 1} // 2×2
	dw := make([]float32, 3*2)
	kernels.F32(true, false, 3, 2, 2, x, 3, dy, 2, dw, 2, false)
	fmt.Println("dW =", dw)
	// Output:
	// Y = [4 5 10 11]
	// dW = [1 4 2 5 3 6]
}

// One Adam step with PyTorch's defaults moves each parameter by about the
// learning rate, against the sign of its gradient.
func ExampleAdam32() {
	p := []float32{1, 1}
	g := []float32{0.5, -2}
	m := make([]float32, 2)
	v := make([]float32, 2)
	kernels.Adam32(p, g, m, v, kernels.NewAdamHyper(0.001, 0.9, 0.999, 1e-8, 0, 1))
	fmt.Printf("p = [%.4f %.4f]\n", p[0], p[1])
	// Output:
	// p = [0.9990 1.0010]
}
