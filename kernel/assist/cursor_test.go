package assist

import "testing"

func TestCursorConversion(t *testing.T) {
	tests := []struct {
		name   string
		code   string
		cursor int // code points
		offset int // bytes
	}{
		{"ascii start", "fmt.Pr", 0, 0},
		{"ascii end", "fmt.Pr", 6, 6},
		{"after e-acute", "é := 1\nfmt.Pr", 8, 9},
		{"after emoji", "s := \"🙂\"\nfmt.Pr", 15, 18},
		{"after CJK", "// 数据\nx.", 8, 12},
		{"between CJK", "数据", 1, 3},
		{"combining accent is two code points", "e\u0301x", 2, 3},
		{"invalid byte counts as one", "a\xffb", 2, 2},
		{"past the end clamps", "héllo", 99, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ByteOffset(tt.code, tt.cursor); got != tt.offset {
				t.Errorf("ByteOffset(%q, %d) = %d, want %d", tt.code, tt.cursor, got, tt.offset)
			}
			want := min(tt.cursor, CodePoints(tt.code, len(tt.code)))
			if got := CodePoints(tt.code, tt.offset); got != want {
				t.Errorf("CodePoints(%q, %d) = %d, want %d", tt.code, tt.offset, got, want)
			}
		})
	}
}

func TestCursorEdges(t *testing.T) {
	if got := ByteOffset("abc", -3); got != 0 {
		t.Errorf("ByteOffset of a negative cursor = %d, want 0", got)
	}
	if got := CodePoints("abc", -1); got != 0 {
		t.Errorf("CodePoints of a negative offset = %d, want 0", got)
	}
	// An offset inside a multi-byte character counts the character as passed.
	if got := CodePoints("é!", 1); got != 1 {
		t.Errorf("CodePoints inside é = %d, want 1", got)
	}
	// Round trip over every code point of a mixed string.
	s := "aé🙂数\xffz"
	for cp := 0; cp <= 6; cp++ {
		if got := CodePoints(s, ByteOffset(s, cp)); got != cp {
			t.Errorf("round trip of %d gave %d", cp, got)
		}
	}
}
