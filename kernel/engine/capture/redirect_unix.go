//go:build unix

package capture

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// fdOwner guards the process's file descriptors 1 and 2: only one
// Redirection may hold them at a time.
var fdOwner sync.Mutex

// fdHeld reports whether a Redirection is active; guarded by fdOwner.
var fdHeld bool

// Redirection is an installed redirection of file descriptors 1 and 2.
type Redirection struct {
	savedOut, savedErr int
	stderr             *os.File // the original standard error
	restored           bool
}

// Redirect makes file descriptors 1 and 2 of the process refer to stdout and
// stderr (normally the File of two Streams), so that everything the process
// writes to its standard output and error, from interpreted code, compiled
// code or the Go runtime, goes there. The original descriptors are kept and
// put back by Restore.
//
// File descriptors are shared by the whole process, so only one
// Redirection can be active; a second Redirect fails until the first is
// restored.
func Redirect(stdout, stderr *os.File) (*Redirection, error) {
	fdOwner.Lock()
	defer fdOwner.Unlock()
	if fdHeld {
		return nil, errors.New("capture: file descriptors 1 and 2 are already redirected by another engine in this process")
	}
	savedOut, err := unix.Dup(1)
	if err != nil {
		return nil, fmt.Errorf("capture: saving fd 1: %w", err)
	}
	savedErr, err := unix.Dup(2)
	if err != nil {
		unix.Close(savedOut)
		return nil, fmt.Errorf("capture: saving fd 2: %w", err)
	}
	unix.CloseOnExec(savedOut)
	unix.CloseOnExec(savedErr)
	if err := unix.Dup2(int(stdout.Fd()), 1); err != nil {
		unix.Close(savedOut)
		unix.Close(savedErr)
		return nil, fmt.Errorf("capture: redirecting fd 1: %w", err)
	}
	if err := unix.Dup2(int(stderr.Fd()), 2); err != nil {
		unix.Dup2(savedOut, 1)
		unix.Close(savedOut)
		unix.Close(savedErr)
		return nil, fmt.Errorf("capture: redirecting fd 2: %w", err)
	}
	fdHeld = true
	return &Redirection{
		savedOut: savedOut,
		savedErr: savedErr,
		stderr:   os.NewFile(uintptr(savedErr), "original-stderr"),
	}, nil
}

// Stderr returns the process's original standard error, for diagnostics
// that must not end up in a cell's output. It stays valid until Restore.
func (r *Redirection) Stderr() *os.File { return r.stderr }

// Restore puts the original file descriptors 1 and 2 back. It is safe to
// call more than once.
func (r *Redirection) Restore() error {
	fdOwner.Lock()
	defer fdOwner.Unlock()
	if r.restored {
		return nil
	}
	r.restored = true
	fdHeld = false
	err := unix.Dup2(r.savedOut, 1)
	if err2 := unix.Dup2(r.savedErr, 2); err == nil {
		err = err2
	}
	unix.Close(r.savedOut)
	r.stderr.Close() // closes savedErr
	if err != nil {
		return fmt.Errorf("capture: restoring fds 1 and 2: %w", err)
	}
	return nil
}
