package notebook

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// FileOptions control RunFile.
type FileOptions struct {
	Options
	// OutDir is the directory the outputs are written to; "" means the
	// input's directory. It is created when missing.
	OutDir string
	// InPlace writes the executed notebook over the input (and the HTML
	// page as NAME.html beside it). Without it the input is never
	// written.
	InPlace bool
	// HTML also writes a self-contained HTML page of the executed
	// notebook.
	HTML bool
}

// FileResult names the files RunFile wrote.
type FileResult struct {
	Notebook string // the executed notebook
	HTML     string // the HTML page; "" when not asked for
}

// OutputPaths returns where RunFile writes the executed notebook and the
// HTML page for the input notebook in. For NAME.ipynb that is
// NAME.out.ipynb and NAME.out.html, in opts.OutDir or else beside the
// input; with opts.InPlace it is the input itself and NAME.html beside it.
func OutputPaths(in string, opts FileOptions) (ipynb, html string) {
	if opts.InPlace {
		ipynb = in
	} else {
		dir := opts.OutDir
		if dir == "" {
			dir = filepath.Dir(in)
		}
		ipynb = filepath.Join(dir, strings.TrimSuffix(filepath.Base(in), ".ipynb")+".out.ipynb")
	}
	return ipynb, strings.TrimSuffix(ipynb, ".ipynb") + ".html"
}

// RunFile executes the notebook file in with a fresh interpreter from
// newInterp (shut down afterwards) and writes the results named by
// OutputPaths. Files are written only when every cell ran (or errors are
// allowed), each atomically; on any failure — unreadable input, invalid
// JSON, a notebook in another language, an output directory that cannot
// be written, a failing cell — nothing is written and the input is left
// untouched. Cell failures are returned as *CellError.
func RunFile(ctx context.Context, in string, newInterp func() (lang.Interpreter, error), opts FileOptions) (FileResult, error) {
	nb, err := Read(in)
	if err != nil {
		return FileResult{}, err
	}
	if err := checkLanguage(nb); err != nil {
		return FileResult{}, fmt.Errorf("%s: %w", in, err)
	}
	res := FileResult{}
	res.Notebook, res.HTML = OutputPaths(in, opts)
	if !opts.HTML {
		res.HTML = ""
	}
	created, err := checkOutputs(in, res, opts.InPlace)
	if err != nil {
		return FileResult{}, err
	}
	if err := runAndWrite(ctx, in, nb, res, newInterp, opts.Options); err != nil {
		removeEmptyDirs(created)
		return FileResult{}, err
	}
	return res, nil
}

// runAndWrite runs nb with a fresh interpreter and writes the results.
func runAndWrite(ctx context.Context, in string, nb *Notebook, res FileResult, newInterp func() (lang.Interpreter, error), opts Options) error {
	interp, err := newInterp()
	if err != nil {
		return fmt.Errorf("%s: start interpreter: %w", in, err)
	}
	runErr := Run(ctx, nb, interp, opts)
	if err := interp.Shutdown(false); err != nil && runErr == nil {
		runErr = fmt.Errorf("shut the interpreter down: %w", err)
	}
	if runErr != nil {
		return fmt.Errorf("%s: %w", in, runErr)
	}
	return writeResults(nb, res, strings.TrimSuffix(filepath.Base(in), ".ipynb"))
}

// writeResults renders everything first, then writes, so a rendering
// failure leaves no file behind. untitled is the page title for a notebook
// without a heading.
func writeResults(nb *Notebook, res FileResult, untitled string) error {
	data, err := nb.Marshal()
	if err != nil {
		return err
	}
	var html []byte
	if res.HTML != "" {
		if html, err = page(nb, untitled); err != nil {
			return err
		}
	}
	if err := writeFileAtomic(res.Notebook, data); err != nil {
		return err
	}
	if html != nil {
		return writeFileAtomic(res.HTML, html)
	}
	return nil
}

// checkOutputs makes sure, before anything runs, that the outputs do not
// overwrite the input by accident and that their directory can be written.
// It creates the directory when missing and returns the directories it
// created, deepest first, for removeEmptyDirs to undo.
func checkOutputs(in string, res FileResult, inPlace bool) ([]string, error) {
	for _, out := range []string{res.Notebook, res.HTML} {
		if out == "" || (inPlace && out == in) {
			continue
		}
		if samePath(in, out) {
			return nil, fmt.Errorf("%s: the output %s would overwrite the input (use in-place writing to allow that)", in, out)
		}
	}
	dir := filepath.Dir(res.Notebook)
	var created []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || d == filepath.Dir(d) {
			break
		}
		created = append(created, d)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		removeEmptyDirs(created)
		return nil, fmt.Errorf("output directory: %w", err)
	}
	probe, err := os.CreateTemp(dir, ".gonn-write-test-*")
	if err != nil {
		removeEmptyDirs(created)
		return nil, fmt.Errorf("output directory %s is not writable: %w", dir, err)
	}
	probe.Close()
	return created, os.Remove(probe.Name())
}

// removeEmptyDirs removes the directories RunFile created for outputs it
// did not write; a directory something else has filled meanwhile stays.
func removeEmptyDirs(dirs []string) {
	for _, d := range dirs {
		os.Remove(d)
	}
}

// samePath reports whether a and b name the same file (or, when b does not
// exist yet, the same absolute path).
func samePath(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}
