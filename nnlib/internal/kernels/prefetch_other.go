//go:build !amd64 || purego

package kernels

// prefetch does nothing without assembly.
func prefetch([]byte) {}
