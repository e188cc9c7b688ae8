package nnlib

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// initializer draws a Dense layer's starting weights.
type initializer uint8

const (
	initGlorotUniform initializer = iota // U(±√(6/(fan_in+fan_out))), Keras's default kernel
	initHeUniform                        // U(±√(6/fan_in))
	initHeNormal                         // normal, σ = √(2/fan_in), truncated at 2σ (Keras)
	initZeros                            // 0, Keras's default bias
	initTorchLinear                      // U(±1/√fan_in), PyTorch nn.Linear's weight and bias
)

// initializerNames are the accepted names, in the order of the constants.
var initializerNames = [...]string{"glorot_uniform", "he_uniform", "he_normal", "zeros", "torch_linear"}

func (i initializer) String() string { return initializerNames[i] }

// parseInitializer maps a name to an initializer; "" gives def.
func parseInitializer(name string, def initializer) (initializer, error) {
	switch strings.ToLower(name) {
	case "":
		return def, nil
	case "xavier_uniform":
		return initGlorotUniform, nil
	case "kaiming_uniform":
		return initHeUniform, nil
	case "kaiming_normal":
		return initHeNormal, nil
	case "torch", "pytorch":
		return initTorchLinear, nil
	}
	for i, n := range initializerNames {
		if strings.EqualFold(name, n) {
			return initializer(i), nil
		}
	}
	return 0, fmt.Errorf("unknown initializer %q (want one of %s)", name, strings.Join(initializerNames[:], ", "))
}

// heNormalStddev corrects the standard deviation of a normal truncated at
// ±2σ back to σ, as Keras's VarianceScaling does (0.8796… is the standard
// deviation of a unit normal truncated to [−2, 2]).
const heNormalStddev = 0.87962566103423978

// fill draws values for a weight block of fanIn inputs and fanOut outputs.
func (i initializer) fill(w []float64, fanIn, fanOut int, rng *rand.Rand) {
	uniform := func(limit float64) {
		for k := range w {
			w[k] = (2*rng.Float64() - 1) * limit
		}
	}
	switch i {
	case initGlorotUniform:
		uniform(math.Sqrt(6 / float64(fanIn+fanOut)))
	case initHeUniform:
		uniform(math.Sqrt(6 / float64(fanIn)))
	case initTorchLinear:
		uniform(1 / math.Sqrt(float64(fanIn)))
	case initHeNormal:
		sigma := math.Sqrt(2/float64(fanIn)) / heNormalStddev
		for k := range w {
			v := rng.NormFloat64()
			for math.Abs(v) > 2 {
				v = rng.NormFloat64()
			}
			w[k] = v * sigma
		}
	case initZeros:
		clear(w)
	}
}
