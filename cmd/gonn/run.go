package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gonn-dev/gonn/kernel/engine"
	"github.com/gonn-dev/gonn/kernel/lang"
	"github.com/gonn-dev/gonn/notebook"
	"github.com/gonn-dev/gonn/notebook/progress"
)

// Exit statuses of `gonn run`.
const (
	runOK          = 0   // every notebook ran and was written
	runFailed      = 1   // a notebook could not be read, run or written
	runUsage       = 2   // bad flags or arguments; nothing was run
	runInterrupted = 130 // stopped by SIGINT or SIGTERM (128 + SIGINT)
)

const runHelp = `usage: gonn run [flags] NOTEBOOK.ipynb...

Executes each notebook with a fresh Go engine (the one the kernel uses; no
Jupyter needed) and writes the executed notebook with its outputs and
execution counts. For NAME.ipynb the result is NAME.out.ipynb (and, with
--html, NAME.out.html) beside the input or in --out DIR; the input is never
written unless --inplace is given. Files are written atomically, and only
when the notebook ran to the end.

A failing cell stops its notebook with the cell's number and error unless
--allow-errors is given. Exit status: 0 when every notebook succeeded, 1
when one failed, 2 for bad arguments, 130 when interrupted.

Flags (they may come before or after the notebooks):
`

// runCommand implements `gonn run`: args are the arguments after "run".
// It returns the process's exit status.
func runCommand(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The engine redirects file descriptors 1 and 2 while it runs, to put
	// what compiled code prints into the notebook; progress and messages
	// go to a copy of the original standard error instead.
	stderr := progress.Stderr()
	status := runNotebooks(ctx, args, stderr, progress.IsTerminal(stderr), func() (lang.Interpreter, error) {
		return engine.New(engine.Options{CaptureStdio: true, Version: version})
	})
	if status == runFailed && ctx.Err() != nil {
		return runInterrupted
	}
	return status
}

// runConfig is the parsed command line of `gonn run`.
type runConfig struct {
	inputs []string
	opts   notebook.FileOptions
	quiet  bool
}

// parseRunArgs parses flags that may be mixed with notebook paths.
func parseRunArgs(args []string, stderr io.Writer) (runConfig, error) {
	var cfg runConfig
	fs := flag.NewFlagSet("gonn run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), runHelp)
		fs.PrintDefaults()
	}
	fs.StringVar(&cfg.opts.OutDir, "out", "", "write the outputs into `DIR` (created when missing) instead of beside each notebook")
	fs.BoolVar(&cfg.opts.HTML, "html", false, "also write a self-contained HTML page of each executed notebook")
	fs.BoolVar(&cfg.opts.InPlace, "inplace", false, "write the executed notebook over the input (the page as NAME.html)")
	fs.BoolVar(&cfg.opts.AllowErrors, "allow-errors", false, "record a failing cell's error and go on with the next cell")
	fs.Var((*secondsOrDuration)(&cfg.opts.Timeout), "timeout", "interrupt a cell that runs longer than `DURATION` (e.g. 90s, 5m; a bare number is seconds; 0 means no limit)")
	fs.BoolVar(&cfg.opts.RecordTiming, "timing", false, "record each cell's start and end in metadata.execution, as nbclient does (the output then differs between runs)")
	fs.BoolVar(&cfg.quiet, "quiet", false, "print only errors")
	for {
		if err := fs.Parse(args); err != nil {
			return cfg, err
		}
		if fs.NArg() == 0 {
			break
		}
		cfg.inputs = append(cfg.inputs, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch {
	case len(cfg.inputs) == 0:
		return cfg, usageError(fs, "no notebook given")
	case cfg.opts.InPlace && cfg.opts.OutDir != "":
		return cfg, usageError(fs, "--inplace and --out exclude each other")
	}
	seen := map[string]string{}
	for _, in := range cfg.inputs {
		ipynb, _ := notebook.OutputPaths(in, cfg.opts)
		if other, ok := seen[ipynb]; ok {
			return cfg, usageError(fs, fmt.Sprintf("%s and %s would both be written to %s", other, in, ipynb))
		}
		seen[ipynb] = in
	}
	return cfg, nil
}

func usageError(fs *flag.FlagSet, msg string) error {
	fmt.Fprintf(fs.Output(), "gonn run: %s\nRun 'gonn run -h' for help.\n", msg)
	return errors.New(msg)
}

// runNotebooks runs every notebook of the command line in turn, each with
// a fresh interpreter, reporting to stderr; it returns the exit status.
func runNotebooks(ctx context.Context, args []string, stderr io.Writer, terminal bool, newInterp func() (lang.Interpreter, error)) int {
	cfg, err := parseRunArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return runOK
	}
	if err != nil {
		return runUsage
	}
	report := progress.New(stderr, terminal && !cfg.quiet)
	defer report.Close()
	opts := cfg.opts
	if !cfg.quiet {
		opts.Progress = report.Event
	}
	failed := 0
	for _, in := range cfg.inputs {
		if ctx.Err() != nil {
			report.Printf("gonn run: interrupted; %s not run", in)
			failed++
			continue
		}
		report.Start(in)
		res, err := notebook.RunFile(ctx, in, newInterp, opts)
		if err != nil {
			failed++
			reportFailure(report, err)
			continue
		}
		if !cfg.quiet {
			report.Finish("wrote %s", strings.Join(written(res), " and "))
		}
	}
	if failed > 0 {
		if len(cfg.inputs) > 1 {
			report.Printf("gonn run: %d of %d notebooks failed", failed, len(cfg.inputs))
		}
		return runFailed
	}
	return runOK
}

// reportFailure prints why a notebook failed; for a failing cell, with
// the traceback the cell would show.
func reportFailure(report *progress.Reporter, err error) {
	report.Printf("gonn run: %v", err)
	var ce *notebook.CellError
	if errors.As(err, &ce) {
		for _, line := range ce.Err.Traceback {
			report.Printf("    %s", strings.ReplaceAll(line, "\n", "\n    "))
		}
		report.Printf("gonn run: no output written (use --allow-errors to record the error and go on)")
	}
}

func written(res notebook.FileResult) []string {
	files := []string{res.Notebook}
	if res.HTML != "" {
		files = append(files, res.HTML)
	}
	return files
}

// secondsOrDuration is a flag value that takes a Go duration ("90s",
// "5m") or a number of seconds ("90").
type secondsOrDuration time.Duration

// String returns the duration as Go writes it.
func (d *secondsOrDuration) String() string { return time.Duration(*d).String() }

// Set parses a duration or a number of seconds.
func (d *secondsOrDuration) Set(s string) error {
	if secs, err := strconv.ParseFloat(s, 64); err == nil {
		if secs < 0 {
			return errors.New("a timeout cannot be negative")
		}
		*d = secondsOrDuration(time.Duration(secs * float64(time.Second)))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return errors.New("want a duration such as 90s or 5m, or a number of seconds")
	}
	if v < 0 {
		return errors.New("a timeout cannot be negative")
	}
	*d = secondsOrDuration(v)
	return nil
}
