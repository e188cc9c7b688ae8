package notebooks

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonn-dev/gonn/notebook"
)

var update = flag.Bool("update", false, "rewrite the .ipynb files from source/*.md")

// Markers of the source format (see the package documentation).
const (
	codeOpen  = "```go"
	codeClose = "```"
	cellSplit = "<!-- cell -->"
)

// parseSource splits a notebook source into cells: Markdown text, and Go
// code fenced by codeOpen and codeClose lines. Blank Markdown stretches are
// dropped; an unclosed fence or an empty code cell is an error.
func parseSource(src string) ([]*notebook.Cell, error) {
	var (
		cells []*notebook.Cell
		text  []string
		inGo  bool
		start int
	)
	flushMarkdown := func() {
		md := strings.TrimSpace(strings.Join(text, "\n"))
		if md != "" {
			cells = append(cells, &notebook.Cell{Type: notebook.MarkdownCell, Source: md})
		}
		text = text[:0]
	}
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	for i, line := range lines {
		switch {
		case !inGo && strings.TrimRight(line, " ") == codeOpen:
			flushMarkdown()
			inGo, start = true, i+1
		case !inGo && strings.TrimSpace(line) == cellSplit:
			flushMarkdown()
		case inGo && strings.TrimRight(line, " ") == codeClose:
			code := strings.Trim(strings.Join(text, "\n"), "\n")
			if strings.TrimSpace(code) == "" {
				return nil, fmt.Errorf("line %d: empty code cell", start)
			}
			cells = append(cells, &notebook.Cell{Type: notebook.CodeCell, Source: code})
			text = text[:0]
			inGo = false
		default:
			text = append(text, line)
		}
	}
	if inGo {
		return nil, fmt.Errorf("line %d: code cell not closed with %q", start, codeClose)
	}
	flushMarkdown()
	return cells, nil
}

// buildNotebook returns the committed form of a notebook made of cells:
// nbformat 4.5, the gonn kernelspec, ids numbered by position, no outputs.
func buildNotebook(cells []*notebook.Cell) *notebook.Notebook {
	for i, c := range cells {
		c.ID = fmt.Sprintf("cell-%02d", i+1)
		c.Metadata = map[string]any{}
	}
	return &notebook.Notebook{
		NBFormat:      4,
		NBFormatMinor: 5,
		Metadata: map[string]any{
			"kernelspec": map[string]any{"name": "gonn", "display_name": "Go (gonn)", "language": "go"},
			"language_info": map[string]any{
				"name": "go", "file_extension": ".go", "mimetype": "text/x-go",
				"codemirror_mode": "go", "pygments_lexer": "go",
			},
		},
		Cells: cells,
	}
}

// generate returns the .ipynb bytes for the source file at path.
func generate(path string) ([]byte, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cells, err := parseSource(string(src))
	if err != nil {
		return nil, fmt.Errorf("%s:%w", path, err)
	}
	return buildNotebook(cells).Marshal()
}

// sources returns the notebook sources, sorted by name.
func sources(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("source", "*.md"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notebook sources in source/ (%v)", err)
	}
	return paths
}

// ipynbFor returns the notebook generated from a source path.
func ipynbFor(source string) string {
	return strings.TrimSuffix(filepath.Base(source), ".md") + ".ipynb"
}

func TestNotebooksMatchSources(t *testing.T) {
	want := map[string]bool{}
	for _, src := range sources(t) {
		name := ipynbFor(src)
		want[name] = true
		data, err := generate(src)
		if err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := os.WriteFile(name, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		have, err := os.ReadFile(name)
		if err != nil {
			t.Errorf("%s has no notebook: %v (run go generate ./notebooks)", src, err)
			continue
		}
		if !bytes.Equal(have, data) {
			t.Errorf("%s differs from %s: edit the source and run go generate ./notebooks", name, src)
		}
	}
	// Every committed notebook must come from a source.
	all, _ := filepath.Glob("*.ipynb")
	for _, name := range all {
		if !want[name] {
			t.Errorf("%s has no source in source/", name)
		}
	}
}

func TestNotebooksAreClean(t *testing.T) {
	for _, src := range sources(t) {
		nb, err := notebook.Read(ipynbFor(src))
		if err != nil {
			t.Fatal(err)
		}
		if got := nb.Language(); got != "go" {
			t.Errorf("%s: language %q, want go", src, got)
		}
		if nb.CodeCells() == 0 {
			t.Errorf("%s: no code cells", src)
		}
		for i, c := range nb.Cells {
			if len(c.Outputs) != 0 || c.ExecutionCount != 0 {
				t.Errorf("%s: cell %d is committed with outputs", src, i+1)
			}
		}
		if first := nb.Cells[0]; first.Type != notebook.MarkdownCell || !strings.HasPrefix(first.Source, "# ") {
			t.Errorf("%s: does not start with a Markdown title", src)
		}
		if last := nb.Cells[len(nb.Cells)-1]; last.Type != notebook.MarkdownCell || !strings.Contains(last.Source, "try next") {
			t.Errorf("%s: does not end with what to try next", src)
		}
	}
}

func TestParseSource(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // "md:" or "go:" then the source
		err       string
	}{
		{"markdown only", "# T\n\ntext\n", []string{"md:# T\n\ntext"}, ""},
		{"code between text", "# T\n```go\nx := 1\nx\n```\nafter\n", []string{"md:# T", "go:x := 1\nx", "md:after"}, ""},
		{"split marker", "a\n<!-- cell -->\nb\n", []string{"md:a", "md:b"}, ""},
		{"other fences stay markdown", "```python\nprint(1)\n```\n", []string{"md:```python\nprint(1)\n```"}, ""},
		{"adjacent code cells", "```go\na\n```\n```go\nb\n```\n", []string{"go:a", "go:b"}, ""},
		{"blank lines inside code kept", "```go\na\n\n\nb\n```", []string{"go:a\n\n\nb"}, ""},
		{"unclosed", "text\n```go\nx\n", nil, "line 2: code cell not closed"},
		{"empty code", "```go\n\n```\n", nil, "line 1: empty code cell"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cells, err := parseSource(tt.src)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range cells {
				kind := "md:"
				if c.Type == notebook.CodeCell {
					kind = "go:"
				}
				got = append(got, kind+c.Source)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("cells %q, want %q", got, tt.want)
			}
		})
	}
}
