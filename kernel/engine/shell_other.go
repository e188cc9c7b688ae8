//go:build !unix

package engine

import (
	"context"
	"fmt"
	"os/exec"
	"runtime"
)

// shellCommand prepares the command with the system's shell; the
// cancellation of ctx kills the shell.
func shellCommand(ctx context.Context, command string) *exec.Cmd {
	if runtime.GOOS == "windows" {
		return exec.CommandContext(ctx, "cmd", "/C", command)
	}
	return exec.CommandContext(ctx, "sh", "-c", command)
}

// exitDescription says how a command ended.
func exitDescription(exit *exec.ExitError) string {
	return fmt.Sprintf("exit status %d", exit.ExitCode())
}
