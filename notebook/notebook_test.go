package notebook

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// python is Debian's interpreter, which has nbformat (the python3 first on
// PATH may be another one without it).
const python = "/usr/bin/python3"

// runPython runs a Python program with args and returns its output; the
// test fails if the program does.
func runPython(t *testing.T, program string, args ...string) string {
	t.Helper()
	if _, err := os.Stat(python); err != nil {
		t.Skipf("%s not found: the nbformat checks need Debian's python3-nbformat (make deps)", python)
	}
	cmd := exec.Command(python, append([]string{"-c", program}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python failed: %v\n%s", err, out)
	}
	return string(out)
}

// validateNBFormat checks the notebook file at path with nbformat's own
// validator.
func validateNBFormat(t *testing.T, path string) {
	t.Helper()
	runPython(t, `import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)
nbformat.validate(nb)
`, path)
}

func TestRoundTripIsByteIdentical(t *testing.T) {
	for _, name := range []string{"roundtrip.ipynb", "v44.ipynb"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name)
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			nb, err := Read(path)
			if err != nil {
				t.Fatal(err)
			}
			got, err := nb.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Marshal differs from the file nbformat wrote:\n%s", firstDifference(got, want))
			}
		})
	}
}

// firstDifference shows where two texts start to differ.
func firstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return "got:  …" + string(got[from:min(len(got), i+80)]) + "\nwant: …" + string(want[from:min(len(want), i+80)])
}

func TestReadModel(t *testing.T) {
	nb, err := Read(filepath.Join("testdata", "roundtrip.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if nb.NBFormat != 4 || nb.NBFormatMinor != 5 || len(nb.Cells) != 6 {
		t.Fatalf("got nbformat %d.%d with %d cells", nb.NBFormat, nb.NBFormatMinor, len(nb.Cells))
	}
	md := nb.Cells[0]
	if want := "# Heading with ümlauts & <tags>\n\nA paragraph with $x^2$ math\nand a second line.\n\n![dot](attachment:dot.png)"; md.Source != want {
		t.Errorf("markdown source = %q, want the lines joined: %q", md.Source, want)
	}
	if png, _ := md.Attachments["dot.png"]["image/png"].(string); !strings.HasPrefix(png, "iVBORw0KGgo") {
		t.Errorf("attachment dot.png = %q", png)
	}
	custom := nb.Metadata["custom_tool"].(map[string]any)["nested"].(map[string]any)
	if big := custom["big"].(json.Number); big.String() != "12345678901234567890" {
		t.Errorf("big number = %s, want it exact", big)
	}
	code := nb.Cells[1]
	if code.ExecutionCount != 1 || len(code.Outputs) != 3 {
		t.Fatalf("code cell: count %d, %d outputs", code.ExecutionCount, len(code.Outputs))
	}
	if o := code.Outputs[0]; o.Type != StreamOutput || o.Name != "stdout" || o.Text != "hello\nworld\n" {
		t.Errorf("stream output = %+v", o)
	}
	if o := nb.Cells[2].Outputs[0]; o.Data["text/plain"] != "<Figure>\nline2" {
		t.Errorf("text/plain lines not joined: %#v", o.Data["text/plain"])
	}
	if o := nb.Cells[2].Outputs[1]; !reflect.DeepEqual(o.Data["application/json"], map[string]any{"a": []any{json.Number("1"), json.Number("2"), map[string]any{"b": "c"}}}) {
		t.Errorf("application/json = %#v, want the JSON value untouched", o.Data["application/json"])
	}
	if e := nb.Cells[3].Outputs[0]; e.Type != ErrorOutput || e.EName != "CompileError" || len(e.Traceback) != 2 {
		t.Errorf("error output = %+v", e)
	}
	if nb.Cells[4].ExecutionCount != 0 {
		t.Errorf("null execution count read as %d", nb.Cells[4].ExecutionCount)
	}
	if nb.Language() != "go" {
		t.Errorf("Language() = %q", nb.Language())
	}
}

// TestMarshalMatchesNBFormat has nbformat itself re-serialise what we
// write: an independent check of key order, indentation, escaping and
// line splitting on a notebook built in Go (not read from nbformat).
func TestMarshalMatchesNBFormat(t *testing.T) {
	nb := &Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{"zeta": 1, "alpha": map[string]any{"b": "<&>", "a": "é\u2028", "c": `\u2028 \\u2029 literal`}}}
	nb.Cells = []*Cell{
		{Type: MarkdownCell, Source: "line 1\r\nline 2\rline 3\n\nlast"},
		{Type: CodeCell, Source: "x := 1\nx", ExecutionCount: 1, Outputs: []*Output{
			{Type: StreamOutput, Name: "stdout", Text: "a\nb"},
			{Type: ExecuteResultOutput, ExecutionCount: 1, Data: map[string]any{"text/plain": "1\n2\n", "image/svg+xml": "<svg>\n</svg>", "application/json": map[string]any{"k": []any{"x\ny"}}}},
			{Type: ErrorOutput, EName: "E", EValue: "v", Traceback: []string{"\x1b[31mred\x1b[0m"}},
		}},
		{Type: CodeCell},
	}
	ours, err := nb.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "built.ipynb")
	if err := os.WriteFile(path, ours, 0o644); err != nil {
		t.Fatal(err)
	}
	theirs := runPython(t, `import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
nbformat.validate(nb)
sys.stdout.write(nbformat.writes(nb) + "\n")
`, path)
	if theirs != string(ours) {
		t.Errorf("nbformat writes it differently:\n%s", firstDifference(ours, []byte(theirs)))
	}
}

