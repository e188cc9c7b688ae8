package engine

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/gonn-dev/gonn/display"
	"github.com/gonn-dev/gonn/kernel/lang"
)

// The value of a cell's trailing expression becomes its execute_result: a
// MIME bundle with text/plain in Go formatting and, for values that know
// how to render themselves (plots, images, matrices, values with HTML or
// PNG methods …, see display.Render), richer representations.
//
// A call whose last result is an error is read the Go way: when the error
// is nil, the other results are shown as if they were alone (a picture
// and its nil error show the picture); when it is not nil, the cell fails
// with that error, as a Go program that checks it would.

// result returns what the cell's trailing expression shows, if it was
// shown: its bundle and metadata, or the error it returned.
func (c *cellRun) result() (data, meta map[string]any, failed *lang.Error, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.show {
		return nil, nil, nil, false
	}
	vals, err := splitError(c.shown)
	if err != nil {
		return nil, nil, returnedError(err), true
	}
	data, meta = bundle(vals)
	return data, meta, nil, true
}

// splitError separates the error that ends the values of a multi-value
// call: a non-nil error is returned alone; a nil one (a nil interface,
// which is how a nil error reaches the engine) is dropped.
func splitError(vals []any) ([]any, error) {
	if len(vals) < 2 {
		return vals, nil
	}
	switch last := vals[len(vals)-1].(type) {
	case nil:
		return vals[:len(vals)-1], nil
	case error:
		return nil, last
	}
	return vals, nil
}

// returnedError is the cell error for an error returned by its trailing
// expression.
func returnedError(err error) *lang.Error {
	msg := errorText(err)
	return &lang.Error{
		EName:  "error",
		EValue: msg,
		Traceback: []string{
			red("error") + ": " + msg,
			"(returned by the cell's last expression; the values returned with it are not shown)",
		},
	}
}

// errorText is err.Error(), or why it could not be had: an Error method
// may panic (a nil pointer in a non-nil error, say).
func errorText(err error) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprintf("%T whose Error method panicked: %v", err, r)
		}
	}()
	return err.Error()
}

// bundle builds the MIME bundle and metadata of the values of a trailing
// expression.
func bundle(vals []any) (map[string]any, map[string]any) {
	if len(vals) != 1 {
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = formatValue(v)
		}
		return map[string]any{"text/plain": strings.Join(parts, ", ")}, nil
	}
	if data, meta, ok := display.Render(vals[0]); ok {
		return data, meta
	}
	return map[string]any{"text/plain": formatValue(vals[0])}, nil
}

// formatValue formats one value the way a Go programmer reads it: fmt's
// %v, except that strings are quoted (so "42" and 42 differ) and structs
// show their field names.
func formatValue(v any) string {
	if v == nil {
		return "<nil>"
	}
	switch x := v.(type) {
	case error:
		return errorText(x)
	case fmt.Stringer:
		return x.String()
	case string:
		return strconv.Quote(x)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return strconv.Quote(rv.String())
	case reflect.Slice, reflect.Array:
		if rv.Type().Elem().Kind() == reflect.String {
			return fmt.Sprintf("%q", v)
		}
	case reflect.Struct:
		return fmt.Sprintf("%+v", v)
	case reflect.Pointer:
		if rv.IsNil() {
			return "<nil>"
		}
		if rv.Elem().Kind() == reflect.Struct {
			return fmt.Sprintf("%+v", v)
		}
	}
	return fmt.Sprintf("%v", v)
}
