package display

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
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

// normalize returns a copy of b in the form Jupyter requires: JSON types
// (application/json, application/…+json) hold an encoded JSON value (a
// json.RawMessage), and every other entry a string — []byte content becomes
// a string for text types and base64 for others. Any other content is an
// error, as is a JSON entry encoding/json rejects.
func normalize(b map[string]any) (Bundle, error) {
	out := make(Bundle, len(b)+1)
	for mime, v := range b {
		if isJSONType(mime) {
			raw, err := json.Marshal(v)
			if err != nil {
				return nil, fmt.Errorf("bundle entry %s: %w", mime, err)
			}
			out[mime] = json.RawMessage(raw)
			continue
		}
		switch x := v.(type) {
		case string:
			out[mime] = x
		case []byte:
			if isTextType(mime) {
				out[mime] = string(x)
			} else {
				out[mime] = base64.StdEncoding.EncodeToString(x)
			}
		default:
			return nil, fmt.Errorf("bundle entry %s is a %T, want a string or []byte", mime, v)
		}
	}
	return out, nil
}

// isJSONType reports whether content of this MIME type is a JSON value
// rather than a string.
func isJSONType(mime string) bool {
	return mime == MIMEJSON || strings.HasPrefix(mime, "application/") && strings.HasSuffix(mime, "+json")
}

// isTextType reports whether content of this MIME type is text (as opposed
// to base64-encoded binary data).
func isTextType(mime string) bool {
	return strings.HasPrefix(mime, "text/") || mime == MIMESVG
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
	case b[MIMEJSON] != nil:
		if raw, ok := b[MIMEJSON].(json.RawMessage); ok {
			var pretty bytes.Buffer
			if json.Indent(&pretty, raw, "", "  ") == nil {
				b[MIMEText] = pretty.String()
			}
		}
	}
	if b.Text() == "" {
		delete(b, MIMEText)
		if len(b) == 0 {
			b[MIMEText] = "[empty display]"
		} else {
			b[MIMEText] = "[" + strings.Join(b.MIMETypes(), ", ") + "]"
		}
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
