package engine

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/gonn-dev/gonn/display"
)

// The value of a cell's trailing expression becomes its execute_result: a
// MIME bundle with text/plain in Go formatting and, for values that know
// how to render themselves (plots, images, matrices, values with HTML or
// PNG methods …, see display.Render), richer representations.

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
		return x.Error()
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
