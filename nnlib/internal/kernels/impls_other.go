//go:build !amd64 || purego

package kernels

// impls lists the kernel sets this machine can run, most capable first.
func impls() []*impl { return []*impl{generic} }
