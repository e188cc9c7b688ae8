package notebooks

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gonn-dev/gonn/notebook"
)

// The tests below execute every notebook with `gonn run`, which trains
// MNIST, so they run only when this variable is 1 (`make test-notebooks`
// sets it). GONN_BIN names the gonn binary to use; without it the tests
// build one.
const (
	enableVar = "GONN_NOTEBOOK_TESTS"
	binVar    = "GONN_BIN"
)

// The two headless executions of every notebook, shared by the tests.
var runs struct {
	once sync.Once
	dir  string    // holds a/ and b/, removed by TestMain
	out  [2]string // the output directories of the two runs
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if runs.dir != "" {
		os.RemoveAll(runs.dir)
	}
	os.Exit(code)
}

// executed returns the output directories of two `gonn run --html`
// executions of every notebook, running them on first use.
func executed(t *testing.T) [2]string {
	t.Helper()
	if os.Getenv(enableVar) != "1" {
		t.Skipf("executes every notebook and trains MNIST: set %s=1 (make test-notebooks does)", enableVar)
	}
	runs.once.Do(func() {
		runs.dir, runs.err = os.MkdirTemp("", "gonn-notebooks-")
		if runs.err != nil {
			return
		}
		bin, err := gonnBinary(runs.dir)
		if err != nil {
			runs.err = err
			return
		}
		names, err := filepath.Glob("*.ipynb")
		if err != nil || len(names) == 0 {
			runs.err = fmt.Errorf("no notebooks to run (%v)", err)
			return
		}
		for i, run := range []string{"a", "b"} {
			runs.out[i] = filepath.Join(runs.dir, run)
			args := append([]string{"run", "--html", "--timeout", "5m", "--out", runs.out[i]}, names...)
			cmd := exec.Command(bin, args...)
			var stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stderr, &stderr
			if err := cmd.Run(); err != nil {
				runs.err = fmt.Errorf("gonn %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
				return
			}
			for _, line := range strings.Split(stderr.String(), "\n") {
				if strings.Contains(line, ": wrote ") {
					t.Logf("run %s: %s", run, line)
				}
			}
		}
	})
	if runs.err != nil {
		t.Fatal(runs.err)
	}
	return runs.out
}

// gonnBinary returns $GONN_BIN, or builds gonn into dir.
func gonnBinary(dir string) (string, error) {
	if bin := os.Getenv(binVar); bin != "" {
		abs, err := filepath.Abs(bin)
		if err == nil {
			_, err = os.Stat(abs)
		}
		if err != nil {
			return "", fmt.Errorf("%s=%s: %v (go test runs in the notebooks directory: give an absolute path)", binVar, bin, err)
		}
		return abs, nil
	}
	bin := filepath.Join(dir, "gonn")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/gonn-dev/gonn/cmd/gonn").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building gonn: %v\n%s", err, out)
	}
	return bin, nil
}

