package engine

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestMagicLinesAmongGo checks that magic lines run in order with the Go
// lines around them, that Go errors keep the cell's line numbers, and that
// lines that continue Go stay Go.
func TestMagicLinesAmongGo(t *testing.T) {
	t.Setenv("GONN_TEST_GREETING", "hello")
	play(t, []step{
		{code: "x := 1\n%env GONN_TEST_GREETING\nx + 1", want: "2", stdout: "hello\n"},
		{code: "fmt.Println(\"before\")\n%env GONN_TEST_GREETING\nfmt.Println(\"after\")", stdout: "before\nhello\nafter\n"},
		{code: "6 * 7\n%env GONN_TEST_GREETING", want: "", stdout: "hello\n"},
		{code: "y := 2\n\n%env GONN_TEST_GREETING\nz := y + undefinedName", err: "CompileError: 4:10: undefined: undefinedName"},
		{code: "%env GONN_TEST_GREETING\n\tw := )", err: "SyntaxError: 2:7:"},
		{code: "%time v := )", err: "SyntaxError: 1:12:"},
		{code: "func main() { fmt.Println(\"main\") }\n%env GONN_TEST_GREETING\nfmt.Println(\"end\")", stdout: "main\nhello\nend\n"},
		{code: "ok := true &&\n!false\nok", want: "true"},
		{code: "b := true\n(!b)", want: "false"},
		{code: "s := `\n%env\n`\nlen(s)", want: "6"},
		{code: "x := 1\n%%time\nx", err: "UsageError: %%time on line 2: a cell magic must be the first line of the cell"},
		{code: "%%bash\necho hi", err: "UsageError: unknown cell magic %%bash"},
		{code: "%nope", err: "UsageError: unknown magic %nope; the magics are %env, %help, %ls, %reset, %rm, %time, %who and the cell magic %%time"},
		{code: "%", err: "UsageError: unknown magic %;"},
		// A failing magic stops the cell and loses nothing.
		{code: "kept := 5\n%nope\nkept = 6", err: "UsageError"},
		{code: "kept", want: "5"},
	})
}

// timing matches what %time and %%time print.
var timing = regexp.MustCompile(`CPU time: user [0-9.]+ [nµm]?s, system [0-9.]+ [nµm]?s, total [0-9.]+ [nµm]?s\nWall time: (?:\d+ min )?[0-9.]+ [nµm]?s\n$`)

