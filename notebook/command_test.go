package notebook

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildGonn builds the gonn command into a temporary directory.
func buildGonn(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "gonn")
	gotool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build gonn: %v", err)
	}
	out, err := exec.Command(gotool, "build", "-o", bin, "github.com/gonn-dev/gonn/cmd/gonn").CombinedOutput()
	if err != nil {
		t.Fatalf("go build ./cmd/gonn: %v\n%s", err, out)
	}
	return bin
}

// gonnRun runs `gonn run args...` in dir and returns its exit status,
// standard output and standard error.
func gonnRun(t *testing.T, bin, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"run"}, args...)...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode(), stdout.String(), stderr.String()
	case err != nil:
		t.Fatal(err)
	}
	return 0, stdout.String(), stderr.String()
}

// TestGonnRunCommand runs the real binary as a user would, with standard
// error a pipe (so progress comes as plain lines).
func TestGonnRunCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the gonn binary")
	}
	bin := buildGonn(t)
	dir := t.TempDir()
	for _, name := range []string{"hello.ipynb", "failing.ipynb", "python.ipynb"} {
		copyFixture(t, dir, name)
	}
	sleepy := &Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{}, Cells: []*Cell{{Type: CodeCell, Source: "time.Sleep(time.Hour)"}}}
	if err := sleepy.Write(filepath.Join(dir, "sleepy.ipynb")); err != nil {
		t.Fatal(err)
	}
	inputs := snapshot(t, dir)

	for _, tc := range []struct {
		name   string
		args   []string
		status int
		stderr []string // each must appear
		files  []string // must exist afterwards, relative to dir
	}{
		{"success with HTML", []string{"hello.ipynb", "--html", "--out", "out"}, 0,
			[]string{"hello.ipynb: cell 1/4 (In [1]) ok in ", "hello.ipynb: wrote out/hello.out.ipynb and out/hello.out.html"},
			[]string{"out/hello.out.ipynb", "out/hello.out.html"}},
		{"failing cell", []string{"failing.ipynb", "--out", "fail"}, 1,
			[]string{"failing.ipynb: cell 2/3 (In [2]) failed", "gonn run: failing.ipynb: cell 2 (In [2]): panic: ", "broken cell", "no output written"},
			nil},
		{"failing cell allowed", []string{"--allow-errors", "failing.ipynb", "--out", "allowed"}, 0,
			[]string{"wrote allowed/failing.out.ipynb"}, []string{"allowed/failing.out.ipynb"}},
		{"python notebook", []string{"python.ipynb", "--out", "py"}, 1,
			[]string{"gonn run: python.ipynb: not a Go notebook: it is written for python"}, nil},
		{"missing file among good ones", []string{"nope.ipynb", "hello.ipynb", "--out", "mixed"}, 1,
			[]string{"no such file or directory", "wrote mixed/hello.out.ipynb", "1 of 2 notebooks failed"}, []string{"mixed/hello.out.ipynb"}},
		{"timeout", []string{"--timeout", "0.5", "sleepy.ipynb"}, 1,
			[]string{"gonn run: sleepy.ipynb: cell 1 (In [1]): Timeout: the cell did not finish within 500ms and was interrupted"}, nil},
		{"no notebook", nil, 2, []string{"gonn run: no notebook given"}, nil},
		{"bad flag", []string{"--timeout", "soon", "hello.ipynb"}, 2, []string{`invalid value "soon" for flag -timeout`}, nil},
		{"conflicting flags", []string{"--inplace", "--out", "x", "hello.ipynb"}, 2, []string{"--inplace and --out exclude each other"}, nil},
		{"help", []string{"-h"}, 0, []string{"usage: gonn run [flags] NOTEBOOK.ipynb..."}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, stdout, stderr := gonnRun(t, bin, dir, tc.args...)
			if status != tc.status {
				t.Errorf("exit status %d, want %d\nstderr:\n%s", status, tc.status, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout is not empty: %q", stdout)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if strings.ContainsAny(stderr, "\r\x1b") {
				t.Errorf("stderr is not a terminal but got control characters: %q", stderr)
			}
			for _, f := range tc.files {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	validateNBFormat(t, filepath.Join(dir, "out", "hello.out.ipynb"))
	after := snapshot(t, dir)
	for path, data := range inputs {
		if after[path] != data {
			t.Errorf("input %s changed", path)
		}
	}
	for path := range after {
		if strings.HasPrefix(filepath.Base(path), ".") {
			t.Errorf("stray temporary file %s", path)
		}
	}
	for _, d := range []string{"fail", "py"} {
		if _, err := os.Stat(filepath.Join(dir, d)); !os.IsNotExist(err) {
			t.Errorf("the output directory %s of a failed run was left behind (%v)", d, err)
		}
	}
}
