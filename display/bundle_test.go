package display

import (
	"encoding/json"
	"maps"
	"math"
	"strings"
	"testing"
)

func TestBundleBinary(t *testing.T) {
	b := Bundle{MIMEPNG: "aGk=", MIMEJPEG: 7, "image/gif": "%%%"}
	if data, err := b.Binary(MIMEPNG); err != nil || string(data) != "hi" {
		t.Errorf("Binary(png) = %q, %v", data, err)
	}
	for mime, want := range map[string]string{
		MIMEJPEG:    "is a int, not a base64 string",
		"image/gif": "illegal base64",
		MIMESVG:     "bundle has no image/svg+xml entry",
	} {
		if _, err := b.Binary(mime); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Binary(%s) error %v, want %q", mime, err, want)
		}
	}
}

func TestWithFallback(t *testing.T) {
	tests := []struct {
		b    Bundle
		want string
	}{
		{Bundle{MIMEText: "kept", MIMEHTML: "<b>x</b>"}, "kept"},
		{Bundle{MIMEHTML: "<b>x</b>"}, "x"},
		{Bundle{MIMEMarkdown: "*m*", MIMEHTML: "<b>x</b>"}, "*m*"},
		{Bundle{MIMELaTeX: `\pi`}, `\pi`},
		{Bundle{MIMEPNG: "not base64!"}, "[image]"},
		{Bundle{MIMESVG: `<svg width="3" height="4"/>`}, "[SVG image 3×4]"},
		{Bundle{"application/vnd.custom+json": map[string]any{}}, "[application/vnd.custom+json]"},
		{Bundle{MIMEJSON: json.RawMessage(`{"a":1}`)}, "{\n  \"a\": 1\n}"},
		{Bundle{}, "[empty display]"},
		{Bundle{MIMEText: ""}, "[empty display]"},
	}
	for _, tt := range tests {
		if got := Bundle(maps.Clone(tt.b)).withFallback().Text(); got != tt.want {
			t.Errorf("fallback of %v = %q, want %q", tt.b, got, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	in := map[string]any{
		"text/html":          []byte("<b>x</b>"),
		"image/svg+xml":      []byte("<svg/>"),
		"image/png":          []byte("hi"),
		"application/pdf":    "JVBERg==",
		"application/json":   []int{1, 2},
		"application/x+json": map[string]string{"k": "v"},
	}
	got, err := normalize(in)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"text/html": "<b>x</b>", "image/svg+xml": "<svg/>", "image/png": "aGk=", "application/pdf": "JVBERg==",
	}
	for mime, w := range want {
		if got[mime] != w {
			t.Errorf("%s = %#v, want %q", mime, got[mime], w)
		}
	}
	for mime, w := range map[string]string{"application/json": "[1,2]", "application/x+json": `{"k":"v"}`} {
		if raw, ok := got[mime].(json.RawMessage); !ok || string(raw) != w {
			t.Errorf("%s = %#v, want JSON %s", mime, got[mime], w)
		}
	}
	if _, ok := in["image/png"].([]byte); !ok {
		t.Error("normalize modified its argument")
	}
	for _, bad := range []map[string]any{
		{"text/html": 5},
		{"image/png": []string{"a"}},
		{"application/json": math.Inf(1)},
	} {
		if _, err := normalize(bad); err == nil || !strings.HasPrefix(err.Error(), "bundle entry ") {
			t.Errorf("normalize(%v) error %v", bad, err)
		}
	}
}
