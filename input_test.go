package gonn

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
)

// pipeWith returns the reading end of a pipe that holds text.
func pipeWith(t *testing.T, text string) *os.File {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := io.WriteString(w, text); err != nil {
		t.Fatal(err)
	}
	w.Close()
	return r
}

func TestReadLineFromPipe(t *testing.T) {
	tests := []struct {
		name, input string
		hide        bool
		want        []string // the lines read, in order, until io.EOF
	}{
		{"one line", "gopher\n", false, []string{"gopher"}},
		{"lines are read one at a time", "one\ntwo\n", false, []string{"one", "two"}},
		{"carriage return dropped", "dos\r\n", false, []string{"dos"}},
		{"last line without a break", "a\nb", false, []string{"a", "b"}},
		{"empty line", "\n", false, []string{""}},
		{"nothing", "", false, nil},
		{"password from a pipe", "s3cret\n", true, []string{"s3cret"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := pipeWith(t, tt.input)
			var got []string
			var out bytes.Buffer
			for {
				line, err := readLine(in, &out, "> ", tt.hide)
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("readLine: %v", err)
				}
				got = append(got, line)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("read %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("line %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
			if !bytes.HasPrefix(out.Bytes(), []byte("> ")) {
				t.Errorf("prompt not written: output %q", out.String())
			}
		})
	}
}
