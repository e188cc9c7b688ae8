// Command gonn is a Jupyter kernel for Go, with a compiled neural-network
// library preloaded.
//
//	gonn kernel -f CONNECTION_FILE   run the kernel (Jupyter starts it so)
//	gonn install [--prefix DIR]      install the kernelspec for Jupyter
//	gonn uninstall [--prefix DIR]    remove it
//	gonn run [flags] NOTEBOOK...     execute notebooks headless, see run.go
//	gonn version                     print the version
//
// Run `gonn help` or `gonn COMMAND -h` for the flags of each command.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `gonn is a Jupyter kernel for Go, for learning neural networks.

Usage:
  gonn kernel -f CONNECTION_FILE   run the kernel (Jupyter starts it this way)
  gonn install [flags]             install the "Go (gonn)" kernelspec for Jupyter
  gonn uninstall [flags]           remove the kernelspec
  gonn run [flags] NOTEBOOK...     execute notebooks without Jupyter (--html for a web page)
  gonn version                     print gonn's version

Run 'gonn COMMAND -h' for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches a command line and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "kernel":
		return kernelCommand(rest, stderr)
	case "install":
		return installCommand(rest, stdout, stderr)
	case "uninstall":
		return uninstallCommand(rest, stdout, stderr)
	case "run":
		return runCommand(rest)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, versionString())
		return 0
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "gonn: unknown command %q\n\n%s", cmd, usage)
	return 2
}
