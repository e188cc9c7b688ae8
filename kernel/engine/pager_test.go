package engine

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestPager checks %help and help queries: one payload for the pager, with
// text/plain and text/markdown.
func TestPager(t *testing.T) {
	tests := []struct {
		name, code string
		want       []string // in the text/plain page
		not        []string // not in it
		err        string   // EName, when the cell fails
	}{
		{"help", "%help", []string{"%time STATEMENT", "%%time", "%env [NAME[=VALUE]]", "!COMMAND", "NAME??", "gonn.ReadPassword"}, nil, ""},
		{"help of a magic", "%help env", []string{"%env [NAME[=VALUE]]", "hides the values"}, nil, ""},
		{"help with a percent sign", "%help %rm", []string{"%rm NAME ..."}, nil, ""},
		{"magic with a question mark", "%time?", []string{"%time STATEMENT", "%%time, as the first line"}, nil, ""},
		{"cell magic with a question mark", "%%time?", []string{"%time STATEMENT"}, nil, ""},
		{"package function", "fmt.Println?", []string{"func Println(a ...any) (n int, err error)", "default formats"}, nil, ""},
		{"question mark first", "?strings.Cut", []string{"func Cut(s, sep string)"}, nil, ""},
		{"preloaded package", "nnlib.Dense?", []string{"func Dense(units int, activation string) Layer"}, nil, ""},
		{"user function", "double?", []string{"func double(x int) int", "double doubles."}, []string{"Source:"}, ""},
		{"user function with source", "double??", []string{"func double(x int) int", "Source:", "return 2 * x"}, nil, ""},
		{"two queries, one page", "fmt.Println?\nstrings.Cut?", []string{"func Println", "func Cut"}, nil, ""},
		{"among Go", "y := 3\nmath.Sqrt?\ny", []string{"func Sqrt(x float64) float64"}, nil, ""},
		{"unknown name", "nosuchname?", nil, nil, "NameError"},
		{"unknown magic", "%help nope", nil, nil, "UsageError"},
	}
	s := newTestSession(t)
	s.ok("// double doubles.\nfunc double(x int) int {\n\treturn 2 * x\n}")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := s.run(tt.code)
			if tt.err != "" {
				if res.Error == nil || res.Error.EName != tt.err {
					t.Fatalf("error %v, want %s", res.Error, tt.err)
				}
				return
			}
			if res.Error != nil {
				t.Fatalf("%s: %s", res.Error.EName, res.Error.EValue)
			}
			if len(res.Payload) != 1 {
				t.Fatalf("payload %v, want one page", res.Payload)
			}
			p := res.Payload[0]
			if p["source"] != "page" || p["start"] != 0 {
				t.Errorf("payload %v", p)
			}
			data, _ := p["data"].(map[string]any)
			text, _ := data["text/plain"].(string)
			md, _ := data["text/markdown"].(string)
			if md == "" {
				t.Error("no text/markdown")
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("page lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(text, w) {
					t.Errorf("page has %q:\n%s", w, text)
				}
			}
		})
	}
	if res, _ := s.run("y"); res.Data["text/plain"] != "3" || res.Payload != nil {
		t.Errorf("a cell without help query: %v, payload %v", res.Data, res.Payload)
	}
}

// TestCompleteMagic checks completion on magic lines.
func TestCompleteMagic(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"model.gob", "mnist.csv", "data/x"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("GONN_TEST_COMPLETE", "1")
	s := newTestSession(t)
	s.ok("learningRate := 0.1\nfunc lossOf() {}")
	tests := []struct {
		name, code string
		want       []string // exactly, or a subset with subset set
		subset     bool
		start      int // cursor_start, in code points
	}{
		{"magic names", "%", []string{"%%time", "%env", "%help", "%ls", "%reset", "%rm", "%time", "%who"}, false, 0},
		{"prefix", "%t", []string{"%time"}, false, 0},
		{"cell magic", "%%", []string{"%%time"}, false, 0},
		{"cell magic only first", "x := 1\n%%", nil, false, 7},
		{"after Go", "x := 1\n  %r", []string{"%reset", "%rm"}, false, 9},
		{"environment", "%env GONN_TEST_COMP", []string{"GONN_TEST_COMPLETE"}, false, 5},
		{"user names", "%rm l", []string{"learningRate", "lossOf"}, false, 4},
		{"magic help", "%help wh", []string{"who"}, false, 6},
		{"file names", "!ls " + dir + "/m", []string{dir + "/mnist.csv", dir + "/model.gob"}, false, 4},
		{"directories", "!cat " + dir + "/d", []string{dir + "/data/"}, false, 5},
		{"statement of %time", "%time strings.TrimSuf", []string{"TrimSuffix"}, false, 14},
		{"Go is left alone", "x := 7 %", []string{"learningRate"}, true, 8},
		{"é counts once", "s := \"é\"\n%ti", []string{"%time"}, false, 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cursor := len([]rune(tt.code))
			c := s.e.Complete(tt.code, cursor)
			if c.Matches == nil {
				t.Fatal("nil matches")
			}
			ok := slices.Equal(c.Matches, tt.want)
			if tt.subset {
				ok = !slices.ContainsFunc(tt.want, func(w string) bool { return !slices.Contains(c.Matches, w) })
			}
			if !ok || c.CursorStart != tt.start || c.CursorEnd != cursor {
				t.Errorf("Complete(%q) = %v [%d,%d], want %v [%d,%d]", tt.code, c.Matches, c.CursorStart, c.CursorEnd, tt.want, tt.start, cursor)
			}
		})
	}
}

// TestInspectMagic checks Shift+Tab on magic lines.
func TestInspectMagic(t *testing.T) {
	tests := []struct {
		code   string
		cursor int
		want   string // in text/plain; "" when assist answers
	}{
		{"%env HOME", 2, "%env [NAME[=VALUE]]"},
		{"%%time\nx := 1", 3, "%time STATEMENT"},
		{"!ls -l", 4, "!COMMAND"},
		{"%time fmt.Println(1)", 3, "%time STATEMENT"},
		{"%time fmt.Println(1)", 12, "func Println"},
		{"x := 1\n%who", 10, "%who [PATTERN ...]"},
		{"fmt.Println?", 12, "func Println"},
		{"?strings.Cut", 1, "func Cut"},
	}
	s := newTestSession(t)
	for _, tt := range tests {
		in := s.e.Inspect(tt.code, tt.cursor, 0)
		text, _ := in.Data["text/plain"].(string)
		if !in.Found || !strings.Contains(text, tt.want) {
			t.Errorf("Inspect(%q, %d) = %v %q, want %q", tt.code, tt.cursor, in.Found, text, tt.want)
		}
	}
}
