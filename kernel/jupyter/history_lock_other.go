//go:build !unix

package jupyter

import "os"

// lockFile is a no-op where flock is not available: kernels sharing a
// history file may then interleave session numbers.
func lockFile(*os.File) (unlock func(), err error) { return func() {}, nil }
