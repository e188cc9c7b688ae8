package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Read reads the notebook file at path. Errors name the file and, for
// malformed JSON, the line and column.
func Read(path string) (*Notebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read notebook: %w", err)
	}
	nb, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nb, nil
}

// Parse decodes an nbformat 4 notebook. Multi-line fields given as lists
// of strings are joined; numbers in metadata and JSON data are kept as
// json.Number. Transient fields that nbformat strips (metadata.signature,
// metadata.orig_nbformat, cell metadata.trusted) are dropped.
func Parse(data []byte) (*Notebook, error) {
	var f struct {
		NBFormat      *int              `json:"nbformat"`
		NBFormatMinor *int              `json:"nbformat_minor"`
		Metadata      map[string]any    `json:"metadata"`
		Cells         []json.RawMessage `json:"cells"`
	}
	if err := decodeJSON(data, &f); err != nil {
		return nil, jsonError(data, err)
	}
	switch {
	case f.NBFormat == nil:
		return nil, errors.New("not a Jupyter notebook: no nbformat field")
	case *f.NBFormat != 4:
		return nil, fmt.Errorf("nbformat %d is not supported, only 4 (convert it with: jupyter nbconvert --to notebook --nbformat 4)", *f.NBFormat)
	case f.Cells == nil:
		return nil, errors.New("not an nbformat 4 notebook: no cells list")
	}
	nb := &Notebook{NBFormat: 4, Metadata: f.Metadata, Cells: make([]*Cell, 0, len(f.Cells))}
	if f.NBFormatMinor != nil {
		nb.NBFormatMinor = *f.NBFormatMinor
	}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	stripTransient(nb.Metadata, "signature", "orig_nbformat", "orig_nbformat_minor")
	for i, raw := range f.Cells {
		c, err := parseCell(raw)
		if err != nil {
			return nil, fmt.Errorf("cell %d: %w", i+1, err)
		}
		nb.Cells = append(nb.Cells, c)
	}
	return nb, nil
}

// fileCell is a cell as stored in the file.
type fileCell struct {
	CellType       string                    `json:"cell_type"`
	ID             *string                   `json:"id"`
	Source         multiline                 `json:"source"`
	Metadata       map[string]any            `json:"metadata"`
	Attachments    map[string]map[string]any `json:"attachments"`
	ExecutionCount *int                      `json:"execution_count"`
	Outputs        []json.RawMessage         `json:"outputs"`
}

// fileOutput is an output as stored in the file.
type fileOutput struct {
	OutputType     string         `json:"output_type"`
	Name           string         `json:"name"`
	Text           multiline      `json:"text"`
	Data           map[string]any `json:"data"`
	Metadata       map[string]any `json:"metadata"`
	ExecutionCount *int           `json:"execution_count"`
	EName          string         `json:"ename"`
	EValue         string         `json:"evalue"`
	Traceback      []string       `json:"traceback"`
}

func parseCell(raw json.RawMessage) (*Cell, error) {
	var f fileCell
	if err := decodeJSON(raw, &f); err != nil {
		return nil, fieldError(err)
	}
	c := &Cell{Type: f.CellType, Source: string(f.Source), Metadata: f.Metadata}
	switch f.CellType {
	case CodeCell, MarkdownCell, RawCell:
	case "":
		return nil, errors.New("no cell_type")
	default:
		return nil, fmt.Errorf("unknown cell_type %q", f.CellType)
	}
	if f.ID != nil {
		c.ID = *f.ID
	}
	if c.Metadata == nil {
		c.Metadata = map[string]any{}
	}
	stripTransient(c.Metadata, "trusted")
	if f.Attachments != nil {
		c.Attachments = f.Attachments
		for _, bundle := range c.Attachments {
			rejoinBundle(bundle)
		}
	}
	if f.ExecutionCount != nil {
		c.ExecutionCount = *f.ExecutionCount
	}
	for i, raw := range f.Outputs {
		o, err := parseOutput(raw)
		if err != nil {
			return nil, fmt.Errorf("output %d: %w", i+1, err)
		}
		c.Outputs = append(c.Outputs, o)
	}
	return c, nil
}

