package main

import (
	"fmt"
	"runtime"
)

// version is gonn's version; `make build` sets it from git with
// -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// versionString is what `gonn version` prints.
func versionString() string {
	return fmt.Sprintf("gonn %s (%s %s/%s)", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
