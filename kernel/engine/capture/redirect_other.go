//go:build !unix

package capture

import (
	"errors"
	"os"
)

// Redirection is an installed redirection of file descriptors 1 and 2.
// It is not supported on this platform.
type Redirection struct{}

// Redirect is not supported on this platform and always fails.
func Redirect(stdout, stderr *os.File) (*Redirection, error) {
	return nil, errors.New("capture: redirecting file descriptors is not supported on this platform")
}

// Stderr returns os.Stderr.
func (r *Redirection) Stderr() *os.File { return os.Stderr }

// Restore does nothing.
func (r *Redirection) Restore() error { return nil }
