// Command logogen writes gonn's kernelspec logos (logo-32x32.png,
// logo-64x64.png and logo-svg.svg) into the directory given as its
// argument. `go generate ./kernelspec` runs it.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gonn-dev/gonn/kernelspec/internal/logo"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: logogen DIR")
		os.Exit(2)
	}
	if err := write(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "logogen:", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	for _, size := range []int{32, 64} {
		data, err := logo.PNG(size)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("logo-%dx%d.png", size, size)), data, 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "logo-svg.svg"), logo.SVG(), 0o644)
}
