//go:build unix

package engine

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestShell checks !COMMAND with the real shell.
func TestShell(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	play(t, []step{
		{code: "!echo hello", stdout: "hello\n"},
		{code: "!echo out; echo err >&2", stdout: "out\n", stderr: "err\n"},
		{code: "!pwd", stdout: wd + "\n"},
		{code: "!cat", stdout: ""}, // standard input is empty
		{code: "x := 2\n!echo between\nx * 21", want: "42", stdout: "between\n"},
		{code: "!exit 3", err: "ShellError: exit status 3: exit 3"},
		{code: "!kill -KILL $$", err: "ShellError: killed by signal killed: kill -KILL $$"},
		{code: "!no-such-command-gonn", err: "ShellError: exit status 127", stderr: "not found"},
		{code: "!", err: "UsageError: ! needs a command"},
		{code: "!exit 1\nfmt.Println(\"not reached\")", err: "ShellError", stdout: ""},
	})
}

// TestShellStreamsLive checks that a command's output reaches the cell
// while the command runs, not when it ends.
func TestShellStreamsLive(t *testing.T) {
	s := newTestSession(t)
	_, out := s.ok("!echo first; sleep 1; echo second")
	var first, second time.Time
	for _, c := range out.chunks {
		if strings.Contains(c.text, "first") {
			first = c.at
		}
		if strings.Contains(c.text, "second") {
			second = c.at
		}
	}
	if first.IsZero() || second.IsZero() {
		t.Fatalf("output %q", out.text("stdout"))
	}
	if second.Sub(first) < 500*time.Millisecond {
		t.Errorf("first came %v before second: the output was not streamed as it was written", second.Sub(first))
	}
}

// TestShellInterrupt checks that an interrupt kills the command and all
// it started (its process group), and that the engine goes on.
func TestShellInterrupt(t *testing.T) {
	s := newTestSession(t)
	pidFile := filepath.Join(t.TempDir(), "pid")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		waitFor(t, func() bool { _, err := os.Stat(pidFile); return err == nil })
		cancel()
	}()
	res, _ := s.runCtx(ctx, "!sleep 100 & echo $! > "+pidFile+"; sleep 100")
	if res.Error == nil || res.Error.EName != "Interrupted" {
		t.Fatalf("error %v, want Interrupted", res.Error)
	}
	pid := readPID(t, pidFile)
	waitFor(t, func() bool { return !running(pid) })
	if got, _ := s.ok("!echo again"); got != "" {
		t.Errorf("next cell result %q", got)
	}
}

// TestShellBackground checks that a command left running in the
// background does not hold the cell.
func TestShellBackground(t *testing.T) {
	s := newTestSession(t)
	pidFile := filepath.Join(t.TempDir(), "pid")
	s.ok("!sleep 30 > /dev/null & echo $! > " + pidFile)
	pid := readPID(t, pidFile)
	defer syscall.Kill(pid, syscall.SIGKILL)
	if !running(pid) {
		t.Error("the cell returned because the background command ended, not because the shell did")
	}
}

// readPID reads the process id a command wrote to file.
func readPID(t *testing.T, file string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("pid file %q", b)
	}
	return pid
}

// running reports whether process pid exists and is not a zombie.
func running(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return syscall.Kill(pid, 0) == nil // no /proc: zombies count as running
	}
	// "pid (comm) S ...": the state follows the last parenthesis.
	i := strings.LastIndexByte(string(b), ')')
	return i < 0 || !strings.HasPrefix(strings.TrimSpace(string(b[i+1:])), "Z")
}

// waitFor polls cond for up to 10 seconds.
func waitFor(t *testing.T, cond func() bool) {
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Error("condition not met within 10 s")
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}
