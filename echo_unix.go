//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package gonn

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// echoOff turns off the echo of terminal f and returns the function that
// turns it back on. When f is not a terminal (a pipe, a file) there is
// nothing to hide and nothing to restore.
func echoOff(f *os.File) (restore func() error, err error) {
	fd := int(f.Fd())
	old, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if errors.Is(err, unix.ENOTTY) || errors.Is(err, unix.ENODEV) || errors.Is(err, unix.EINVAL) {
		return func() error { return nil }, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the terminal's settings: %w", err)
	}
	quiet := *old
	quiet.Lflag &^= unix.ECHO
	quiet.Lflag |= unix.ICANON | unix.ISIG
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, &quiet); err != nil {
		return nil, fmt.Errorf("turning the terminal's echo off: %w", err)
	}
	return func() error { return unix.IoctlSetTermios(fd, ioctlSetTermios, old) }, nil
}
