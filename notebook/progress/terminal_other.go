//go:build !linux

package progress

import "os"

// IsTerminal reports whether f is a character device, which is how a
// terminal shows on this platform.
func IsTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
