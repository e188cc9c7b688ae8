package display

import (
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
		{Bundle{"application/vnd.custom+json": map[string]any{}}, "[1 MIME types: [application/vnd.custom+json]]"},
		{Bundle{}, "[0 MIME types: []]"},
	}
	for _, tt := range tests {
		if got := copyBundle(tt.b).withFallback().Text(); got != tt.want {
			t.Errorf("fallback of %v = %q, want %q", tt.b, got, tt.want)
		}
	}
}
