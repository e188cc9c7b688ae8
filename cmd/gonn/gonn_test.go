//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gonn-dev/gonn/kernel/jupyter/jupytertest"
)

// gonnBinary is the gonn executable built for these tests.
var gonnBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gonn-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	gonnBinary = filepath.Join(dir, "gonn")
	goTool, err := exec.LookPath("go")
	if err != nil {
		fmt.Fprintln(os.Stderr, "the go command is not on PATH:", err)
		os.Exit(1)
	}
	build := exec.Command(goTool, "build", "-o", gonnBinary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building gonn:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// kernelProcess is a gonn kernel running as a child process.
type kernelProcess struct {
	cmd    *exec.Cmd
	conn   jupytertest.Connection
	stderr *bytes.Buffer
	exited chan error
}

// freePorts returns n ports that were free a moment ago.
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	var lns []net.Listener
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	for _, ln := range lns {
		ln.Close()
	}
	return ports
}

// startKernel writes a connection file and runs `gonn kernel -f` on it.
func startKernel(t *testing.T) *kernelProcess {
	t.Helper()
	dir := t.TempDir()
	p := freePorts(t, 5)
	conn := jupytertest.Connection{Transport: "tcp", IP: "127.0.0.1", ShellPort: p[0], IOPubPort: p[1],
		StdinPort: p[2], ControlPort: p[3], HBPort: p[4], Key: "integration-key"}
	data, _ := json.Marshal(map[string]any{
		"transport": conn.Transport, "ip": conn.IP, "shell_port": conn.ShellPort, "iopub_port": conn.IOPubPort,
		"stdin_port": conn.StdinPort, "control_port": conn.ControlPort, "hb_port": conn.HBPort,
		"key": conn.Key, "signature_scheme": "hmac-sha256", "kernel_name": "gonn"})
	file := filepath.Join(dir, "kernel.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	kp := &kernelProcess{conn: conn, stderr: &bytes.Buffer{}, exited: make(chan error, 1)}
	kp.cmd = exec.Command(gonnBinary, "kernel", "-f", file)
	kp.cmd.Env = append(os.Environ(), "JUPYTER_DATA_DIR="+filepath.Join(dir, "data"))
	kp.cmd.Stderr = kp.stderr
	if err := kp.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { kp.exited <- kp.cmd.Wait() }()
	t.Cleanup(func() {
		select {
		case <-kp.exited:
		default:
			_ = kp.cmd.Process.Kill()
			<-kp.exited
		}
		if t.Failed() {
			t.Logf("kernel stderr:\n%s", kp.stderr)
		}
	})
	return kp
}

// waitExit waits for the kernel process to end and returns its error.
func (kp *kernelProcess) waitExit(t *testing.T) error {
	t.Helper()
	select {
	case err := <-kp.exited:
		kp.exited <- err
		return err
	case <-time.After(15 * time.Second):
		t.Fatal("the kernel did not exit")
	}
	return nil
}

func TestKernelRunsGo(t *testing.T) {
	kp := startKernel(t)
	c := jupytertest.Connect(t, kp.conn)
	cases := []struct {
		code   string
		status string
		stdout string
		stderr string
		result string
	}{
		{code: `fmt.Println("hi")`, status: "ok", stdout: "hi\n"},
		{code: "x := 20\nx + 22", status: "ok", result: "42"},
		// Written by compiled code straight to file descriptor 2.
		{code: `os.Stderr.WriteString("to fd 2\n")`, status: "ok", stderr: "to fd 2\n"},
		{code: `panic("boom")`, status: "error"},
		{code: "x", status: "ok", result: "20"}, // the kernel survived the panic
		{code: "undefinedName + 1", status: "error"},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			reply, io := c.Execute(tc.code, nil)
			if got := reply.Content["status"]; got != tc.status {
				t.Fatalf("status %v, want %v (reply %v)", got, tc.status, reply.Content)
			}
			if got := jupytertest.StreamText(io, "stdout"); got != tc.stdout {
				t.Errorf("stdout %q, want %q", got, tc.stdout)
			}
			if got := jupytertest.StreamText(io, "stderr"); got != tc.stderr {
				t.Errorf("stderr %q, want %q", got, tc.stderr)
			}
			if tc.result != "" {
				m := jupytertest.Of(io, "execute_result")
				if m == nil || m.Content["data"].(map[string]any)["text/plain"] != tc.result {
					t.Errorf("execute_result %v, want %q", m, tc.result)
				}
			}
			if tc.status == "error" && jupytertest.Of(io, "error") == nil {
				t.Error("no error message on iopub")
			}
		})
	}
}

