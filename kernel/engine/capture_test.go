package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// captureReport is what the child process of TestCaptureStdio found.
type captureReport struct {
	Stdout, Stderr string
	Error          string
	SecondNew      string // the error of a second engine with CaptureStdio
	// YaegiFailure is the cell stderr of code on which yaegi's compiler
	// calls log.Panic, CompiledLog that of compiled code calling log.Print.
	YaegiFailure, CompiledLog string
}

// TestCaptureStdio checks, in a child process (fds 1 and 2 are the whole
// process's), that with CaptureStdio what compiled code writes to the real
// standard output and error reaches the cell, and that Shutdown gives the
// file descriptors back.
func TestCaptureStdio(t *testing.T) {
	if os.Getenv("GONN_CAPTURE_CHILD") != "" {
		captureChild()
		return
	}
	report := filepath.Join(t.TempDir(), "report.json")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCaptureStdio$")
	cmd.Env = append(os.Environ(), "GONN_CAPTURE_CHILD="+report)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\nstdout: %s\nstderr: %s", err, stdout.String(), stderr.String())
	}
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatalf("child report: %v\nstdout: %s\nstderr: %s", err, stdout.String(), stderr.String())
	}
	var r captureReport
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	t.Logf("child report: %+v", r)
	if r.Error != "" {
		t.Fatalf("cell failed: %s", r.Error)
	}
	if want := "interpreted\ncompiled stdout: x\n"; r.Stdout != want {
		t.Errorf("cell stdout %q, want %q", r.Stdout, want)
	}
	if want := "compiled stderr: x\n"; r.Stderr != want {
		t.Errorf("cell stderr %q, want %q", r.Stderr, want)
	}
	if strings.Contains(r.YaegiFailure, "nil type") {
		t.Errorf("yaegi's log line reached the cell's stderr: %q", r.YaegiFailure)
	}
	if !strings.HasSuffix(r.CompiledLog, "compiled log\n") {
		t.Errorf("compiled code's log.Print did not reach the cell's stderr: %q", r.CompiledLog)
	}
	if r.SecondNew == "" {
		t.Error("a second engine could capture fds 1 and 2 at the same time")
	}
	if got := stdout.String(); !strings.Contains(got, "after shutdown\n") {
		t.Errorf("fd 1 not restored after Shutdown: child stdout %q", got)
	}
}

// captureChild is the child process of TestCaptureStdio.
func captureChild() {
	var r captureReport
	e, err := New(Options{CaptureStdio: true, Symbols: []interp.Exports{{
		"gonn.test/probe/probe": {"Print": reflect.ValueOf(compiledPrint), "Log": reflect.ValueOf(log.Print)},
	}}})
	if err != nil {
		r.Error = err.Error()
	} else {
		out := &recorder{}
		res := e.Execute(context.Background(), lang.ExecuteRequest{
			Code: "import \"gonn.test/probe\"\nfmt.Println(\"interpreted\")\nprobe.Print(\"x\")", ExecutionCount: 1,
		}, out)
		if res.Error != nil {
			r.Error = res.Error.EValue
		}
		r.Stdout, r.Stderr = out.text("stdout"), out.text("stderr")
		out = &recorder{}
		e.Execute(context.Background(), lang.ExecuteRequest{Code: "for i := range 2.5 {\n\t_ = i\n}", ExecutionCount: 2}, out)
		r.YaegiFailure = out.text("stderr")
		out = &recorder{}
		e.Execute(context.Background(), lang.ExecuteRequest{Code: "probe.Log(\"compiled log\")", ExecutionCount: 3}, out)
		r.CompiledLog = out.text("stderr")
		if _, err := New(Options{CaptureStdio: true}); err != nil {
			r.SecondNew = err.Error()
		}
		e.Shutdown(false)
	}
	fmt.Println("after shutdown")
	b, _ := json.Marshal(r)
	os.WriteFile(os.Getenv("GONN_CAPTURE_CHILD"), b, 0o600)
}
