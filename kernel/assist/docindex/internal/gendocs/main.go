// Command gendocs builds the documentation index that package docindex
// embeds: the exported API of the standard library packages yaegi's stdlib
// symbol tables provide (only the names cells can actually use), Go's
// builtin package, and the third-party and gonn packages the kernel
// preloads (in full).
//
// Usage (run by go generate in kernel/assist/docindex):
//
//	go run ./internal/gendocs [-o index.gob.gz] [-pkgs path,path,...]
//
// Sources are found with `go list -json` (GOROOT and the module cache), so
// the versions documented are the ones go.mod selects. A package that
// cannot be listed (say, one not written yet) is reported and left out.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gonn-dev/gonn/kernel/assist/docindex"
)

// preloaded are the packages besides the standard library that the engine
// makes available to cells.
var preloaded = []string{
	"gonum.org/v1/gonum/mat",
	"gonum.org/v1/gonum/stat",
	"gonum.org/v1/gonum/floats",
	"gonum.org/v1/plot",
	"gonum.org/v1/plot/plotter",
	"gonum.org/v1/plot/plotutil",
	"gonum.org/v1/plot/vg",
	"gonum.org/v1/plot/vg/draw",
	"github.com/gonn-dev/gonn/nnlib",
	"github.com/gonn-dev/gonn/display",
	"github.com/gonn-dev/gonn",
}

func main() {
	out := flag.String("o", "index.gob.gz", "the file to write")
	pkgs := flag.String("pkgs", strings.Join(preloaded, ","),
		"comma-separated import paths to document in full, besides the standard library")
	flag.Parse()
	if err := run(*out, strings.Split(*pkgs, ",")); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}

func run(out string, full []string) error {
	ix, err := build(stdlibAPI(), full, func(msg string) { fmt.Fprintln(os.Stderr, "gendocs:", msg) })
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".index-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := docindex.Write(tmp, ix); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}
