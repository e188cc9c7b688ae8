//go:build unix

package engine

import (
	"context"
	"fmt"
	"os/exec"
	"syscall"
)

// shellCommand prepares sh -c command in a process group of its own, which
// the cancellation of ctx kills whole.
func shellCommand(ctx context.Context, command string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", command)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	return cmd
}

// exitDescription says how a command ended.
func exitDescription(exit *exec.ExitError) string {
	if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return fmt.Sprintf("killed by signal %v", ws.Signal())
	}
	return fmt.Sprintf("exit status %d", exit.ExitCode())
}
