//go:build darwin || freebsd || netbsd || openbsd || dragonfly

package gonn

import "golang.org/x/sys/unix"

// The ioctl requests that read and write a terminal's settings.
const (
	ioctlGetTermios = unix.TIOCGETA
	ioctlSetTermios = unix.TIOCSETA
)
