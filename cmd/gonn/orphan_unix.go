//go:build unix

package main

import (
	"context"
	"log"
	"os"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// exitWithParent cancels the kernel's context when the Jupyter process
// that started it dies, as ipykernel's parent poller does: an orphaned
// kernel would otherwise hold its ports and memory forever. Like
// ipykernel, it watches only when the launcher asks for it by setting
// JPY_PARENT_PID (jupyter_client does, unless the kernel is meant to be
// independent). It notices within interval.
func exitWithParent(ctx context.Context, cancel context.CancelFunc, interval time.Duration, logger *log.Logger) {
	watched, err := strconv.Atoi(os.Getenv("JPY_PARENT_PID"))
	if err != nil || watched <= 1 {
		return
	}
	parent := os.Getppid()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			// A dead direct parent shows as re-parenting (even while it is
			// an unreaped zombie); any other watched process as ESRCH.
			if watched == parent && os.Getppid() != parent || unix.Kill(watched, 0) == unix.ESRCH {
				logger.Printf("the Jupyter process (pid %d) has exited; shutting down", watched)
				cancel()
				return
			}
		}
	}
}
