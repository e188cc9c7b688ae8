//go:build !purego

package kernels

// prefetch issues PREFETCHT0 for every cache line of b (prefetch_amd64.s).
//
//go:noescape
func prefetch(b []byte)
