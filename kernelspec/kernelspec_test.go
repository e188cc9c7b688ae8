package kernelspec

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/gonn-dev/gonn/kernelspec/internal/logo"
)

func TestInstallUninstall(t *testing.T) {
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin", "gonn")
	cases := []struct {
		name    string
		opts    Options
		env     map[string]string
		wantDir string
	}{
		{"prefix", Options{Prefix: filepath.Join(tmp, "prefix"), Binary: bin},
			nil, filepath.Join(tmp, "prefix", "share", "jupyter", "kernels", "gonn")},
		{"JUPYTER_DATA_DIR", Options{Binary: bin},
			map[string]string{"JUPYTER_DATA_DIR": filepath.Join(tmp, "data")}, filepath.Join(tmp, "data", "kernels", "gonn")},
		{"custom name", Options{Name: "gonn-dev", DisplayName: "Go (dev)", Binary: bin},
			map[string]string{"JUPYTER_DATA_DIR": filepath.Join(tmp, "data")}, filepath.Join(tmp, "data", "kernels", "gonn-dev")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			dir, err := Install(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if dir != tc.wantDir {
				t.Errorf("installed in %s, want %s", dir, tc.wantDir)
			}
			var spec Spec
			data, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &spec); err != nil {
				t.Fatal(err)
			}
			display := tc.opts.DisplayName
			if display == "" {
				display = "Go (gonn)"
			}
			want := Spec{Argv: []string{bin, "kernel", "-f", "{connection_file}"}, DisplayName: display,
				Language: "go", InterruptMode: "message", Metadata: map[string]any{"debugger": false}}
			if !reflect.DeepEqual(spec, want) {
				t.Errorf("kernel.json %+v\nwant %+v", spec, want)
			}
			for _, f := range []string{"logo-32x32.png", "logo-64x64.png", "logo-svg.svg"} {
				if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
					t.Errorf("%s: %v", f, err)
				}
			}
			// Installing again replaces the files.
			if _, err := Install(tc.opts); err != nil {
				t.Fatalf("reinstall: %v", err)
			}
			if got, err := Uninstall(tc.opts); err != nil || got != dir {
				t.Fatalf("uninstall: %s %v", got, err)
			}
			if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s still exists", dir)
			}
			if _, err := Uninstall(tc.opts); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("second uninstall: %v", err)
			}
		})
	}
}

func TestUninstallLeavesForeignDirectories(t *testing.T) {
	prefix := t.TempDir()
	dir, _ := Dir(Options{Prefix: prefix})
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Uninstall(Options{Prefix: prefix}); err == nil {
		t.Error("removed a directory without kernel.json")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Errorf("the directory is gone: %v", err)
	}
}

func TestBadNames(t *testing.T) {
	for _, name := range []string{"../evil", "a b", "x/y"} {
		if _, err := Install(Options{Name: name, Prefix: t.TempDir()}); err == nil {
			t.Errorf("name %q accepted", name)
		}
	}
}

func TestDataDir(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the XDG rules apply to Linux")
	}
	t.Setenv("JUPYTER_DATA_DIR", "")
	t.Setenv("HOME", "/home/tester")
	t.Setenv("XDG_DATA_HOME", "")
	if got, _ := DataDir(); got != "/home/tester/.local/share/jupyter" {
		t.Errorf("default: %s", got)
	}
	t.Setenv("XDG_DATA_HOME", "/xdg")
	if got, _ := DataDir(); got != "/xdg/jupyter" {
		t.Errorf("XDG_DATA_HOME: %s", got)
	}
	t.Setenv("JUPYTER_DATA_DIR", "/jd")
	if got, _ := DataDir(); got != "/jd" {
		t.Errorf("JUPYTER_DATA_DIR: %s", got)
	}
}

// TestLogosAreFresh fails when the committed logos differ from what the
// generator draws (run `go generate ./kernelspec`).
func TestLogosAreFresh(t *testing.T) {
	for _, size := range []int{32, 64} {
		want, err := logo.PNG(size)
		if err != nil {
			t.Fatal(err)
		}
		name := "logo-" + map[int]string{32: "32x32", 64: "64x64"}[size] + ".png"
		got, _ := logos.ReadFile(name)
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale; run go generate ./kernelspec", name)
		}
	}
	if got, _ := logos.ReadFile("logo-svg.svg"); !bytes.Equal(got, logo.SVG()) {
		t.Error("logo-svg.svg is stale; run go generate ./kernelspec")
	}
}
