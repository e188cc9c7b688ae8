package notebook

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Marshal encodes the notebook as nbformat does: keys sorted, one-space
// indentation, non-ASCII text unescaped, multi-line text split into lists
// of lines, and a final newline. A notebook read from a file written by
// Jupyter is therefore written back byte for byte. In nbformat 4.5 and
// later every cell needs an id; a cell without one gets an id derived from
// its position and source, so the output stays deterministic.
func (nb *Notebook) Marshal() ([]byte, error) {
	ids := nb.cellIDs()
	cells := make([]any, len(nb.Cells))
	for i, c := range nb.Cells {
		cells[i] = c.tree(ids[i])
	}
	doc := map[string]any{
		"cells":          cells,
		"metadata":       without(nb.Metadata, "signature", "orig_nbformat", "orig_nbformat_minor"),
		"nbformat":       nb.NBFormat,
		"nbformat_minor": nb.NBFormatMinor,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode notebook: %w", err)
	}
	return unescapeSeparators(buf.Bytes()), nil
}

// unescapeSeparators undoes encoding/json's escaping of U+2028 and U+2029,
// which nbformat (Python's json with ensure_ascii=False) writes as they
// are. An escape is a backslash preceded by an even number of backslashes.
func unescapeSeparators(b []byte) []byte {
	if !bytes.Contains(b, []byte(`\u202`)) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+5 < len(b) && string(b[i+1:i+5]) == "u202" && (b[i+5] == '8' || b[i+5] == '9') {
			slashes := 0
			for j := i - 1; j >= 0 && b[j] == '\\'; j-- {
				slashes++
			}
			if slashes%2 == 0 {
				out = append(out, string(rune(0x2020+int(b[i+5]-'0')))...)
				i += 5
				continue
			}
		}
		out = append(out, b[i])
	}
	return out
}

// Write writes the notebook to path atomically: it writes a temporary file
// in the same directory and renames it over path, so path holds either the
// old or the new content, never a partial one.
func (nb *Notebook) Write(path string) error {
	data, err := nb.Marshal()
	if err != nil {
		return err
	}
	return writeFileAtomic(path, data)
}

// cellIDs returns the id to write for each cell: the cell's own, or for
// nbformat 4.5+ cells without one, a stable id unique in the notebook.
func (nb *Notebook) cellIDs() []string {
	ids := make([]string, len(nb.Cells))
	if nb.NBFormatMinor < 5 {
		for i, c := range nb.Cells {
			ids[i] = c.ID
		}
		return ids
	}
	used := map[string]bool{}
	for _, c := range nb.Cells {
		used[c.ID] = true
	}
	for i, c := range nb.Cells {
		ids[i] = c.ID
		for n := 0; ids[i] == ""; n++ {
			sum := sha256.Sum256(fmt.Appendf(nil, "%d\x00%d\x00%s", i, n, c.Source))
			if id := hex.EncodeToString(sum[:4]); !used[id] {
				ids[i] = id
				used[id] = true
			}
		}
	}
	return ids
}

// tree returns the cell as JSON-ready maps with exactly the fields its type
// allows in nbformat 4.
func (c *Cell) tree(id string) map[string]any {
	m := map[string]any{
		"cell_type": c.Type,
		"metadata":  without(c.Metadata, "trusted"),
		"source":    splitLines(c.Source),
	}
	if id != "" {
		m["id"] = id
	}
	if c.Type == CodeCell {
		m["execution_count"] = count(c.ExecutionCount)
		outs := make([]any, len(c.Outputs))
		for i, o := range c.Outputs {
			outs[i] = o.tree()
		}
		m["outputs"] = outs
	} else if c.Attachments != nil {
		att := make(map[string]any, len(c.Attachments))
		for name, bundle := range c.Attachments {
			att[name] = splitBundle(bundle)
		}
		m["attachments"] = att
	}
	return m
}

// tree returns the output as JSON-ready maps.
func (o *Output) tree() map[string]any {
	m := map[string]any{"output_type": o.Type}
	switch o.Type {
	case StreamOutput:
		m["name"] = o.Name
		m["text"] = splitLines(o.Text)
	case DisplayDataOutput, ExecuteResultOutput:
		m["data"] = splitBundle(o.Data)
		m["metadata"] = without(o.Metadata)
		if o.Type == ExecuteResultOutput {
			m["execution_count"] = count(o.ExecutionCount)
		}
	case ErrorOutput:
		m["ename"] = o.EName
		m["evalue"] = o.EValue
		tb := o.Traceback
		if tb == nil {
			tb = []string{}
		}
		m["traceback"] = tb
	}
	return m
}

// count is an execution count as JSON: null for 0.
func count(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// without returns a copy of m without keys, and an empty map for nil.
func without(m map[string]any, keys ...string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

// splitBundle returns a copy of a MIME bundle with text values split into
// lines, for the MIME types nbformat splits.
func splitBundle(bundle map[string]any) map[string]any {
	out := make(map[string]any, len(bundle))
	for mime, v := range bundle {
		s, ok := v.(string)
		if ok && (strings.HasPrefix(mime, "text/") || mime == "image/svg+xml" || mime == "application/javascript") {
			out[mime] = splitLines(s)
		} else {
			out[mime] = v
		}
	}
	return out
}

// splitLines splits s after each line break, keeping the breaks, with the
// line breaks of Python's str.splitlines (which nbformat uses): \n, \r,
// \r\n, \v, \f, \x1c, \x1d, \x1e, U+0085, U+2028 and U+2029.
func splitLines(s string) []string {
	lines := []string{}
	start := 0
	for i, r := range s {
		switch r {
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				continue
			}
		case '\n', '\v', '\f', '\x1c', '\x1d', '\x1e', '\u0085', '\u2028', '\u2029':
		default:
			continue
		}
		end := i + len(string(r))
		lines = append(lines, s[start:end])
		start = end
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it to path. An existing file's permissions are kept; a new file gets
// 0644. On failure the temporary file is removed and path is untouched.
func writeFileAtomic(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("write %s: not a regular file", path)
		}
		mode = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
			err = fmt.Errorf("write %s: %w", path, err)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(mode); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
