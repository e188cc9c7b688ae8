package main

import (
	"context"
	"log"
	"os"
	"time"
)

// exitWithParent cancels the kernel's context when the process that
// started it (Jupyter) dies, as ipykernel's parent poller does: an
// orphaned kernel would otherwise keep its ports and memory forever. It
// notices that the parent process changed (the orphan was re-parented)
// within interval.
func exitWithParent(ctx context.Context, cancel context.CancelFunc, interval time.Duration, logger *log.Logger) {
	parent := os.Getppid()
	if parent <= 1 {
		return // already an orphan, or no parent to watch on this system
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if os.Getppid() != parent {
				logger.Printf("the parent process (pid %d) has exited; shutting down", parent)
				cancel()
				return
			}
		}
	}
}