// TestTime checks %time and %%time: the time comes after the output, the
// value of the timed code is the result, failures are still timed.
func TestTime(t *testing.T) {
	tests := []struct {
		name, code string
		want       string // the result
		stdout     string // before the timing
		err        string // EName, if the cell fails
		timed      bool   // whether the timing is printed
	}{
		{"statement", "%time 6 * 7", "42", "", "", true},
		{"statement with output", "%time fmt.Println(\"work\")", "", "work\n", "", true},
		{"statement over lines", "%time fmt.Println(\n\t1,\n\t2)\n3", "3", "1 2\n", "", true},
		{"value only on the last line", "%time 6 * 7\nfmt.Print(\"\")", "", "", "", true},
		{"shell command", "%time !echo shell", "", "shell\n", "", true},
		{"cell", "%%time\nfmt.Println(\"one\")\n6 * 7", "42", "one\n", "", true},
		{"cell with magics", "%%time\n%env GONN_TEST_GREETING\n1", "1", "hello\n", "", true},
		{"panic is timed", "%time panic(\"boom\")", "", "", "panic", true},
		{"syntax error is not", "%time x := (", "", "", "SyntaxError", false},
		{"no statement", "%time", "", "", "UsageError", false},
		{"cell magic arguments", "%%time now\n1", "", "", "UsageError", false},
	}
	t.Setenv("GONN_TEST_GREETING", "hello")
	s := newTestSession(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, out := s.run(tt.code)
			if tt.err != "" {
				if res.Error == nil || res.Error.EName != tt.err {
					t.Fatalf("error %v, want %s", res.Error, tt.err)
				}
			} else if res.Error != nil {
				t.Fatalf("%s: %s", res.Error.EName, res.Error.EValue)
			}
			if got, _ := res.Data["text/plain"].(string); got != tt.want {
				t.Errorf("result %q, want %q", got, tt.want)
			}
			stdout := out.text("stdout")
			loc := timing.FindStringIndex(stdout)
			if (loc != nil) != tt.timed {
				t.Fatalf("stdout %q: timed %v, want %v", stdout, loc != nil, tt.timed)
			}
			if loc != nil {
				stdout = stdout[:loc[0]]
			}
			if stdout != tt.stdout {
				t.Errorf("stdout before the timing %q, want %q", stdout, tt.stdout)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0 s"},
		{840, "840 ns"},
		{1500, "1.5 µs"},
		{999_700, "1 ms"},
		{12_340_000, "12.3 ms"},
		{999_960_000, "1 s"},
		{1500 * time.Millisecond, "1.5 s"},
		{59 * time.Second, "59 s"},
		{125_250 * time.Millisecond, "2 min 5.25 s"},
		{time.Hour, "60 min 0 s"},
	}
	for _, tt := range tests {
		if got := formatDuration(tt.d); got != tt.want {
			t.Errorf("formatDuration(%d) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// TestEnv checks %env: setting is seen by os.Getenv and by commands,
// secrets are hidden in the listing.
func TestEnv(t *testing.T) {
	for _, name := range []string{"GONN_TEST_VAR", "GONN_TEST_OTHER", "GONN_TEST_API_TOKEN", "GONN_TEST_EMPTY"} {
		t.Setenv(name, "") // restored after the test
	}
	s := play(t, []step{
		{code: "%env GONN_TEST_VAR=hello world", stdout: "env: GONN_TEST_VAR set\n"},
		{code: "os.Getenv(\"GONN_TEST_VAR\")", want: `"hello world"`},
		{code: "%env GONN_TEST_VAR", stdout: "hello world\n"},
		{code: "%env GONN_TEST_OTHER two words", stdout: "env: GONN_TEST_OTHER set\n"},
		{code: "!echo \"$GONN_TEST_OTHER\"", stdout: "two words\n"},
		{code: "%env GONN_TEST_EMPTY=", stdout: "env: GONN_TEST_EMPTY set\n"},
		{code: "%env GONN_TEST_EMPTY", stdout: "\n"},
		{code: "%env GONN_TEST_NEVER_SET", err: "UsageError: %env: GONN_TEST_NEVER_SET is not set"},
		{code: "%env =x", err: "UsageError: %env: \"\" is not a variable name"},
		{code: "%env GONN_TEST_API_TOKEN=s3cret"},
		{code: "%env GONN_TEST_API_TOKEN", stdout: "s3cret\n"},
	})
	_, out := s.ok("%env")
	list := out.text("stdout")
	if !strings.Contains(list, "GONN_TEST_VAR=hello world\n") || !strings.Contains(list, "GONN_TEST_API_TOKEN=<hidden") {
		t.Errorf("listing:\n%s", list)
	}
	if strings.Contains(list, "s3cret") {
		t.Error("the listing shows a secret")
	}
}

// TestWhoLsRm checks the listings of definitions and forgetting them.
func TestWhoLsRm(t *testing.T) {
	s := newTestSession(t)
	if _, out := s.ok("%who"); out.text("stdout") != "no names defined by cells yet\n" {
		t.Errorf("empty %%who: %q", out.text("stdout"))
	}
	s.ok("type Point struct{ X, Y float64 }\nfunc (p Point) Norm() float64 {\n\treturn math.Hypot(p.X, p.Y)\n}\nconst limit = 3")
	s.ok("big := make([]float64, 1<<20)\nfunc size() int { return len(big) }\nvar origin Point\nlr := float32(0.01)")

	_, out := s.ok("%who")
	rows := regexp.MustCompile(`(?m)^(\S+)\s+(\S+)\s+(.+)$`).FindAllStringSubmatch(out.text("stdout"), -1)
	want := [][3]string{
		{"NAME", "KIND", "TYPE"},
		{"Point", "type", "struct{ X, Y float64 }"},
		{"limit", "constant", "untyped int"},
		{"big", "variable", "[]float64"},
		{"lr", "variable", "float32"},
		{"origin", "variable", "Point"},
		{"size", "function", "func() int"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%%who:\n%s", out.text("stdout"))
	}
	for i, w := range want {
		if rows[i][1] != w[0] || rows[i][2] != w[1] || rows[i][3] != w[2] {
			t.Errorf("%%who row %d = %q, want %q", i, rows[i][1:], w)
		}
	}

	_, out = s.ok("%ls")
	wantLs := "In[2]  type Point struct{ X, Y float64 }\n" +
		"In[2]  func (p Point) Norm() float64\n" +
		"In[2]  const limit = 3 (untyped int)\n" +
		"In[3]  var big []float64\n" +
		"In[3]  var lr float32\n" +
		"In[3]  var origin Point\n" +
		"In[3]  func size() int\n"
	if out.text("stdout") != wantLs {
		t.Errorf("%%ls:\n%s\nwant:\n%s", out.text("stdout"), wantLs)
	}

	play2 := []struct{ code, want, stdout, err string }{
		{code: "%ls l*", stdout: "In[2]  const limit = 3 (untyped int)\nIn[3]  var lr float32\n"},
		{code: "%who nothing*", stdout: "no name defined by a cell matches nothing*\n"},
		{code: "%who [", err: "UsageError: bad pattern"},
		{code: "%rm big nope", err: "UsageError: %rm: nope: no cell defined such a name"},
		{code: "len(big)", want: "1048576"}, // nothing was removed
		{code: "%rm big Point"},
		{code: "size()", want: "0"}, // the value was dropped; what used it still works
		{code: "big", err: "CompileError: 1:1: big is not defined: %rm removed it in In["},
		{code: "var p Point", err: "CompileError: 1:7: Point is not defined: %rm removed it"},
		{code: "origin.Norm()", want: "0"},
		{code: "big := \"now a string\"\nbig", want: `"now a string"`},
		{code: "type Point struct{ Z int }\nPoint{Z: 1}", want: "{Z:1}"},
		{code: "%rm", err: "UsageError: %rm needs the names"},
		{code: "%reset now", err: "UsageError: %reset takes no arguments"},
	}
	for _, p := range play2 {
		res, out := s.run(p.code)
		if p.err != "" {
			ename, value, _ := strings.Cut(p.err, ": ")
			if res.Error == nil || res.Error.EName != ename || !strings.Contains(res.Error.EValue, value) {
				t.Errorf("%q: error %v, want %q", p.code, res.Error, p.err)
			}
			continue
		}
		if res.Error != nil {
			t.Errorf("%q: %s: %s", p.code, res.Error.EName, res.Error.EValue)
			continue
		}
		if got, _ := res.Data["text/plain"].(string); got != p.want {
			t.Errorf("%q = %q, want %q", p.code, got, p.want)
		}
		if p.stdout != "" && out.text("stdout") != p.stdout {
			t.Errorf("%q: stdout %q, want %q", p.code, out.text("stdout"), p.stdout)
		}
	}
	if c := s.e.Complete("bi", 2); !slices.Contains(c.Matches, "big") {
		t.Errorf("completion of a name defined again after %%rm: %v", c.Matches)
	}
}

// TestReset checks that %reset starts afresh with the preloaded packages.
func TestReset(t *testing.T) {
	s := play(t, []step{
		{code: "import m \"math\"\nx := 41\ntype T struct{ A int }\nfunc f() int { return x + 1 }\nf()", want: "42"},
		{code: "%reset\nx := \"fresh\"\nx", want: `"fresh"`},
		{code: "f()", err: "CompileError: 1:1: undefined: f"},
		{code: "T{}", err: "CompileError: 1:1: undefined: T"},
		{code: "m.Sqrt(4)", err: "CompileError: 1:1: undefined: m"},
		{code: "math.Sqrt(4)", want: "2"},
		{code: "len(nnlib.NewSequential(nnlib.Dense(4, \"relu\")).Layers())", want: "1"},
		{code: "_, err := gonn.ReadLine(\"? \")\nerr != nil", want: "true"},
		{code: "%who", stdout: "NAME  KIND      TYPE\nx     variable  string\nerr   variable  error\n"},
		{code: "%reset", stdout: ""},
		{code: "%who", stdout: "no names defined by cells yet\n"},
	})
	for _, c := range s.e.Complete("", 0).Matches {
		if c == "x" || c == "f" {
			t.Errorf("completion offers %s after %%reset", c)
		}
	}
}

// TestResetWhileCompleting checks that completion and inspection, which
// run beside cells, are safe while %reset replaces the interpreter (run
// with -race).
func TestResetWhileCompleting(t *testing.T) {
	s := newTestSession(t)
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			select {
			case <-done:
				return
			default:
			}
			s.e.Complete("point.", 6)
			s.e.Inspect("point", 5, 0)
			s.e.Complete("%rm p", 5)
		}
	}()
	for i := 0; i < 20; i++ {
		s.ok("type P struct{ X int }\npoint := P{X: 1}\n%reset\npoint := 2")
	}
	close(done)
	<-stopped
	if got, _ := s.ok("point"); got != "2" {
		t.Errorf("point = %q", got)
	}
}
