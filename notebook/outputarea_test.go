package notebook

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// The output area is driven here directly, as an interpreter would drive
// it; the expected outputs follow nbclient's rules and nbconvert's stream
// coalescing.

func stream(name, text string) *Output { return &Output{Type: StreamOutput, Name: name, Text: text} }

func display(text string) *Output {
	return &Output{Type: DisplayDataOutput, Data: map[string]any{"text/plain": text}, Metadata: map[string]any{}}
}

func show(text, id string, update bool) lang.DisplayData {
	return lang.DisplayData{Data: map[string]any{"text/plain": text}, DisplayID: id, Update: update}
}

func TestOutputAreaRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(a *outputArea)
		want []*Output
	}{
		{"consecutive writes to a stream merge", func(a *outputArea) {
			a.Stream("stdout", "a")
			a.Stream("stdout", "b\n")
			a.Stream("stderr", "e\n")
			a.Stream("stdout", "c\n")
		}, []*Output{stream("stdout", "ab\n"), stream("stderr", "e\n"), stream("stdout", "c\n")}},
		{"carriage return overwrites the line", func(a *outputArea) {
			a.Stream("stdout", "epoch 1/3\r")
			a.Stream("stdout", "epoch 2/3\r")
			a.Stream("stdout", "epoch 3/3\rdone\n")
			a.Stream("stdout", "keep\r\n")
		}, []*Output{stream("stdout", "done\nkeep\r\n")}},
		{"a trailing carriage return waits for the next text", func(a *outputArea) {
			a.Stream("stdout", "50%\r")
		}, []*Output{stream("stdout", "50%\r")}},
		{"empty text adds nothing", func(a *outputArea) {
			a.Stream("stdout", "")
		}, nil},
		{"clear_output clears at once", func(a *outputArea) {
			a.Stream("stdout", "old\n")
			a.ClearOutput(false)
			a.Stream("stdout", "new\n")
		}, []*Output{stream("stdout", "new\n")}},
		{"clear_output with wait clears at the next output", func(a *outputArea) {
			a.Stream("stdout", "old\n")
			a.ClearOutput(true)
			a.Display(show("frame", "", false))
		}, []*Output{display("frame")}},
		{"clear_output with wait and no more output keeps the old", func(a *outputArea) {
			a.Stream("stdout", "old\n")
			a.ClearOutput(true)
		}, []*Output{stream("stdout", "old\n")}},
		{"update_display_data replaces in place and adds nothing", func(a *outputArea) {
			a.Display(show("v1", "plot", false))
			a.Stream("stdout", "between\n")
			a.Display(show("v2", "plot", true))
		}, []*Output{display("v2"), stream("stdout", "between\n")}},
		{"display_data with a known id updates the old and adds a new one", func(a *outputArea) {
			a.Display(show("v1", "x", false))
			a.Display(show("v2", "x", false))
		}, []*Output{display("v2"), display("v2")}},
		{"update of an unknown id is ignored", func(a *outputArea) {
			a.Display(show("v1", "nobody", true))
		}, nil},
		{"a cleared output no longer takes updates", func(a *outputArea) {
			a.Display(show("v1", "x", false))
			a.ClearOutput(false)
			a.Display(show("fresh", "", false))
			a.Display(show("v2", "x", true))
		}, []*Output{display("fresh")}},
		{"binary data is stored as base64", func(a *outputArea) {
			a.Display(lang.DisplayData{Data: map[string]any{"image/png": []byte{0x89, 'P', 'N', 'G'}}})
		}, []*Output{{Type: DisplayDataOutput, Data: map[string]any{"image/png": "iVBORw=="}, Metadata: map[string]any{}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newOutputArea()
			c := &Cell{Type: CodeCell}
			a.begin(c)
			tc.do(a)
			a.end(lang.Result{}, 1)
			if !reflect.DeepEqual(c.Outputs, tc.want) {
				t.Errorf("outputs:\n got %s\nwant %s", dump(c.Outputs), dump(tc.want))
			}
		})
	}
}

func dump(outs []*Output) string {
	s := "["
	for _, o := range outs {
		s += fmt.Sprintf("\n  %+v", *o)
	}
	return s + "]"
}

func TestOutputAreaAcrossCells(t *testing.T) {
	a := newOutputArea()
	first, second := &Cell{Type: CodeCell}, &Cell{Type: CodeCell}
	a.begin(first)
	a.Display(show("training: epoch 1", "progress", false))
	a.end(lang.Result{}, 1)

	a.Stream("stdout", "late output from a goroutine\n") // no cell runs: dropped
	a.Display(show("between cells", "", false))          // dropped too

	a.begin(second)
	a.Display(show("training: done", "progress", true)) // updates the first cell
	a.Stream("stdout", "ok\n")
	a.end(lang.Result{
		Data:  map[string]any{"text/plain": "42"},
		Error: &lang.Error{EName: "E", EValue: "v", Traceback: []string{"tb"}},
	}, 2)

	if want := []*Output{display("training: done")}; !reflect.DeepEqual(first.Outputs, want) {
		t.Errorf("first cell: %s", dump(first.Outputs))
	}
	want := []*Output{
		stream("stdout", "ok\n"),
		{Type: ExecuteResultOutput, ExecutionCount: 2, Data: map[string]any{"text/plain": "42"}, Metadata: map[string]any{}},
		{Type: ErrorOutput, EName: "E", EValue: "v", Traceback: []string{"tb"}},
	}
	if !reflect.DeepEqual(second.Outputs, want) {
		t.Errorf("second cell: %s", dump(second.Outputs))
	}
	if _, err := a.Input(context.Background(), "name? ", false); !errors.Is(err, lang.ErrStdinNotAllowed) {
		t.Errorf("Input error = %v, want ErrStdinNotAllowed", err)
	}
}

func TestPlainBundle(t *testing.T) {
	type point struct{ X, Y int }
	got := plainBundle(map[string]any{
		"application/json": point{1, 2},
		"text/plain":       "p",
		"bad":              func() {},
	})
	if j, ok := got["application/json"].(map[string]any); !ok || j["X"] == nil {
		t.Errorf("struct not converted to JSON values: %#v", got["application/json"])
	}
	if s, _ := got["bad"].(string); s == "" {
		t.Errorf("a value JSON cannot encode should become a message, got %#v", got["bad"])
	}
}
