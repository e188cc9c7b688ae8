package notebook

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gonn-dev/gonn/kernel/engine"
	"github.com/gonn-dev/gonn/kernel/lang"
)

// startEngine is RunFile's interpreter factory: a fresh real engine.
func startEngine() (lang.Interpreter, error) { return engine.New(engine.Options{}) }

// copyFixture copies testdata/name into dir and returns the copy's path.
func copyFixture(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// snapshot returns every file under dir with its content, and every
// directory below it as "<dir>".
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		if d.IsDir() {
			files[path] = "<dir>"
			return nil
		}
		data, err := os.ReadFile(path)
		files[path] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func names(files map[string]string) []string {
	var n []string
	for k := range files {
		n = append(n, filepath.Base(k))
	}
	sort.Strings(n)
	return n
}

func TestRunFileWritesOutputsBesideTheInput(t *testing.T) {
	dir := t.TempDir()
	in := copyFixture(t, dir, "hello.ipynb")
	before, _ := os.ReadFile(in)
	res, err := RunFile(context.Background(), in, startEngine, FileOptions{HTML: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Notebook != filepath.Join(dir, "hello.out.ipynb") || res.HTML != filepath.Join(dir, "hello.out.html") {
		t.Errorf("outputs = %+v", res)
	}
	after, _ := os.ReadFile(in)
	if string(after) != string(before) {
		t.Error("the input notebook changed")
	}
	validateNBFormat(t, res.Notebook)
	nb, err := Read(res.Notebook)
	if err != nil {
		t.Fatal(err)
	}
	if nb.Cells[2].ExecutionCount != 2 || nb.Cells[2].Outputs[0].Data["text/plain"] != "42" {
		t.Errorf("executed notebook lacks the result: %s", dump(nb.Cells[2].Outputs))
	}
	page, err := os.ReadFile(res.HTML)
	if err != nil || !strings.Contains(string(page), "<h1 id=\"hello-gonn\">Hello, gonn</h1>") {
		t.Errorf("HTML page missing or without the heading (%v)", err)
	}
	if got := names(snapshot(t, dir)); strings.Join(got, " ") != "hello.ipynb hello.out.html hello.out.ipynb" {
		t.Errorf("directory holds %v", got)
	}
}

func TestRunFileOutDirAndInPlace(t *testing.T) {
	dir := t.TempDir()
	in := copyFixture(t, dir, "hello.ipynb")
	out := filepath.Join(dir, "build", "out")
	res, err := RunFile(context.Background(), in, startEngine, FileOptions{OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Notebook != filepath.Join(out, "hello.out.ipynb") || res.HTML != "" {
		t.Errorf("outputs = %+v", res)
	}
	plain := &Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{}, Cells: []*Cell{{Type: CodeCell, Source: "1"}}}
	untitled := filepath.Join(dir, "no-heading.ipynb")
	if err := plain.Write(untitled); err != nil {
		t.Fatal(err)
	}
	res, err = RunFile(context.Background(), untitled, startEngine, FileOptions{HTML: true})
	if err != nil {
		t.Fatal(err)
	}
	if page, _ := os.ReadFile(res.HTML); !strings.Contains(string(page), "<title>no-heading</title>") {
		t.Error("a notebook without a heading is not titled by its file name")
	}
	if _, err := os.Stat(filepath.Join(out, "hello.out.html")); !os.IsNotExist(err) {
		t.Error("HTML written without being asked for")
	}

	res, err = RunFile(context.Background(), in, startEngine, FileOptions{InPlace: true, HTML: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Notebook != in || res.HTML != filepath.Join(dir, "hello.html") {
		t.Errorf("in-place outputs = %+v", res)
	}
	nb, err := Read(in)
	if err != nil {
		t.Fatal(err)
	}
	if nb.Cells[1].ExecutionCount != 1 {
		t.Error("in-place run did not write the executed notebook over the input")
	}
}

func TestRunFileBadInputLeavesEverythingIntact(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fixture string // copied into the directory; "" for none
		input   string // the path given, relative to the directory
		opts    func(dir string) FileOptions
		want    string
		cellErr bool
	}{
		{name: "missing file", input: "nope.ipynb", want: "no such file"},
		{name: "invalid JSON", fixture: "invalid.ipynb", input: "invalid.ipynb", want: "invalid JSON at line 4, column 2"},
		{name: "python notebook", fixture: "python.ipynb", input: "python.ipynb", want: "not a Go notebook: it is written for python"},
		{name: "failing cell", fixture: "failing.ipynb", input: "failing.ipynb", want: "failing.ipynb: cell 2 (In [2]): panic: ", cellErr: true},
		{name: "failing cell with a new output directory", fixture: "failing.ipynb", input: "failing.ipynb",
			opts: func(dir string) FileOptions { return FileOptions{OutDir: filepath.Join(dir, "new", "deeper")} },
			want: "cell 2 (In [2]): panic: ", cellErr: true},
		{name: "output directory is a file", fixture: "hello.ipynb", input: "hello.ipynb",
			opts: func(dir string) FileOptions { return FileOptions{OutDir: filepath.Join(dir, "hello.ipynb", "out")} },
			want: "output directory"},
		{name: "output would overwrite the input", fixture: "hello.ipynb", input: "hello.ipynb",
			opts: func(dir string) FileOptions {
				if err := os.Symlink(filepath.Join(dir, "hello.ipynb"), filepath.Join(dir, "hello.out.ipynb")); err != nil {
					panic(err)
				}
				return FileOptions{}
			},
			want: "would overwrite the input"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.fixture != "" {
				copyFixture(t, dir, tc.fixture)
			}
			opts := FileOptions{HTML: true}
			if tc.opts != nil {
				opts = tc.opts(dir)
				opts.HTML = true
			}
			before := snapshot(t, dir)
			_, err := RunFile(context.Background(), filepath.Join(dir, tc.input), startEngine, opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("RunFile error = %v, want it to contain %q", err, tc.want)
			}
			var ce *CellError
			if errors.As(err, &ce) != tc.cellErr {
				t.Errorf("error is a *CellError: %v, want %v", !tc.cellErr, tc.cellErr)
			}
			after := snapshot(t, dir)
			if len(after) != len(before) {
				t.Errorf("files before %v, after %v", names(before), names(after))
			}
			for path, data := range before {
				if after[path] != data {
					t.Errorf("%s changed", path)
				}
			}
		})
	}
}

func TestRunFileUnwritableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only directories; the case of a file in the way covers the check")
	}
	dir := t.TempDir()
	in := copyFixture(t, dir, "hello.ipynb")
	out := filepath.Join(dir, "locked")
	if err := os.Mkdir(out, 0o500); err != nil {
		t.Fatal(err)
	}
	_, err := RunFile(context.Background(), in, startEngine, FileOptions{OutDir: out})
	if err == nil || !strings.Contains(err.Error(), "not writable") {
		t.Errorf("RunFile into a read-only directory = %v", err)
	}
}

func TestRunFileAllowErrorsWritesTheErrors(t *testing.T) {
	dir := t.TempDir()
	in := copyFixture(t, dir, "failing.ipynb")
	res, err := RunFile(context.Background(), in, startEngine, FileOptions{Options: Options{AllowErrors: true}})
	if err != nil {
		t.Fatal(err)
	}
	validateNBFormat(t, res.Notebook)
	nb, err := Read(res.Notebook)
	if err != nil {
		t.Fatal(err)
	}
	if o := nb.Cells[1].Outputs; len(o) != 1 || o[0].Type != ErrorOutput || !strings.Contains(o[0].EValue, "broken cell") {
		t.Errorf("recorded error: %s", dump(o))
	}
}

func TestRunFileEngineFailsToStart(t *testing.T) {
	dir := t.TempDir()
	in := copyFixture(t, dir, "hello.ipynb")
	broken := func() (lang.Interpreter, error) { return nil, errors.New("no interpreter today") }
	_, err := RunFile(context.Background(), in, broken, FileOptions{})
	if err == nil || !strings.Contains(err.Error(), "start interpreter: no interpreter today") {
		t.Errorf("RunFile = %v", err)
	}
}

func TestOutputPaths(t *testing.T) {
	for _, tc := range []struct {
		in         string
		opts       FileOptions
		ipynb, htm string
	}{
		{"nb/a.ipynb", FileOptions{}, "nb/a.out.ipynb", "nb/a.out.html"},
		{"a.ipynb", FileOptions{OutDir: "build"}, "build/a.out.ipynb", "build/a.out.html"},
		{"nb/a.ipynb", FileOptions{InPlace: true}, "nb/a.ipynb", "nb/a.html"},
		{"nb/a.json", FileOptions{}, "nb/a.json.out.ipynb", "nb/a.json.out.html"},
	} {
		ipynb, htm := OutputPaths(tc.in, tc.opts)
		if ipynb != tc.ipynb || htm != tc.htm {
			t.Errorf("OutputPaths(%q, %+v) = %q, %q; want %q, %q", tc.in, tc.opts, ipynb, htm, tc.ipynb, tc.htm)
		}
	}
}
