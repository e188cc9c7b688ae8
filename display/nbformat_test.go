package display_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonn-dev/gonn/display"
)

// debianPython has nbformat; the python3 first on PATH may not.
const debianPython = "/usr/bin/python3"

// TestBundlesAreValidNotebookOutputs writes every kind of display into a
// notebook as display_data outputs and has Jupyter's own nbformat validate
// it against the notebook schema: MIME types with string content, JSON as a
// JSON value, metadata as objects.
func TestBundlesAreValidNotebookOutputs(t *testing.T) {
	if err := exec.Command(debianPython, "-c", "import nbformat").Run(); err != nil {
		t.Skipf("nbformat is not available to %s: %v", debianPython, err)
	}
	msgs := record(func(d *display.Displayer) {
		d.Text("text")
		d.HTML("<b>html</b>")
		d.Markdown("*md*")
		d.LaTeX(`\sigma(z)`)
		d.SVG(`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>`)
		d.PNG(pngBytes(t, testImage(2, 2)))
		d.JPEG(jpegBytes(t, testImage(2, 2)))
		d.JSON(map[string]any{"a": []float64{1.5, 2}, "b": nil})
		d.JSON("a string")
		d.Image(testImage(3, 3))
		d.Plot(lossPlot([]float64{3, 1}))
		d.PlotSVG(lossPlot([]float64{3, 1}))
		d.Table([]string{"k"}, [][]string{{"v"}})
		d.Show(mat.NewDense(1, 2, []float64{1, 2}))
		d.PNG([]byte("bad")) // an error message is an output too
		d.NewProgress("p", 2).Done()
	})
	var outputs []map[string]any
	for _, m := range msgs {
		meta := m.Metadata
		if meta == nil {
			meta = display.Metadata{}
		}
		outputs = append(outputs, map[string]any{"output_type": "display_data", "data": m.Data, "metadata": meta})
	}
	nb := map[string]any{
		"nbformat": 4, "nbformat_minor": 5, "metadata": map[string]any{},
		"cells": []any{map[string]any{
			"cell_type": "code", "id": "c1", "execution_count": 1, "metadata": map[string]any{},
			"source": "", "outputs": outputs,
		}},
	}
	data, err := json.Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "outputs.ipynb")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	script := "import nbformat, sys\n" +
		"nb = nbformat.read(sys.argv[1], as_version=4)\n" +
		"nbformat.validate(nb)\n" +
		"print(len(nb.cells[0].outputs))\n"
	out, err := exec.Command(debianPython, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("nbformat rejects the outputs: %v\n%s", err, out)
	}
	if want := fmt.Sprintln(len(msgs)); string(out) != want {
		t.Errorf("nbformat read %q outputs, want %q", out, want)
	}
}
