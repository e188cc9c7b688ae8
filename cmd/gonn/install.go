package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/gonn-dev/gonn/kernelspec"
)

// specFlags returns a flag set with the flags install and uninstall
// share, writing its messages to stderr.
func specFlags(name string, stderr io.Writer, o *kernelspec.Options) *flag.FlagSet {
	flags := flag.NewFlagSet(name, flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.StringVar(&o.Prefix, "prefix", "", "install under `DIR`/share/jupyter/kernels instead of the user's Jupyter data directory")
	flags.StringVar(&o.Name, "name", kernelspec.DefaultName, "the kernel's `NAME` (its directory and what 'jupyter --kernel' takes)")
	flags.Bool("user", true, "install for the current user (the default; for compatibility with jupyter kernelspec)")
	return flags
}

// parseSpecFlags parses a command's flags; it returns an exit status and
// false when the command should stop.
func parseSpecFlags(flags *flag.FlagSet, args []string, help string) (int, bool) {
	flags.Usage = func() {
		fmt.Fprint(flags.Output(), help)
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(flags.Output(), "%s: unexpected argument %q\n", flags.Name(), flags.Arg(0))
		return 2, false
	}
	return 0, true
}

const installHelp = `usage: gonn install [flags]

Installs the "Go (gonn)" kernelspec (kernel.json and logos) so that Jupyter
lists the kernel: for the current user in the Jupyter data directory
($JUPYTER_DATA_DIR if set), or under --prefix. The kernelspec runs this
gonn binary by its absolute path; reinstall after moving it.

Flags:
`

// installCommand runs `gonn install`.
func installCommand(args []string, stdout, stderr io.Writer) int {
	var o kernelspec.Options
	flags := specFlags("gonn install", stderr, &o)
	flags.StringVar(&o.DisplayName, "display-name", kernelspec.DefaultDisplayName, "the `NAME` notebook UIs show")
	flags.StringVar(&o.Binary, "binary", "", "the gonn executable the kernelspec runs (default: this one)")
	if status, ok := parseSpecFlags(flags, args, installHelp); !ok {
		return status
	}
	spec, err := kernelspec.New(o)
	if err != nil {
		fmt.Fprintln(stderr, "gonn install:", err)
		return 1
	}
	if strings.Contains(spec.Argv[0], "go-build") {
		fmt.Fprintf(stderr, "gonn install: warning: %s looks like a temporary 'go run' binary; build gonn (make build) and install that\n", spec.Argv[0])
	}
	dir, err := kernelspec.Install(o)
	if err != nil {
		fmt.Fprintln(stderr, "gonn install:", err)
		return 1
	}
	fmt.Fprintf(stdout, "Installed kernelspec %s in %s\n", o.Name, dir)
	return 0
}

const uninstallHelp = `usage: gonn uninstall [flags]

Removes the kernelspec that 'gonn install' wrote (with the same flags).

Flags:
`

// uninstallCommand runs `gonn uninstall`.
func uninstallCommand(args []string, stdout, stderr io.Writer) int {
	var o kernelspec.Options
	flags := specFlags("gonn uninstall", stderr, &o)
	if status, ok := parseSpecFlags(flags, args, uninstallHelp); !ok {
		return status
	}
	dir, err := kernelspec.Uninstall(o)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "gonn uninstall: no kernelspec %s in %s\n", o.Name, dir)
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, "gonn uninstall:", err)
		return 1
	}
	fmt.Fprintf(stdout, "Removed kernelspec %s from %s\n", o.Name, dir)
	return 0
}