// executedNotebook reads the executed form of the notebook name (e.g.
// "05-mnist") from an output directory.
func executedNotebook(t *testing.T, dir, name string) *notebook.Notebook {
	t.Helper()
	ipynb, _ := notebook.OutputPaths(name+".ipynb", notebook.FileOptions{OutDir: dir})
	nb, err := notebook.Read(ipynb)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

// notebookNames returns the names of the notebooks, without .ipynb.
func notebookNames(t *testing.T) []string {
	t.Helper()
	var names []string
	for _, src := range sources(t) {
		names = append(names, strings.TrimSuffix(ipynbFor(src), ".ipynb"))
	}
	return names
}

func TestEveryCellRuns(t *testing.T) {
	out := executed(t)
	for _, name := range notebookNames(t) {
		nb := executedNotebook(t, out[0], name)
		count := 0
		for i, c := range nb.Cells {
			if c.Type != notebook.CodeCell {
				continue
			}
			count++
			if c.ExecutionCount != count {
				t.Errorf("%s cell %d: execution count %d, want %d", name, i+1, c.ExecutionCount, count)
			}
			for _, o := range c.Outputs {
				if o.Type == notebook.ErrorOutput {
					t.Errorf("%s cell %d: %s: %s", name, i+1, o.EName, o.EValue)
				}
				if o.Type == notebook.StreamOutput && o.Name == "stderr" {
					t.Errorf("%s cell %d wrote to stderr: %q", name, i+1, o.Text)
				}
			}
		}
	}
}

func TestMathRendersInHTML(t *testing.T) {
	out := executed(t)
	for _, name := range notebookNames(t) {
		_, page := notebook.OutputPaths(name+".ipynb", notebook.FileOptions{OutDir: out[0], HTML: true})
		html, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		// The exporter shows TeX it cannot convert to MathML as code with
		// the reason in its title.
		for _, m := range regexp.MustCompile(`<code class="tex" title="([^"]*)">([^<]*)</code>`).FindAllSubmatch(html, -1) {
			t.Errorf("%s: formula not rendered: %s (%s)", name, m[2], m[1])
		}
		if !bytes.Contains(html, []byte("<math")) {
			t.Errorf("%s: the page has no MathML at all", name)
		}
	}
}

func TestTwoRunsGiveTheSameOutputs(t *testing.T) {
	out := executed(t)
	for _, name := range notebookNames(t) {
		a, b := executedNotebook(t, out[0], name), executedNotebook(t, out[1], name)
		if len(a.Cells) != len(b.Cells) {
			t.Fatalf("%s: %d cells, then %d", name, len(a.Cells), len(b.Cells))
		}
		for i := range a.Cells {
			oa, ob := comparable(a.Cells[i].Outputs), comparable(b.Cells[i].Outputs)
			if !reflect.DeepEqual(oa, ob) {
				ja, _ := json.Marshal(oa)
				jb, _ := json.Marshal(ob)
				t.Errorf("%s cell %d differs between two runs:\n%s\n%s", name, i+1, excerpt(ja), excerpt(jb))
			}
		}
	}
}

// excerpt shortens a JSON document for an error message.
func excerpt(b []byte) string {
	const most = 600
	if len(b) > most {
		return string(b[:most]) + "…"
	}
	return string(b)
}

// comparable returns the outputs as plain values with the timings of
// progress lines replaced (see normaliseTimings).
func comparable(outputs []*notebook.Output) []map[string]any {
	var list []map[string]any
	for _, o := range outputs {
		list = append(list, map[string]any{
			"type": o.Type, "name": o.Name, "text": normaliseTimings(o.Text),
			"data": o.Data, "metadata": o.Metadata, "count": o.ExecutionCount,
			"ename": o.EName, "evalue": o.EValue, "traceback": o.Traceback,
		})
	}
	return list
}

var (
	// progressLine matches the line nnlib's Fit writes per epoch, e.g.
	// "Epoch 1/5 1875/1875 ━━━━ 2s 1ms/step - accuracy: 0.9262 - loss: 0.2588".
	progressLine = regexp.MustCompile(`(?m)^Epoch \d+/\d+ .*$`)
	// duration matches the elapsed time and the time per step in it.
	duration = regexp.MustCompile(`\b\d+(?:\.\d+)?(?:s|ms|us|µs|ns)(?:/step)?(?:\s|$)`)
)

// normaliseTimings replaces the durations in nnlib's per-epoch progress
// lines by "<time>"; the rest of the text, and other lines, are unchanged.
func normaliseTimings(text string) string {
	return progressLine.ReplaceAllStringFunc(text, func(line string) string {
		return duration.ReplaceAllStringFunc(line, func(d string) string {
			return "<time>" + d[len(strings.TrimRight(d, " \t")):]
		})
	})
}

func TestNormaliseTimings(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Epoch 1/5 1875/1875 ━━━━ 0s 146us/step - accuracy: 0.9262 - loss: 0.2588\n",
			"Epoch 1/5 1875/1875 ━━━━ <time> <time> - accuracy: 0.9262 - loss: 0.2588\n"},
		{"Epoch 5/5 - 1875/1875 - 12s - 7ms/step - loss: 0.0459 - val_loss: 0.0759",
			"Epoch 5/5 - 1875/1875 - <time> - <time> - loss: 0.0459 - val_loss: 0.0759"},
		{"Epoch 2/10 100/100 ━━ 1s 1s/step - loss: 1.0000e-04\n",
			"Epoch 2/10 100/100 ━━ <time> <time> - loss: 1.0000e-04\n"},
		// Other lines keep their numbers, even ones that look like times.
		{"trained in 5s\nEpoch ended after 3s\n", "trained in 5s\nEpoch ended after 3s\n"},
		{"test accuracy: 0.9767\n", "test accuracy: 0.9767\n"},
	}
	for _, tt := range tests {
		if got := normaliseTimings(tt.in); got != tt.want {
			t.Errorf("normaliseTimings(%q)\n = %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// walkthrough is the reference gradient descent of notebook 01, from
// the project's PyTorch fixtures.
type walkthrough struct {
	X, Y  []float64
	LR    float64
	Steps []struct{ Theta, Loss, Grad float64 }
}

func TestGradientDescentTableMatchesFixture(t *testing.T) {
	out := executed(t)
	nb := executedNotebook(t, out[0], "01-gradient-descent")
	rows, err := gradientDescentTable(nb)
	if err != nil {
		t.Fatal(err)
	}
	var want walkthrough
	data, err := os.ReadFile(filepath.Join("testdata", "gradient-descent-walkthrough.json"))
	if err == nil {
		err = json.Unmarshal(data, &want)
	}
	if err != nil {
		t.Fatal(err)
	}
	checkWalkthrough(t, rows, want)
}

// checkWalkthrough compares the table's rows (k, θ, L, dL/dθ, printed with
// six decimals) with the reference steps.
func checkWalkthrough(t *testing.T, rows [][]float64, want walkthrough) {
	t.Helper()
	if len(rows) != len(want.Steps) {
		t.Fatalf("the table has %d steps, the reference %d", len(rows), len(want.Steps))
	}
	const tol = 5e-7 + 1e-12 // half a unit in the sixth decimal
	for k, r := range rows {
		s := want.Steps[k]
		if int(r[0]) != k {
			t.Errorf("row %d is numbered %v", k, r[0])
		}
		for i, pair := range [][2]float64{{r[1], s.Theta}, {r[2], s.Loss}, {r[3], s.Grad}} {
			if math.Abs(pair[0]-pair[1]) > tol {
				t.Errorf("step %d, %s: the notebook prints %v, the reference is %v",
					k, []string{"θ", "loss", "gradient"}[i], pair[0], pair[1])
			}
		}
	}
}

// gradientDescentTable finds notebook 01's step-by-step table (the
// display whose text starts with the header "k  θ_k") and parses its rows.
func gradientDescentTable(nb *notebook.Notebook) ([][]float64, error) {
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			text, _ := o.Data["text/plain"].(string)
			lines := strings.Split(text, "\n")
			if len(lines) < 3 || !strings.HasPrefix(strings.Join(strings.Fields(lines[0]), " "), "k θ_k") {
				continue
			}
			var rows [][]float64
			for _, line := range lines[2:] { // after the header and its rule
				var row []float64
				for _, f := range strings.Fields(line) {
					v, err := strconv.ParseFloat(f, 64)
					if err != nil {
						return nil, fmt.Errorf("table row %q: %v", line, err)
					}
					row = append(row, v)
				}
				if len(row) != 4 {
					return nil, fmt.Errorf("table row %q: %d columns, want 4", line, len(row))
				}
				rows = append(rows, row)
			}
			return rows, nil
		}
	}
	return nil, fmt.Errorf("no gradient descent table in notebook 01's outputs")
}

func TestMNISTAccuracyInBand(t *testing.T) {
	out := executed(t)
	nb := executedNotebook(t, out[0], "05-mnist")
	acc, err := testAccuracy(nb)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("test accuracy %.4f", acc)
	if acc < 0.970 || acc > 0.982 {
		t.Errorf("test accuracy %.4f, want 0.970 to 0.982 (the Keras example's band)", acc)
	}
}

// testAccuracy reads the line "test accuracy: 0.9761" that notebook 05
// prints.
func testAccuracy(nb *notebook.Notebook) (float64, error) {
	re := regexp.MustCompile(`(?m)^test accuracy: (\d\.\d+)$`)
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			if m := re.FindStringSubmatch(o.Text); m != nil {
				return strconv.ParseFloat(m[1], 64)
			}
		}
	}
	return 0, fmt.Errorf(`no "test accuracy:" line in notebook 05's outputs`)
}

func TestMNISTLossCurvesAreAnImage(t *testing.T) {
	out := executed(t)
	nb := executedNotebook(t, out[0], "05-mnist")
	cell := cellEndingWith(nb, "hist")
	if cell == nil {
		t.Fatal(`notebook 05 has no cell ending with "hist", the loss and accuracy curves`)
	}
	for _, o := range cell.Outputs {
		if s, ok := o.Data["image/png"].(string); ok {
			raw, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("the curves' image/png is not a PNG: %v", err)
			}
			t.Logf("loss curves: %d×%d PNG", cfg.Width, cfg.Height)
			return
		}
	}
	t.Errorf("the loss-curve cell has no image/png output: %+v", cell.Outputs)
}

// cellEndingWith returns the first code cell whose last line is last.
func cellEndingWith(nb *notebook.Notebook, last string) *notebook.Cell {
	for _, c := range nb.Cells {
		lines := strings.Split(strings.TrimSpace(c.Source), "\n")
		if c.Type == notebook.CodeCell && strings.TrimSpace(lines[len(lines)-1]) == last {
			return c
		}
	}
	return nil
}
