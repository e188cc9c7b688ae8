package notebook

import (
	"strings"
)

// Cell types of nbformat 4.
const (
	CodeCell     = "code"
	MarkdownCell = "markdown"
	RawCell      = "raw"
)

// Output types of nbformat 4.
const (
	StreamOutput        = "stream"
	DisplayDataOutput   = "display_data"
	ExecuteResultOutput = "execute_result"
	ErrorOutput         = "error"
)

// Notebook is an nbformat 4 notebook. Multi-line text (sources, stream
// text, text MIME data) is held as one string; it is split into lines only
// when the notebook is written, as nbformat does.
type Notebook struct {
	// NBFormat is the major format version; only 4 is read.
	NBFormat int
	// NBFormatMinor is the minor format version; it decides, for
	// example, whether cells carry ids (4.5 and later).
	NBFormatMinor int
	// Metadata is the notebook's metadata (kernelspec, language_info and
	// anything else), kept as decoded JSON. Numbers are json.Number so
	// that they are written back exactly as read.
	Metadata map[string]any
	// Cells are the notebook's cells in order.
	Cells []*Cell
}

// Cell is one cell of a notebook.
type Cell struct {
	// Type is CodeCell, MarkdownCell or RawCell.
	Type string
	// ID is the cell id of nbformat 4.5 and later; "" when absent.
	ID string
	// Source is the cell's text.
	Source string
	// Metadata is the cell's metadata as decoded JSON.
	Metadata map[string]any
	// Attachments maps file names to MIME bundles (Markdown and raw
	// cells only); nil when the cell has none.
	Attachments map[string]map[string]any
	// ExecutionCount is the code cell's execution count; 0 means the
	// cell has not been executed (null in the file).
	ExecutionCount int
	// Outputs are the code cell's outputs.
	Outputs []*Output
}

// Output is one output of a code cell. Which fields are meaningful depends
// on Type.
type Output struct {
	// Type is StreamOutput, DisplayDataOutput, ExecuteResultOutput or
	// ErrorOutput.
	Type string
	// Name is the stream's name, "stdout" or "stderr" (stream only).
	Name string
	// Text is the stream's text (stream only).
	Text string
	// Data is the MIME bundle: MIME type to content, with images as
	// base64 text (display_data and execute_result).
	Data map[string]any
	// Metadata is the MIME bundle's metadata (display_data and
	// execute_result).
	Metadata map[string]any
	// ExecutionCount is the count of the cell that produced the result
	// (execute_result only; 0 is written as null).
	ExecutionCount int
	// EName, EValue and Traceback describe an error (error only).
	EName     string
	EValue    string
	Traceback []string
}

// Language reports the notebook's language, lower-cased, from
// metadata.kernelspec.language or else metadata.language_info.name; it
// returns "" when the notebook names none.
func (nb *Notebook) Language() string {
	for _, path := range [][2]string{{"kernelspec", "language"}, {"language_info", "name"}} {
		if m, ok := nb.Metadata[path[0]].(map[string]any); ok {
			if s, ok := m[path[1]].(string); ok && s != "" {
				return strings.ToLower(s)
			}
		}
	}
	return ""
}

// CodeCells returns the number of code cells that Run executes: those
// whose source is not blank and that are not tagged "skip-execution".
func (nb *Notebook) CodeCells() int {
	n := 0
	for _, c := range nb.Cells {
		if c.executable() {
			n++
		}
	}
	return n
}

// executable reports whether c is a code cell with something to run.
func (c *Cell) executable() bool {
	return c.Type == CodeCell && strings.TrimSpace(c.Source) != "" && !c.hasTag("skip-execution")
}

// hasTag reports whether the cell's metadata.tags lists tag.
func (c *Cell) hasTag(tag string) bool {
	tags, _ := c.Metadata["tags"].([]any)
	for _, t := range tags {
		if t == tag {
			return true
		}
	}
	return false
}
