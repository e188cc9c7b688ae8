package jupyter

import (
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func ptr[T any](v T) *T { return &v }

func newHistory(t *testing.T, path string) *history {
	t.Helper()
	h, err := openHistory(path, log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.close() })
	return h
}

func TestHistoryQueries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gonn", "history.jsonl")
	// Session 1.
	h1 := newHistory(t, path)
	h1.add(1, "a := 1")
	h1.add(2, "a + 1")
	h1.setOutput(2, ptr("2"))
	if err := h1.close(); err != nil {
		t.Fatal(err)
	}
	// A line that is not a record is skipped, not fatal.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	_, _ = f.WriteString("not json\n")
	_ = f.Close()
	// Session 2.
	h := newHistory(t, path)
	if h.session != 2 {
		t.Fatalf("second kernel start is session %d", h.session)
	}
	h.add(1, "fmt.Println(a)")
	h.add(2, "a + 1")
	h.setOutput(2, ptr("2"))
	h.add(3, "b := 2")

	cases := []struct {
		name string
		req  historyRequest
		want []any
	}{
		{"tail", historyRequest{HistAccessType: "tail", N: ptr(2)},
			[]any{[]any{2, 2, "a + 1"}, []any{2, 3, "b := 2"}}},
		{"tail spans sessions", historyRequest{HistAccessType: "tail", N: ptr(4)},
			[]any{[]any{1, 2, "a + 1"}, []any{2, 1, "fmt.Println(a)"}, []any{2, 2, "a + 1"}, []any{2, 3, "b := 2"}}},
		{"tail with output", historyRequest{HistAccessType: "tail", N: ptr(2), Output: true},
			[]any{[]any{2, 2, []any{"a + 1", ptr("2")}}, []any{2, 3, []any{"b := 2", (*string)(nil)}}}},
		{"range of this session", historyRequest{HistAccessType: "range", Session: 0, Start: 2},
			[]any{[]any{2, 2, "a + 1"}, []any{2, 3, "b := 2"}}},
		{"range with stop", historyRequest{HistAccessType: "range", Session: 2, Start: 1, Stop: ptr(2)},
			[]any{[]any{2, 1, "fmt.Println(a)"}}},
		{"range of the previous session", historyRequest{HistAccessType: "range", Session: -1, Start: 1},
			[]any{[]any{1, 1, "a := 1"}, []any{1, 2, "a + 1"}}},
		{"search", historyRequest{HistAccessType: "search", Pattern: "a*"},
			[]any{[]any{1, 1, "a := 1"}, []any{1, 2, "a + 1"}, []any{2, 2, "a + 1"}}},
		{"search unique", historyRequest{HistAccessType: "search", Pattern: "a*", Unique: true},
			[]any{[]any{1, 1, "a := 1"}, []any{2, 2, "a + 1"}}},
		{"search n", historyRequest{HistAccessType: "search", Pattern: "*", N: ptr(1)},
			[]any{[]any{2, 3, "b := 2"}}},
		{"search nothing", historyRequest{HistAccessType: "search", Pattern: "zzz*"}, []any{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := h.query(tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
	if _, err := h.query(historyRequest{HistAccessType: "sideways"}); err == nil {
		t.Error("unknown access type accepted")
	}
}

func TestHistoryInMemory(t *testing.T) {
	h := newHistory(t, "")
	h.add(1, "x")
	h.add(2, strings.Repeat("y", maxHistoryInput+1)) // too large to keep
	got, _ := h.query(historyRequest{HistAccessType: "tail"})
	if !reflect.DeepEqual(got, []any{[]any{1, 1, "x"}}) {
		t.Errorf("got %v", got)
	}
}

func TestHistoryCompaction(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	var sb strings.Builder
	for i := range 2*historyKeep + 10 {
		sb.WriteString(`{"session":1,"line":` + fmt.Sprint(i+1) + `,"input":"x"}` + "\n")
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHistory(t, path)
	if len(h.entries) != historyKeep {
		t.Errorf("%d entries after compaction", len(h.entries))
	}
	h.add(1, "after")
	_ = h.close()
	h2 := newHistory(t, path)
	if len(h2.entries) != historyKeep+1 || *h2.entries[historyKeep].Input != "after" || h2.session != 3 {
		t.Errorf("after reopening: %d entries, session %d", len(h2.entries), h2.session)
	}
}

func TestGlobMatch(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"*", "anything", true},
		{"a*", "abc", true},
		{"a*", "bac", false},
		{"*c", "abc", true},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"6*7", "6*7", true},
		{"*x*y*", "--x--y--", true},
		{"*x*y*", "--y--x--", false},
		{"[abc]x", "bx", true},
		{"[abc]x", "dx", false},
		{"[a-c]", "b", true},
		{"[^a-c]", "b", false},
		{"[^a-c]", "z", true},
		{"[]]", "]", true},
		{"[", "[", true},
		{"fmt.*", "fmt.Println(1)", true},
		{"FMT.*", "fmt.Println(1)", false},
		{"é?", "éü", true},
		{"a/b*", "a/b/c", true},
	}
	for _, c := range cases {
		if got := globMatch(c.pattern, c.s); got != c.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
}

func TestHistoryRequest(t *testing.T) {
	tk := startKernel(t, newFake(), func(c *Config) { c.HistoryFile = filepath.Join(t.TempDir(), "h.jsonl") })
	c := connect(t, tk.Connection())
	for _, code := range []string{"value 1", "print 2", "value 3"} {
		c.Execute(code, nil)
	}
	c.Execute("value silent", map[string]any{"silent": true})
	id := c.Send("shell", "history_request", map[string]any{"hist_access_type": "tail", "n": 2, "output": true, "raw": true})
	rc := c.Reply("shell", id).Content
	want := []any{[]any{1.0, 2.0, []any{"print 2", nil}}, []any{1.0, 3.0, []any{"value 3", "3"}}}
	if rc["status"] != "ok" || !reflect.DeepEqual(rc["history"], want) {
		t.Errorf("history_reply %v", rc)
	}
}

func TestUnusableHistoryFileIsNotFatal(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// The history's directory would have to be created inside a file.
	tk := startKernel(t, newFake(), func(c *Config) { c.HistoryFile = filepath.Join(blocker, "sub", "h.jsonl") })
	c := connect(t, tk.Connection())
	c.Execute("value 1", nil)
	id := c.Send("shell", "history_request", map[string]any{"hist_access_type": "tail", "n": 1, "output": false, "raw": true})
	if h := c.Reply("shell", id).Content["history"].([]any); len(h) != 1 {
		t.Errorf("history %v", h)
	}
	if !strings.Contains(tk.logs.String(), "in memory only") {
		t.Errorf("not logged: %s", tk.logs.String())
	}
}

func TestHistorySharedByConcurrentKernels(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	var hs []*history
	for range 4 {
		hs = append(hs, newHistory(t, path))
	}
	seen := map[int]bool{}
	for _, h := range hs {
		if seen[h.session] {
			t.Fatalf("two kernels got session %d", h.session)
		}
		seen[h.session] = true
	}
	var wg sync.WaitGroup
	for _, h := range hs {
		wg.Go(func() {
			for line := 1; line <= 50; line++ {
				h.add(line, fmt.Sprintf("cell %d of session %d", line, h.session))
			}
		})
	}
	wg.Wait()
	for _, h := range hs {
		_ = h.close()
	}
	all := newHistory(t, path)
	if len(all.entries) != 4*50 {
		t.Fatalf("%d entries after reopening, want 200", len(all.entries))
	}
	for _, e := range all.entries {
		if want := fmt.Sprintf("cell %d of session %d", e.Line, e.Session); *e.Input != want {
			t.Fatalf("entry %d/%d holds %q", e.Session, e.Line, *e.Input)
		}
	}
}
