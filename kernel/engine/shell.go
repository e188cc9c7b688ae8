package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"time"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// Shell commands: a line !COMMAND runs COMMAND with the system's shell in
// the kernel's working directory and environment (%env), standard input
// empty. What it writes streams into the cell while it runs. An interrupt
// kills its process group: the shell and everything it started. A non-zero
// exit status fails the cell.

// shellWaitDelay is how long the output of a command's background children
// (`!server &`) is still forwarded after the shell exits; then their
// output pipe is closed.
const shellWaitDelay = 200 * time.Millisecond

// runShell runs one command line.
func (e *Engine) runShell(ctx context.Context, command string) error {
	if command == "" {
		return usageError("! needs a command: !ls -l")
	}
	cmd := shellCommand(ctx, command)
	// Writers that are not *os.File make os/exec copy through pipes of its
	// own: a background child keeping its end open cannot hold the
	// engine's streams (and Shutdown) hostage.
	cmd.Stdout = struct{ io.Writer }{e.stdout.File()}
	cmd.Stderr = struct{ io.Writer }{e.stderr.File()}
	cmd.WaitDelay = shellWaitDelay
	err := cmd.Run()
	if ctx.Err() != nil {
		return interrupted{}
	}
	var exit *exec.ExitError
	switch {
	case err == nil, errors.Is(err, exec.ErrWaitDelay):
		return nil
	case errors.As(err, &exit):
		return shellError(fmt.Sprintf("%s: %s", exitDescription(exit), command))
	}
	return shellError(fmt.Sprintf("cannot run %q: %v", command, err))
}

// shellError is the error of a shell command that failed.
func shellError(msg string) *lang.Error {
	return &lang.Error{EName: "ShellError", EValue: msg, Traceback: []string{red("ShellError") + ": " + msg}}
}
