//go:build unix

package progress

import (
	"os"

	"golang.org/x/sys/unix"
)

// Stderr returns a new file for the process's standard error as it is
// now. It stays connected to the terminal (or log) even while an engine
// redirects file descriptor 2 to capture a cell's output, so progress and
// messages written to it never end up inside a notebook. If the
// descriptor cannot be duplicated, it returns os.Stderr.
func Stderr() *os.File {
	fd, err := unix.Dup(2)
	if err != nil {
		return os.Stderr
	}
	unix.CloseOnExec(fd)
	return os.NewFile(uintptr(fd), "/dev/stderr")
}
