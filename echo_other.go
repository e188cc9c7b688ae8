//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package gonn

import (
	"errors"
	"os"
)

// echoOff refuses to read a secret from a terminal whose echo it cannot
// turn off on this system; from a pipe or a file there is nothing to hide.
func echoOff(f *os.File) (restore func() error, err error) {
	if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
		return nil, errors.New("cannot turn off the terminal's echo on this system")
	}
	return func() error { return nil }, nil
}
