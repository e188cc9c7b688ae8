//go:build !unix

package progress

import "os"

// Stderr returns os.Stderr: engines do not redirect file descriptors on
// this platform, so it always reaches the user.
func Stderr() *os.File { return os.Stderr }
