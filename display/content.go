package display

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // registers the JPEG decoder used to check JPEG data
	_ "image/png"  // registers the PNG decoder used to check PNG data
	"io"
	"strings"
)

// This file builds the bundle of each kind of content. Builders that can
// meet bad input return an error that names the problem; the callers in
// Displayer turn it into an error message.

func textBundle(s string) Bundle { return Bundle{MIMEText: s} }

func htmlBundle(s string) Bundle {
	text := textFromHTML(s)
	if text == "" {
		text = "[HTML]"
	}
	return Bundle{MIMEHTML: s, MIMEText: text}
}

func markdownBundle(s string) Bundle { return Bundle{MIMEMarkdown: s, MIMEText: s} }

// latexBundle wraps s in $$…$$ unless it already contains math delimiters,
// because front ends typeset only delimited math.
func latexBundle(s string) Bundle {
	math := s
	if !hasMathDelimiters(s) {
		math = "$$" + s + "$$"
	}
	return Bundle{MIMELaTeX: math, MIMEText: s}
}

func hasMathDelimiters(s string) bool {
	return strings.Contains(s, "$") || strings.Contains(s, `\[`) ||
		strings.Contains(s, `\(`) || strings.Contains(s, `\begin`)
}

func svgBundle(s string) (Bundle, error) {
	desc, err := describeSVG(s)
	if err != nil {
		return nil, err
	}
	return Bundle{MIMESVG: s, MIMEText: desc}, nil
}

// describeSVG checks that s is well-formed XML whose root element is <svg>
// and returns a short description such as "[SVG image 600×400]".
func describeSVG(s string) (string, error) {
	dec := xml.NewDecoder(strings.NewReader(s))
	var root *xml.StartElement
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("invalid SVG: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok && root == nil {
			se = se.Copy()
			root = &se
		}
	}
	if root == nil {
		return "", errors.New("invalid SVG: no <svg> element")
	}
	if root.Name.Local != "svg" {
		return "", fmt.Errorf("invalid SVG: root element is <%s>, not <svg>", root.Name.Local)
	}
	var w, h string
	for _, a := range root.Attr {
		switch a.Name.Local {
		case "width":
			w = a.Value
		case "height":
			h = a.Value
		}
	}
	if w == "" || h == "" {
		return "[SVG image]", nil
	}
	return fmt.Sprintf("[SVG image %s×%s]", w, h), nil
}

// binaryImageBundle checks that data is an image in the given format
// ("png" or "jpeg") and returns its bundle under mime.
func binaryImageBundle(data []byte, format, mime string) (Bundle, error) {
	cfg, got, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("invalid %s data (%d bytes): %w", formatName(mime), len(data), err)
	}
	if got != format {
		return nil, fmt.Errorf("data is a %s image, not %s", got, format)
	}
	return Bundle{
		mime:     base64.StdEncoding.EncodeToString(data),
		MIMEText: fmt.Sprintf("[%s image %d×%d]", formatName(mime), cfg.Width, cfg.Height),
	}, nil
}

func pngBundle(data []byte) (Bundle, error)  { return binaryImageBundle(data, "png", MIMEPNG) }
func jpegBundle(data []byte) (Bundle, error) { return binaryImageBundle(data, "jpeg", MIMEJPEG) }

// imageSize returns the pixel size of PNG or JPEG data.
func imageSize(data []byte) (w, h int, err error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	return cfg.Width, cfg.Height, err
}

// jsonBundle encodes v as JSON. The application/json entry is the JSON
// value itself (a json.RawMessage); the text/plain entry is the same JSON,
// indented.
func jsonBundle(v any) (Bundle, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("cannot encode %T as JSON: %w", v, err)
	}
	raw := bytes.TrimSpace(buf.Bytes())
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, raw, "", "  "); err != nil {
		return nil, fmt.Errorf("cannot indent JSON of %T: %w", v, err)
	}
	return Bundle{MIMEJSON: json.RawMessage(raw), MIMEText: pretty.String()}, nil
}
