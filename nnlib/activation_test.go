package nnlib

import (
	"math"
	"testing"
)

func TestReluBackward32MatchesDefinition(t *testing.T) {
	z := []float32{1, -1, 0, float32(math.Copysign(0, -1)), 1e-45, -1e-45, float32(math.Inf(1)), float32(math.Inf(-1)), 3.5, -2}
	da := make([]float32, len(z))
	for i := range da {
		da[i] = float32(i) + 0.25
	}
	dz := make([]float32, len(z))
	reluBackward32(z, da, dz)
	for i, v := range z {
		want := float32(0)
		if v > 0 {
			want = da[i]
		}
		if dz[i] != want || math.Signbit(float64(dz[i])) {
			t.Errorf("z=%v: dz=%v, want %v", v, dz[i], want)
		}
	}
}
