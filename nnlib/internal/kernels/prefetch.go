package kernels

// PrefetchBytes asks the processor to start loading b into its caches and
// returns at once. A training loop that picks its next batch at random
// from a data set larger than the caches (MNIST as bytes is 47 MB) can call
// it on the next batch's rows a step ahead, so that the rows come from
// cache rather than memory when Uint8To32 reads them. It changes no
// memory and has no effect on results; where it is not implemented
// (purego builds, other architectures) it does nothing.
func PrefetchBytes(b []byte) {
	if len(b) > 0 {
		prefetch(b)
	}
}