func TestCellIDsAreFilledDeterministically(t *testing.T) {
	nb := &Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{}, Cells: []*Cell{
		{Type: CodeCell, Source: "a"}, {Type: CodeCell, Source: "a", ID: "keep"}, {Type: MarkdownCell, Source: "a"},
	}}
	first, err := nb.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	second, _ := nb.Marshal()
	if !bytes.Equal(first, second) {
		t.Fatal("two Marshal calls differ")
	}
	again, err := Parse(first)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, c := range again.Cells {
		if c.ID == "" || ids[c.ID] {
			t.Errorf("cell id %q is empty or repeated", c.ID)
		}
		ids[c.ID] = true
	}
	if again.Cells[1].ID != "keep" {
		t.Errorf("existing id replaced by %q", again.Cells[1].ID)
	}
	path := filepath.Join(t.TempDir(), "ids.ipynb")
	if err := nb.Write(path); err != nil {
		t.Fatal(err)
	}
	validateNBFormat(t, path)
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"empty", "", "the file is empty"},
		{"syntax", "{\n \"cells\": [\n  {,\n ]\n}", "invalid JSON at line 3, column 4"},
		{"trailing data", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []} x`, "invalid JSON"},
		{"not an object", `[1, 2]`, "not a notebook"},
		{"no nbformat", `{"cells": []}`, "no nbformat field"},
		{"nbformat 3", `{"nbformat": 3, "worksheets": []}`, "nbformat 3 is not supported"},
		{"no cells", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}`, "no cells list"},
		{"bad cell type", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": "", "metadata": {}, "outputs": []}, {"cell_type": "python", "source": ""}]}`, `cell 2: unknown cell_type "python"`},
		{"bad source", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": 42}]}`, "cell 1: expected a string or a list of strings"},
		{"bad output", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "weird"}]}]}`, `cell 1: output 1: unknown output_type "weird"`},
		{"bad count", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": "", "execution_count": "one"}]}`, "cell 1: execution_count: expected int"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestReadMissingFile(t *testing.T) {
	_, err := Read(filepath.Join(t.TempDir(), "nope.ipynb"))
	if err == nil || !strings.Contains(err.Error(), "nope.ipynb") || !os.IsNotExist(unwrapAll(err)) {
		t.Errorf("Read of a missing file: %v", err)
	}
}

func unwrapAll(err error) error {
	for {
		type unwrapper interface{ Unwrap() error }
		u, ok := err.(unwrapper)
		if !ok || u.Unwrap() == nil {
			return err
		}
		err = u.Unwrap()
	}
}

func TestSplitLinesLikePython(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", []string{}},
		{"a", []string{"a"}},
		{"a\n", []string{"a\n"}},
		{"a\nb", []string{"a\n", "b"}},
		{"a\r\nb\rc", []string{"a\r\n", "b\r", "c"}},
		{"\n\n", []string{"\n", "\n"}},
		{"x\u2028y\x0cz", []string{"x\u2028", "y\x0c", "z"}},
		{"é\nü", []string{"é\n", "ü"}},
	} {
		if got := splitLines(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitLines(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWriteIsAtomicAndKeepsMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.ipynb")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	nb := &Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{}}
	if err := nb.Write(path); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want the old file's 0600", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the notebook (no temporary files)", len(entries))
	}
	if err := nb.Write(filepath.Join(dir, "missing-dir", "x.ipynb")); err == nil || !strings.Contains(err.Error(), "missing-dir") {
		t.Errorf("write into a missing directory: %v", err)
	}
	if err := nb.Write(dir); err == nil {
		t.Error("writing over a directory succeeded")
	}
}
