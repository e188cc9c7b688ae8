//go:build !unix

package main

import (
	"context"
	"log"
	"time"
)

// exitWithParent does nothing where processes cannot be probed portably;
// see orphan_unix.go.
func exitWithParent(context.Context, context.CancelFunc, time.Duration, *log.Logger) {}
