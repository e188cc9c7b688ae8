package display

import (
	"encoding/base64"
	"fmt"
	"sort"
)

// MIME types of the entries this package puts in bundles.
const (
	MIMEText     = "text/plain"
	MIMEHTML     = "text/html"
	MIMEMarkdown = "text/markdown"
	MIMELaTeX    = "text/latex"
	MIMESVG      = "image/svg+xml"
	MIMEPNG      = "image/png"
	MIMEJPEG     = "image/jpeg"
	MIMEJSON     = "application/json"
)

// Bundle is a MIME bundle, the data of Jupyter's display_data and
// execute_result: MIME type -> content.
//
// Text formats (text/plain, text/html, text/markdown, text/latex,
// image/svg+xml) are strings. Binary formats (image/png, image/jpeg) are
// base64-encoded strings, as Jupyter expects. application/json holds a JSON
// value (a json.RawMessage from this package), not a string containing
// JSON. Bundles made by this package always contain text/plain.
type Bundle map[string]any

// Metadata is the metadata of a display message, keyed by MIME type; for
// example {"image/png": {"width": 600, "height": 400}} asks the front end to
// show a PNG at 600×400 CSS pixels whatever its pixel size.
type Metadata map[string]any

// Text returns the text/plain entry, or "" when there is none or it is not
// a string.
func (b Bundle) Text() string {
	s, _ := b[MIMEText].(string)
	return s
}

// Binary returns the decoded bytes of a base64 entry such as image/png.
// It fails when the entry is missing, not a string, or not valid base64.
func (b Bundle) Binary(mime string) ([]byte, error) {
	v, ok := b[mime]
	if !ok {
		return nil, fmt.Errorf("bundle has no %s entry", mime)
	}
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("bundle entry %s is a %T, not a base64 string", mime, v)
	}
	data, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("bundle entry %s: %w", mime, err)
	}
	return data, nil
}

// MIMETypes returns the MIME types present in the bundle, sorted.
func (b Bundle) MIMETypes() []string {
	types := make([]string, 0, len(b))
	for t := range b {
		types = append(types, t)
	}
	sort.Strings(types)
	return types
}

// withFallback makes sure b has a text/plain entry, deriving one from the
// richest text it holds, and returns b.
func (b Bundle) withFallback() Bundle {
	if b.Text() != "" {
		return b
	}
	switch {
	case b[MIMEMarkdown] != nil:
		b[MIMEText], _ = b[MIMEMarkdown].(string)
	case b[MIMELaTeX] != nil:
		b[MIMEText], _ = b[MIMELaTeX].(string)
	case b[MIMEHTML] != nil:
		s, _ := b[MIMEHTML].(string)
		b[MIMEText] = textFromHTML(s)
	case b[MIMEPNG] != nil, b[MIMEJPEG] != nil, b[MIMESVG] != nil:
		b[MIMEText] = describeImages(b)
	}
	if b.Text() == "" {
		b[MIMEText] = fmt.Sprintf("[%d MIME types: %v]", len(b), b.MIMETypes())
	}
	return b
}

// describeImages names the first image in b, with its size when known.
func describeImages(b Bundle) string {
	for _, mime := range []string{MIMEPNG, MIMEJPEG} {
		if data, err := b.Binary(mime); err == nil {
			if w, h, err := imageSize(data); err == nil {
				return fmt.Sprintf("[%s image %d×%d]", formatName(mime), w, h)
			}
		}
	}
	if s, ok := b[MIMESVG].(string); ok {
		if desc, err := describeSVG(s); err == nil {
			return desc
		}
	}
	return "[image]"
}

// formatName is the short name of an image MIME type: "PNG", "JPEG", "SVG".
func formatName(mime string) string {
	switch mime {
	case MIMEPNG:
		return "PNG"
	case MIMEJPEG:
		return "JPEG"
	case MIMESVG:
		return "SVG"
	}
	return mime
}

// errorBundle is what a display function shows instead of content it could
// not build: a plain message and the same message in red for HTML front ends.
func errorBundle(op string, err error) Bundle {
	msg := op + ": " + err.Error()
	return Bundle{
		MIMEText: msg,
		MIMEHTML: `<pre style="color:#b00020">` + escapeHTML(msg) + `</pre>`,
	}
}