// TestKernelStreamsInRealTime checks that a cell's output reaches the
// client while the cell still runs: the cell prints, then waits for a file
// that the test creates only once it has received the line.
func TestKernelStreamsInRealTime(t *testing.T) {
	kp := startKernel(t)
	c := jupytertest.Connect(t, kp.conn)
	gate := filepath.Join(t.TempDir(), "gate")
	for _, print := range []string{`fmt.Println("first")`, `os.Stdout.WriteString("first\n")`} {
		t.Run(print, func(t *testing.T) {
			_ = os.Remove(gate)
			code := print + fmt.Sprintf(`
for { if _, err := os.Stat(%q); err == nil { break }; time.Sleep(5 * time.Millisecond) }
fmt.Println("second")`, gate)
			id := c.Send("shell", "execute_request", map[string]any{"code": code})
			if m := c.WaitFor("stream"); m.Content["text"] != "first\n" {
				t.Fatalf("first output %v", m.Content)
			}
			if err := os.WriteFile(gate, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			if r := c.Reply("shell", id); r.Content["status"] != "ok" {
				t.Fatalf("reply %v", r.Content)
			}
			if got := jupytertest.StreamText(c.IOPubUntilIdle(id), "stdout"); got != "second\n" {
				t.Errorf("rest of the output %q", got)
			}
		})
	}
}

func TestKernelInterrupts(t *testing.T) {
	kp := startKernel(t)
	c := jupytertest.Connect(t, kp.conn)
	cases := []struct {
		name      string
		code      string
		interrupt func()
	}{
		{"SIGINT during for {}", "for {}", func() { _ = kp.cmd.Process.Signal(syscall.SIGINT) }},
		{"interrupt_request during time.Sleep", "time.Sleep(time.Hour)", func() {
			c.Reply("control", c.Send("control", "interrupt_request", nil))
		}},
		{"SIGINT during a channel receive", "ch := make(chan int)\n<-ch", func() { _ = kp.cmd.Process.Signal(syscall.SIGINT) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := c.Send("shell", "execute_request", map[string]any{"code": tc.code})
			c.WaitFor("execute_input")
			time.Sleep(100 * time.Millisecond) // let the cell get into its loop
			tc.interrupt()
			reply := c.Reply("shell", id)
			if reply.Content["status"] != "error" || reply.Content["ename"] != "Interrupted" {
				t.Fatalf("reply %v", reply.Content)
			}
			c.IOPubUntilIdle(id)
			if r, _ := c.Execute("1 + 1", nil); r.Content["status"] != "ok" {
				t.Fatalf("after the interrupt: %v", r.Content)
			}
		})
	}
}

func TestKernelShutdown(t *testing.T) {
	for _, how := range []string{"shutdown_request", "SIGTERM"} {
		t.Run(how, func(t *testing.T) {
			kp := startKernel(t)
			c := jupytertest.Connect(t, kp.conn)
			if how == "SIGTERM" {
				_ = kp.cmd.Process.Signal(syscall.SIGTERM)
			} else {
				r := c.Reply("control", c.Send("control", "shutdown_request", map[string]any{"restart": false}))
				if r.Content["status"] != "ok" {
					t.Fatalf("shutdown_reply %v", r.Content)
				}
			}
			if err := kp.waitExit(t); err != nil {
				t.Fatalf("exit: %v\n%s", err, kp.stderr)
			}
		})
	}
}

func TestKernelExitsWithItsParent(t *testing.T) {
	kp := startKernel(t) // only for its connection file and ports
	_ = kp.cmd.Process.Kill()
	kp.waitExit(t)
	file := kp.cmd.Args[3]
	// A shell starts the kernel in the background, as its Jupyter (which
	// jupyter_client announces in JPY_PARENT_PID), and reports its pid;
	// killing the shell orphans the kernel.
	sh := exec.Command("/bin/sh", "-c", `JPY_PARENT_PID=$$ "$0" kernel -f "$1" & echo $!; wait`, gonnBinary, file)
	out, err := sh.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sh.Start(); err != nil {
		t.Fatal(err)
	}
	var pid int
	if _, err := fmt.Fscan(out, &pid); err != nil {
		t.Fatal(err)
	}
	jupytertest.Connect(t, kp.conn) // the kernel is up
	_ = sh.Process.Kill()
	_ = sh.Wait()
	deadline := time.Now().Add(15 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			t.Fatal("the orphaned kernel is still running")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// alive reports whether process pid still runs (a zombie, which an init
// that does not reap would leave behind, has exited).
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	return err != nil || !strings.Contains(string(stat), ") Z ")
}

func TestKernelWritesAMissingConnectionFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "kernel-new.json")
	cmd := exec.Command(gonnBinary, "kernel", "-f", file, "-history", "none")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	var conn jupytertest.Connection
	deadline := time.Now().Add(15 * time.Second)
	for {
		var err error
		if conn, err = jupytertest.ReadConnectionFile(file); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no connection file: %v\n%s", err, stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if conn.ShellPort == 0 || len(conn.Key) < 32 {
		t.Errorf("connection file %+v", conn)
	}
	c := jupytertest.Connect(t, conn)
	if r, _ := c.Execute("2 * 21", nil); r.Content["status"] != "ok" {
		t.Errorf("reply %v", r.Content)
	}
	if !strings.Contains(stderr.String(), "--existing") {
		t.Errorf("the log does not say how to connect: %q", stderr.String())
	}
}

func TestKernelCommandErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(bad, []byte(`{"shell_port": "five"}`), 0o600)
	cases := []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"kernel"}, 2, "connection file"},
		{[]string{"kernel", "-f", filepath.Join(dir, "no-such-dir", "new.json")}, 1, "no such file"},
		{[]string{"kernel", "-f", bad}, 1, "bad.json"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{nil, 2, "Usage"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, gonnBinary, tc.args...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			status := 0
			if ee, ok := err.(*exec.ExitError); ok {
				status = ee.ExitCode()
			}
			if status != tc.status || !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", status, tc.status, stderr.String(), tc.stderr)
			}
		})
	}
}

func TestInstallAndUninstall(t *testing.T) {
	prefix := t.TempDir()
	var out, errOut bytes.Buffer
	if status := run([]string{"install", "--prefix", prefix, "--binary", gonnBinary}, &out, &errOut); status != 0 {
		t.Fatalf("install: %d %s", status, errOut.String())
	}
	spec := filepath.Join(prefix, "share", "jupyter", "kernels", "gonn", "kernel.json")
	data, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	var k struct {
		Argv          []string `json:"argv"`
		InterruptMode string   `json:"interrupt_mode"`
	}
	_ = json.Unmarshal(data, &k)
	if len(k.Argv) != 4 || !filepath.IsAbs(k.Argv[0]) || k.Argv[1] != "kernel" || k.InterruptMode != "message" {
		t.Errorf("kernel.json: %s", data)
	}
	if status := run([]string{"uninstall", "--prefix", prefix}, &out, &errOut); status != 0 {
		t.Fatalf("uninstall: %d %s", status, errOut.String())
	}
	if _, err := os.Stat(spec); err == nil {
		t.Error("kernel.json still there")
	}
	if status := run([]string{"uninstall", "--prefix", prefix}, &out, &errOut); status != 1 {
		t.Errorf("uninstalling twice: %d", status)
	}
	if status := run([]string{"install", "--name", "a b", "--prefix", prefix}, &out, &errOut); status != 1 {
		t.Errorf("bad name: %d", status)
	}
	if status := run([]string{"install", "extra"}, &out, &errOut); status != 2 {
		t.Errorf("extra argument: %d", status)
	}
}

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if status := run([]string{"version"}, &out, &out); status != 0 || !strings.HasPrefix(out.String(), "gonn ") {
		t.Errorf("version: %d %q", status, out.String())
	}
}
