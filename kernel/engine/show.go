package engine

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"reflect"
	"strconv"
	"strings"
)

// The value of a cell's trailing expression becomes its execute_result: a
// MIME bundle with text/plain in Go formatting and, for values that know
// how to render themselves, richer representations.

// Renderers: a value with one of these methods is shown by it. They are
// the same small interfaces the display package and nnlib implement.
type (
	mimeBundler interface{ MIMEBundle() map[string]any }
	htmler      interface{ HTML() string }
	markdowner  interface{ Markdown() string }
	svger       interface{ SVG() string }
	pnger       interface{ PNG() []byte }
	jpeger      interface{ JPEG() []byte }
	latexer     interface{ LaTeX() string }
)

// bundle builds the MIME bundle of the values of a trailing expression.
func bundle(vals []any) map[string]any {
	if len(vals) != 1 {
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = formatValue(v)
		}
		return map[string]any{"text/plain": strings.Join(parts, ", ")}
	}
	v := vals[0]
	b := map[string]any{"text/plain": formatValue(v)}
	switch r := v.(type) {
	case mimeBundler:
		for k, d := range r.MIMEBundle() {
			b[k] = d
		}
	case htmler:
		b["text/html"] = r.HTML()
	case markdowner:
		b["text/markdown"] = r.Markdown()
	case svger:
		b["image/svg+xml"] = r.SVG()
	case pnger:
		b["image/png"] = base64.StdEncoding.EncodeToString(r.PNG())
	case jpeger:
		b["image/jpeg"] = base64.StdEncoding.EncodeToString(r.JPEG())
	case latexer:
		b["text/latex"] = r.LaTeX()
	case image.Image:
		var buf bytes.Buffer
		if err := png.Encode(&buf, r); err == nil {
			b["image/png"] = base64.StdEncoding.EncodeToString(buf.Bytes())
		}
	}
	return b
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
