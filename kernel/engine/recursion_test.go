package engine

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// TestRunawayRecursion checks, in a child process, that infinite recursion
// ends the process quickly with a stack overflow instead of eating all
// memory (Options.MaxStack); Jupyter then restarts the kernel. A deep but
// finite recursion still works.
func TestRunawayRecursion(t *testing.T) {
	if os.Getenv("GONN_RECURSION_CHILD") != "" {
		e, err := New(Options{MaxStack: 64 << 20})
		if err != nil {
			panic(err)
		}
		res := e.Execute(context.Background(), lang.ExecuteRequest{Code: "func depth(n int) int {\n\tif n == 0 {\n\t\treturn 0\n\t}\n\treturn depth(n-1) + 1\n}\ndepth(10000)"}, &recorder{})
		if res.Error != nil || res.Data["text/plain"] != "10000" {
			panic("deep recursion failed")
		}
		e.Execute(context.Background(), lang.ExecuteRequest{Code: "func forever(n int) int { return forever(n+1) + 1 }\nforever(0)"}, &recorder{})
		os.Exit(0) // not reached
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRunawayRecursion$")
	cmd.Env = append(os.Environ(), "GONN_RECURSION_CHILD=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	t.Logf("the child died after %v", time.Since(start))
	if err == nil {
		t.Fatal("infinite recursion did not end the child process")
	}
	if !strings.Contains(stderr.String(), "stack exceeds") {
		t.Errorf("child stderr lacks the stack overflow:\n%.2000s", stderr.String())
	}
	if strings.Contains(stderr.String(), "deep recursion failed") {
		t.Error("a recursion of depth 10000 failed")
	}
}
