// Package kernelspec installs gonn as a Jupyter kernel: it writes the
// kernelspec directory (kernel.json and the logos, which are embedded in
// the binary) where Jupyter looks for kernels, following the rules of
// Jupyter's own `jupyter kernelspec install`.
//
// By default the kernel is installed for the current user, in
// DataDir()/kernels/gonn; JUPYTER_DATA_DIR is honoured as Jupyter honours
// it. With a prefix, it goes to PREFIX/share/jupyter/kernels/gonn, which
// Jupyter searches when PREFIX is its Python prefix or when
// PREFIX/share/jupyter is listed in JUPYTER_PATH.
package kernelspec

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

//go:generate go run ./internal/logogen .

//go:embed logo-32x32.png logo-64x64.png logo-svg.svg
var logos embed.FS

// Defaults for Options.
const (
	DefaultName        = "gonn"
	DefaultDisplayName = "Go (gonn)"
)

// Options say which kernelspec to write and where.
type Options struct {
	// Name is the kernel's name and directory name (default "gonn").
	Name string
	// DisplayName is what notebook UIs show (default "Go (gonn)").
	DisplayName string
	// Binary is the gonn executable the kernelspec runs; it is made
	// absolute. Empty means the running executable.
	Binary string
	// Prefix installs under PREFIX/share/jupyter/kernels instead of the
	// user's Jupyter data directory.
	Prefix string
}

// Spec is the content of kernel.json.
type Spec struct {
	Argv          []string       `json:"argv"`
	DisplayName   string         `json:"display_name"`
	Language      string         `json:"language"`
	InterruptMode string         `json:"interrupt_mode"`
	Metadata      map[string]any `json:"metadata"`
}

func (o Options) withDefaults() (Options, error) {
	if o.Name == "" {
		o.Name = DefaultName
	}
	if !validName(o.Name) {
		return o, fmt.Errorf("kernelspec: kernel name %q may only hold letters, digits, '.', '_' and '-'", o.Name)
	}
	if o.DisplayName == "" {
		o.DisplayName = DefaultDisplayName
	}
	return o, nil
}

// validName follows jupyter_client's rule for kernel names.
func validName(name string) bool {
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return name != ""
}

// New returns the kernel.json content for o: the kernel runs as
// `BINARY kernel -f {connection_file}` and is interrupted by message
// (interrupt_request), not by signal.
func New(o Options) (Spec, error) {
	o, err := o.withDefaults()
	if err != nil {
		return Spec{}, err
	}
	bin, err := binary(o.Binary)
	if err != nil {
		return Spec{}, err
	}
	return Spec{
		Argv:          []string{bin, "kernel", "-f", "{connection_file}"},
		DisplayName:   o.DisplayName,
		Language:      "go",
		InterruptMode: "message",
		Metadata:      map[string]any{"debugger": false},
	}, nil
}

func binary(path string) (string, error) {
	if path == "" {
		exe, err := os.Executable()
		if err != nil {
			return "", fmt.Errorf("kernelspec: finding the gonn binary: %w", err)
		}
		path = exe
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("kernelspec: %w", err)
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		abs = resolved
	}
	return abs, nil
}

// Dir returns the directory the kernelspec of o is installed in.
func Dir(o Options) (string, error) {
	o, err := o.withDefaults()
	if err != nil {
		return "", err
	}
	if o.Prefix != "" {
		p, err := filepath.Abs(o.Prefix)
		if err != nil {
			return "", fmt.Errorf("kernelspec: %w", err)
		}
		return filepath.Join(p, "share", "jupyter", "kernels", o.Name), nil
	}
	data, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(data, "kernels", o.Name), nil
}

// DataDir returns the user's Jupyter data directory, as jupyter_core
// computes it: $JUPYTER_DATA_DIR if set; otherwise ~/Library/Jupyter on
// macOS, %APPDATA%\jupyter on Windows, and $XDG_DATA_HOME/jupyter (by
// default ~/.local/share/jupyter) elsewhere.
func DataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return filepath.Abs(d)
	}
	home, err := os.UserHomeDir()
	switch runtime.GOOS {
	case "windows":
		if appdata := os.Getenv("APPDATA"); appdata != "" {
			return filepath.Join(appdata, "jupyter"), nil
		}
		if err != nil {
			return "", fmt.Errorf("kernelspec: no APPDATA and no home directory: %w", err)
		}
		return filepath.Join(home, ".jupyter", "data"), nil
	case "darwin":
		if err != nil {
			return "", fmt.Errorf("kernelspec: %w", err)
		}
		return filepath.Join(home, "Library", "Jupyter"), nil
	}
	if xdg := os.Getenv("XDG_DATA_HOME"); xdg != "" {
		return filepath.Join(xdg, "jupyter"), nil
	}
	if err != nil {
		return "", fmt.Errorf("kernelspec: %w", err)
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// Install writes kernel.json and the logos into Dir(o), creating it and
// replacing an earlier installation's files, and returns the directory.
// Each file is written atomically.
func Install(o Options) (string, error) {
	spec, err := New(o)
	if err != nil {
		return "", err
	}
	dir, err := Dir(o)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("kernelspec: %w", err)
	}
	data, err := json.MarshalIndent(spec, "", " ")
	if err != nil {
		return "", fmt.Errorf("kernelspec: %w", err)
	}
	files := map[string][]byte{"kernel.json": append(data, '\n')}
	entries, _ := fs.ReadDir(logos, ".")
	for _, e := range entries {
		b, err := logos.ReadFile(e.Name())
		if err != nil {
			return "", fmt.Errorf("kernelspec: %w", err)
		}
		files[e.Name()] = b
	}
	for name, b := range files {
		if err := writeAtomic(filepath.Join(dir, name), b); err != nil {
			return "", fmt.Errorf("kernelspec: %w", err)
		}
	}
	return dir, nil
}

// Uninstall removes the kernelspec directory Dir(o) and returns it. It
// reports an error wrapping fs.ErrNotExist when nothing is installed
// there, and refuses to remove a directory that holds no kernel.json.
func Uninstall(o Options) (string, error) {
	dir, err := Dir(o)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(dir, "kernel.json")); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return dir, fmt.Errorf("kernelspec: no kernel installed in %s: %w", dir, fs.ErrNotExist)
		}
		return dir, fmt.Errorf("kernelspec: %w", err)
	}
	if err := os.RemoveAll(dir); err != nil {
		return dir, fmt.Errorf("kernelspec: %w", err)
	}
	return dir, nil
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