func parseOutput(raw json.RawMessage) (*Output, error) {
	var f fileOutput
	if err := decodeJSON(raw, &f); err != nil {
		return nil, fieldError(err)
	}
	o := &Output{
		Type: f.OutputType, Name: f.Name, Text: string(f.Text),
		Data: f.Data, Metadata: f.Metadata,
		EName: f.EName, EValue: f.EValue, Traceback: f.Traceback,
	}
	if f.ExecutionCount != nil {
		o.ExecutionCount = *f.ExecutionCount
	}
	switch o.Type {
	case StreamOutput, ErrorOutput:
	case DisplayDataOutput, ExecuteResultOutput:
		if o.Data == nil {
			o.Data = map[string]any{}
		}
		if o.Metadata == nil {
			o.Metadata = map[string]any{}
		}
		rejoinBundle(o.Data)
	case "":
		return nil, errors.New("no output_type")
	default:
		return nil, fmt.Errorf("unknown output_type %q", o.Type)
	}
	return o, nil
}

// multiline is nbformat's multiline_string: a string or a list of strings
// to be concatenated.
type multiline string

// UnmarshalJSON accepts a string or a list of strings.
func (m *multiline) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		err := json.Unmarshal(b, &s)
		*m = multiline(s)
		return err
	}
	var lines []string
	if len(b) == 0 || b[0] != '[' || json.Unmarshal(b, &lines) != nil {
		return fmt.Errorf("expected a string or a list of strings, got %.40s", b)
	}
	*m = multiline(strings.Join(lines, ""))
	return nil
}

// isJSONMIME reports whether mime holds JSON rather than text, as nbformat
// decides it: application/json and application/*+json.
func isJSONMIME(mime string) bool {
	return mime == "application/json" ||
		strings.HasPrefix(mime, "application/") && strings.HasSuffix(mime, "+json")
}

// rejoinBundle joins the lists of strings of non-JSON MIME types in place.
func rejoinBundle(bundle map[string]any) {
	for mime, v := range bundle {
		list, ok := v.([]any)
		if !ok || isJSONMIME(mime) {
			continue
		}
		if s, ok := joinStrings(list); ok {
			bundle[mime] = s
		}
	}
}

// joinStrings concatenates list when every element is a string.
func joinStrings(list []any) (string, bool) {
	var b strings.Builder
	for _, line := range list {
		s, ok := line.(string)
		if !ok {
			return "", false
		}
		b.WriteString(s)
	}
	return b.String(), true
}

func stripTransient(m map[string]any, keys ...string) {
	for _, k := range keys {
		delete(m, k)
	}
}

// decodeJSON decodes exactly one JSON value, keeping numbers exact.
func decodeJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return &json.SyntaxError{Offset: dec.InputOffset()}
	}
	return nil
}

// jsonError describes a decoding error of the whole file with its line and
// column.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		line, col := position(data, syn.Offset-1) // Offset is just past the bad byte
		if syn.Error() == "" {
			return fmt.Errorf("invalid JSON at line %d, column %d: unexpected data after the notebook", line, col)
		}
		return fmt.Errorf("invalid JSON at line %d, column %d: %s", line, col, syn.Error())
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("invalid JSON: the file is empty or ends too early")
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		line, col := position(data, typ.Offset)
		return fmt.Errorf("not a notebook: line %d, column %d: %s", line, col, fieldError(err))
	}
	return fmt.Errorf("invalid notebook: %w", err)
}

// fieldError rephrases a type error as "field: expected T, got J".
func fieldError(err error) error {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		field := typ.Field
		if field == "" {
			field = "value"
		}
		return fmt.Errorf("%s: expected %s, got JSON %s", field, typ.Type, typ.Value)
	}
	return err
}

// position converts a byte offset into a 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	offset = max(0, min(offset, int64(len(data))))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}
