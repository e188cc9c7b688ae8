package kernels

import "math"

// adamGeneric32 is Adam32 in plain Go, after the length check.
func adamGeneric32(p, g, m, v []float32, h AdamHyper) {
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	b1, b2 := h.Beta1, h.Beta2
	c1, c2 := 1-b1, 1-b2
	for i, gi := range g {
		mi := b1*m[i] + c1*gi
		vi := b2*v[i] + c2*gi*gi
		m[i], v[i] = mi, vi
		// float32(math.Sqrt(float64(x))) compiles to one float32 square root.
		root := float32(math.Sqrt(float64(vi)))
		p[i] = p[i]*h.Decay - h.Step*mi/(root*h.Bc2Rsqrt+h.Eps)
	}
}
