package notebook

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// outputArea receives a running cell's output (it implements lang.Output)
// and records it in the notebook the way Jupyter front ends and nbclient
// do:
//   - consecutive writes to the same stream are merged into one output,
//     and a carriage return not followed by a newline erases the line
//     before it (so progress bars end up as their last state);
//   - display_data with a display id is remembered, and a later display or
//     update with that id replaces the data and metadata of every output
//     showing it, in any cell of the notebook;
//   - clear_output empties the cell's outputs, at once or, with wait, just
//     before the next output arrives.
//
// Output that arrives while no cell runs (from goroutines a cell left
// behind) is dropped, except display updates, which apply to outputs
// already recorded.
type outputArea struct {
	mu           sync.Mutex
	cell         *Cell                // the running cell; nil between cells
	clearPending bool                 // clear_output(wait=true) not yet applied
	displays     map[string][]*Output // display id -> outputs showing it
}

var _ lang.Output = (*outputArea)(nil)

func newOutputArea() *outputArea {
	return &outputArea{displays: map[string][]*Output{}}
}

// begin directs output to c, whose outputs are cleared.
func (a *outputArea) begin(c *Cell) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.cell = c
	a.clearNow()
	a.clearPending = false
}

// end records the cell's result (execute_result, then error) and stops
// directing output to it.
func (a *outputArea) end(res lang.Result, count int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cell == nil {
		return
	}
	for _, p := range res.Payload {
		if data, ok := pageData(p); ok {
			a.append(&Output{Type: DisplayDataOutput, Data: plainBundle(data), Metadata: map[string]any{}})
		}
	}
	if res.Data != nil {
		a.append(&Output{
			Type: ExecuteResultOutput, ExecutionCount: count,
			Data: plainBundle(res.Data), Metadata: plainBundle(res.Metadata),
		})
	}
	if e := res.Error; e != nil {
		a.append(&Output{Type: ErrorOutput, EName: e.EName, EValue: e.EValue, Traceback: append([]string{}, e.Traceback...)})
	}
	a.cell = nil
}

// Stream records text written to stdout or stderr.
func (a *outputArea) Stream(name, text string) {
	if text == "" {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cell == nil {
		return
	}
	a.applyPendingClear()
	outs := a.cell.Outputs
	if n := len(outs); n > 0 && outs[n-1].Type == StreamOutput && outs[n-1].Name == name {
		outs[n-1].Text = appendStream(outs[n-1].Text, text)
		return
	}
	a.append(&Output{Type: StreamOutput, Name: name, Text: appendStream("", text)})
}

// Display records display_data, or applies update_display_data.
func (a *outputArea) Display(d lang.DisplayData) {
	a.mu.Lock()
	defer a.mu.Unlock()
	data, meta := plainBundle(d.Data), plainBundle(d.Metadata)
	if d.DisplayID != "" {
		for _, o := range a.displays[d.DisplayID] {
			o.Data, o.Metadata = copyBundle(data), copyBundle(meta)
		}
	}
	if d.Update || a.cell == nil {
		return
	}
	o := &Output{Type: DisplayDataOutput, Data: data, Metadata: meta}
	a.append(o)
	if d.DisplayID != "" {
		a.displays[d.DisplayID] = append(a.displays[d.DisplayID], o)
	}
}

// ClearOutput clears the running cell's outputs now, or with wait when
// the next output arrives.
func (a *outputArea) ClearOutput(wait bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cell == nil {
		return
	}
	if wait {
		a.clearPending = true
		return
	}
	a.clearNow()
}

// Input refuses: a headless run has no one to ask, as with nbclient.
func (a *outputArea) Input(context.Context, string, bool) (string, error) {
	return "", lang.ErrStdinNotAllowed
}

// append adds an output to the running cell, first applying a pending
// clear. The caller holds a.mu.
func (a *outputArea) append(o *Output) {
	a.applyPendingClear()
	a.cell.Outputs = append(a.cell.Outputs, o)
}

func (a *outputArea) applyPendingClear() {
	if a.clearPending {
		a.clearPending = false
		a.clearNow()
	}
}

// clearNow empties the running cell's outputs and forgets the display ids
// they showed, as nbclient does.
func (a *outputArea) clearNow() {
	if len(a.cell.Outputs) == 0 {
		return
	}
	gone := make(map[*Output]bool, len(a.cell.Outputs))
	for _, o := range a.cell.Outputs {
		gone[o] = true
	}
	for id, outs := range a.displays {
		kept := outs[:0]
		for _, o := range outs {
			if !gone[o] {
				kept = append(kept, o)
			}
		}
		a.displays[id] = kept
	}
	a.cell.Outputs = nil
}

// appendStream appends text to a stream's text and folds carriage
// returns in the last line, as nbconvert's coalesce_streams does: a line's
// content up to a "\r" that is followed by more text on the same line is
// dropped. A trailing "\r" is kept until the text after it arrives.
func appendStream(prev, text string) string {
	cut := strings.LastIndexByte(prev, '\n') + 1
	return prev[:cut] + foldCR(prev[cut:]+text)
}

// foldCR removes, in each line of s, everything up to and including the
// last "\r" that is followed by a character other than "\n".
func foldCR(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	var b strings.Builder
	for line := range strings.SplitAfterSeq(s, "\n") {
		body := strings.TrimSuffix(line, "\n")
		body = strings.TrimSuffix(body, "\r")
		if i := strings.LastIndexByte(body, '\r'); i >= 0 {
			line = line[i+1:]
		}
		b.WriteString(line)
	}
	return b.String()
}

// plainBundle returns a copy of a MIME bundle (or metadata) holding only
// plain JSON values, so that the notebook can always be written and later
// changes by the engine do not reach it. []byte values become base64 text
// (the form nbformat stores images in); a value JSON cannot encode is
// replaced by a message saying why.
func plainBundle(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		switch v := v.(type) {
		case string, nil, bool:
			out[k] = v
		case []byte:
			out[k] = base64.StdEncoding.EncodeToString(v)
		default:
			out[k] = plainJSON(v)
		}
	}
	return out
}

// plainJSON converts v to maps, slices, strings, json.Number, bools and
// nils through a JSON round trip.
func plainJSON(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("<value not representable as JSON: %v>", err)
	}
	var plain any
	if err := decodeJSON(b, &plain); err != nil {
		return fmt.Sprintf("<value not representable as JSON: %v>", err)
	}
	return plain
}

// copyBundle returns a shallow copy of m, so outputs sharing a display id
// do not share a map.
func copyBundle(m map[string]any) map[string]any {
	return without(m)
}

// pageData returns the MIME bundle of a pager payload ({"source": "page",
// "data": {...}}). A headless run has no pager, so the text is kept as
// display_data where the cell's output is, as JupyterLab shows it inline.
func pageData(p map[string]any) (map[string]any, bool) {
	if p["source"] != "page" {
		return nil, false
	}
	data, ok := p["data"].(map[string]any)
	if !ok || len(data) == 0 {
		return nil, false
	}
	return data, true
}
