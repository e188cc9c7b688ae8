package assist

// ByteOffset converts a cursor position counted in Unicode code points, as
// the Jupyter messaging protocol counts them, into a byte offset into code.
// A cursor before the start gives 0 and one past the end gives len(code).
// Each byte of invalid UTF-8 counts as one code point, the way ranging over
// a string decodes it, so ByteOffset and CodePoints invert each other.
func ByteOffset(code string, cursor int) int {
	n := 0
	for i := range code {
		if n >= cursor {
			return i
		}
		n++
	}
	return len(code)
}

// CodePoints converts a byte offset into code into a cursor position counted
// in Unicode code points. Offsets are clamped to [0, len(code)]; an offset
// inside a multi-byte character counts that character as passed.
func CodePoints(code string, offset int) int {
	n := 0
	for i := range code {
		if i >= offset {
			break
		}
		n++
	}
	return n
}
