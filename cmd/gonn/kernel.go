package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/gonn-dev/gonn/kernel/engine"
	"github.com/gonn-dev/gonn/kernel/jupyter"
	"github.com/gonn-dev/gonn/kernelspec"
	"github.com/gonn-dev/gonn/notebook/progress"
)

const kernelHelp = `usage: gonn kernel -f CONNECTION_FILE [flags]

Runs the Go kernel on the sockets a Jupyter connection file names. Jupyter
starts it this way (see 'gonn install'). Started by hand with a file that
does not exist yet, the kernel picks free ports and a key and writes the
file, for 'jupyter console --existing FILE'.

SIGINT interrupts the running cell, as an interrupt_request does; SIGTERM
and SIGHUP shut the kernel down, as does the exit of the Jupyter process
named by JPY_PARENT_PID (which jupyter_client sets). The kernel logs problems to standard
error, which Jupyter shows in its terminal (and jupyter console on screen);
-v adds the engine's per-cell diagnostics.

Flags:
`

// kernelCommand runs `gonn kernel`.
func kernelCommand(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("gonn kernel", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), kernelHelp)
		fs.PrintDefaults()
	}
	connFile := fs.String("f", "", "the connection `FILE` written by Jupyter (required)")
	history := fs.String("history", "", "keep execution history in `FILE` (default: gonn/history.jsonl in the Jupyter data directory; \"none\" keeps it in memory)")
	verbose := fs.Bool("v", false, "log the engine's diagnostics (each cell's run time, automatic imports, ...)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *connFile == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "gonn kernel: give the connection file with -f, and nothing else")
		fs.Usage()
		return 2
	}
	// The engine captures file descriptors 1 and 2 so that what compiled
	// code prints reaches the cell; the kernel's own log goes to a copy of
	// the original standard error.
	logger := log.New(progress.Stderr(), "gonn kernel: ", log.LstdFlags|log.Lmicroseconds)
	var engineLog *log.Logger
	if *verbose {
		engineLog = logger
	}
	if err := serveKernel(*connFile, historyFile(*history, logger), logger, engineLog); err != nil {
		logger.Print(err)
		return 1
	}
	return 0
}

// historyFile resolves the -history flag.
func historyFile(flagValue string, logger *log.Logger) string {
	switch flagValue {
	case "none":
		return ""
	case "":
		dir, err := kernelspec.DataDir()
		if err != nil {
			logger.Printf("no Jupyter data directory (%v); history stays in memory", err)
			return ""
		}
		return filepath.Join(dir, "gonn", "history.jsonl")
	}
	return flagValue
}

// serveKernel runs the kernel until Jupyter shuts it down or a signal
// stops it. engineLog (nil to discard) receives the engine's diagnostics.
func serveKernel(connFile, history string, logger, engineLog *log.Logger) error {
	ci, err := jupyter.ReadConnectionFile(connFile)
	create := errors.Is(err, fs.ErrNotExist)
	if create {
		// As ipykernel does: a kernel started by hand on a new file picks
		// free ports and a key, and writes the file for clients
		// (jupyter console --existing FILE).
		ci, err = jupyter.ConnectionInfo{IP: "127.0.0.1", Key: jupyter.NewKey()}, nil
	}
	if err != nil {
		return err
	}
	eng, err := engine.New(engine.Options{CaptureStdio: true, Log: engineLog, Version: version})
	if err != nil {
		return fmt.Errorf("starting the Go engine: %w", err)
	}
	k, err := jupyter.New(jupyter.Config{Connection: ci, Interpreter: eng, Log: logger, HistoryFile: history})
	if err != nil {
		_ = eng.Shutdown(false)
		return err
	}
	if create {
		if err := k.Connection().WriteFile(connFile); err != nil {
			_ = k.Close()
			_ = eng.Shutdown(false)
			return err
		}
		logger.Printf("wrote %s; connect with: jupyter console --existing %s", connFile, connFile)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	ctx, orphaned := context.WithCancel(ctx)
	defer orphaned()
	go exitWithParent(ctx, orphaned, time.Second, logger)
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	defer signal.Stop(interrupts)
	go func() {
		for range interrupts {
			if k.Interrupt() {
				logger.Print("SIGINT: interrupting the running cell")
			}
		}
	}()
	if engineLog != nil {
		logger.Printf("%s listening on %s (shell port %d)", versionString(), ci.IP, k.Connection().ShellPort)
	}
	return k.Run(ctx)
}
