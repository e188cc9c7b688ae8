package engine

import (
	"strconv"
	"strings"
	"testing"
)

// step is one cell of a scenario and what it must produce.
type step struct {
	code   string
	want   string // text/plain of the result; "" for none
	err    string // "EName: substring of EValue"; "" for success
	stdout string // exact standard output, if set
	stderr string // substring of standard error, if set
}

// play runs the steps of a scenario on a fresh engine.
func play(t *testing.T, steps []step) *testSession {
	t.Helper()
	s := newTestSession(t)
	for i, st := range steps {
		res, out := s.run(st.code)
		where := func() string { return "cell " + strconv.Itoa(i+1) + " " + quote(st.code) }
		if st.err == "" {
			if res.Error != nil {
				t.Fatalf("%s failed: %s: %s\n%s\nstderr: %s", where(), res.Error.EName, res.Error.EValue,
					strings.Join(res.Error.Traceback, "\n"), out.text("stderr"))
			}
		} else {
			ename, value, _ := strings.Cut(st.err, ": ")
			switch {
			case res.Error == nil:
				t.Fatalf("%s succeeded with %v, want error %q", where(), res.Data, st.err)
			case res.Error.EName != ename || !strings.Contains(res.Error.EValue, value):
				t.Fatalf("%s: error %s: %s, want %q", where(), res.Error.EName, res.Error.EValue, st.err)
			}
		}
		got := ""
		if res.Data != nil {
			got, _ = res.Data["text/plain"].(string)
		}
		if got != st.want {
			t.Errorf("%s = %q, want %q", where(), got, st.want)
		}
		if st.stdout != "" && out.text("stdout") != st.stdout {
			t.Errorf("%s: stdout %q, want %q", where(), out.text("stdout"), st.stdout)
		}
		if st.stderr != "" && !strings.Contains(out.text("stderr"), st.stderr) {
			t.Errorf("%s: stderr %q, want it to contain %q", where(), out.text("stderr"), st.stderr)
		}
	}
	return s
}

// scenario is a named sequence of cells played on a fresh engine.
type scenario struct {
	name  string
	steps []step
}

// playAll plays each scenario as a subtest.
func playAll(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) { play(t, sc.steps) })
	}
}

func quote(s string) string {
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return "«" + s + "»"
}

func TestCells(t *testing.T) {
	playAll(t, []scenario{
		{"state persists", []step{
			{code: "x := 5"},
			{code: "x", want: "5"},
			{code: "x = x + 1"},
			{code: "x * 10", want: "60"},
		}},
		{"mixed cell", []step{
			{code: "import \"strings\"\nconst n = 3\nfunc rep(s string) string { return strings.Repeat(s, n) }\nv := rep(\"ab\")\nvar w = len(v)\nfmt.Println(v, w)\nw + 1",
				want: "7", stdout: "ababab 6\n"},
			{code: "rep(\"x\") + v", want: `"xxxababab"`},
		}},
		{"statements before and after declarations", []step{
			{code: "a := 1\nfunc getA() int { return a }\na = 2\ngetA()", want: "2"},
		}},
		{"function redefined with a new signature", []step{
			{code: "func f() int { return 1 }\nf()", want: "1"},
			{code: "func f(s string) string { return s + \"!\" }\nf(\"hi\")", want: `"hi!"`},
			{code: "f()", err: "CompileError: "},
		}},
		{"variable redefined with a new type", []step{
			{code: "v := 1"},
			{code: "v := \"one\"\nv", want: `"one"`},
			{code: "var v = []float64{1.5}\nv", want: "[1.5]"},
		}},
		{"re-running a declaration updates the functions that use it", []step{
			{code: "lr := 0.1\nvar losses []float64\ntype cfg struct{ N int }\nc := cfg{1}\nfunc step() float64 {\n\tlosses = append(losses, lr)\n\treturn lr * float64(c.N)\n}\nstep()", want: "0.1"},
			{code: "lr := 0.5\nc := cfg{2}\nstep()", want: "1"},
			{code: "var lr = 0.25\nstep()", want: "0.5"},
			{code: "len(losses)", want: "3"},
			{code: "var losses []float64\nstep()\nlen(losses)", want: "1"},
			{code: "q, _ := strconv.Atoi(\"7\")\nfunc getQ() int { return q }\nq, _ := strconv.Atoi(\"8\")\ngetQ()", want: "8"},
			// A new type makes a new variable; what was compiled before keeps the old one.
			{code: "lr := \"fast\"\nlr", want: `"fast"`},
			{code: "step()", want: "0.5"},
		}},
		{"variables declared from several values", []step{
			{code: "q, err := strconv.Atoi(\"7\")\nfunc getQ() int { return q }\nfmt.Sprint(getQ(), err)", want: `"7 <nil>"`},
			{code: "func two() (int, string) { return 2, \"b\" }\na, b := two()\nfunc getA() string { return fmt.Sprintf(\"%v %v\", a, b) }\ngetA()", want: `"2 b"`},
			{code: "m := map[string]int{\"k\": 5}\nv, ok := m[\"k\"]\n_, missing := m[\"x\"]\nfunc getV() int { return v }\nfmt.Sprint(getV(), ok, missing)", want: `"5 true false"`},
			{code: "var x any = \"s\"\nstr, isStr := x.(string)\nn, isInt := x.(int)\nfmt.Sprintf(\"%v %v %v %v\", str, isStr, n, isInt)", want: `"s true 0 false"`},
			{code: "q, err = strconv.Atoi(\"8\")\ngetQ()", want: "8"},
		}},
		{"documented declarations", []step{
			{code: "// Celsius is a temperature.\ntype Celsius float64\n\n// Pair holds two values.\ntype (\n\t// First is the first.\n\tFirst int\n\tSecond string\n)\n\n// F converts.\nfunc (c Celsius) F() float64 { return float64(c)*9/5 + 32 }\n\n// Limit is the most.\nconst Limit = 3\n\n// Rate is the learning rate.\nvar Rate = 0.1\nCelsius(100).F()", want: "212"},
			{code: "// Celsius is a temperature, again.\ntype Celsius float64\n// F converts, again.\nfunc (c Celsius) F() float64 { return float64(c) }\nCelsius(5).F()", want: "5"},
		}},
		{"newer Go: min, max and range over integers", []step{
			{code: "x := 3.5\nfmt.Sprintf(\"%v %v %v %v\", max(0, x), min(x, -1.5, 2), max(\"a\", \"b\"), max(2, 7, 1))", want: `"3.5 -1.5 b 7"`},
			{code: "relu := func(v float64) float64 { return max(0, v) }\nrelu(-2) + relu(3)", want: "3"},
			{code: "total := 0\nfor i := range 5 {\n\ttotal += i\n}\ntotal", want: "10"},
			{code: "n := int64(3)\nkinds := \"\"\nfor i := range n {\n\tkinds += fmt.Sprintf(\"%T \", i)\n}\nkinds", want: `"int64 int64 int64 "`},
			{code: "func sum(m int) (s int) {\n\tfor i := range m {\n\t\ts += i\n\t}\n\treturn\n}\nsum(4)", want: "6"},
			{code: "count := 0\nfor range len(\"abc\") {\n\tcount++\n}\ncount", want: "3"},
		}},
		{"newer Go: clear", []step{
			{code: "m := map[string]int{\"a\": 1, \"b\": 2}\nclear(m)\nlen(m)", want: "0"},
			{code: "s := []float64{1, 2, 3}\nclear(s[1:])\ns", want: "[1 0 0]"},
			{code: "func reset(xs []int) { clear(xs) }\nys := []int{4, 5}\nreset(ys)\nys", want: "[0 0]"},
			{code: "type P struct{ X int }\nps := []P{{1}, {2}}\nclear(ps)\nlen(ps)*10 + ps[0].X + ps[1].X", want: "20"},
			{code: "var nm map[int]bool\nclear(nm)\nnm == nil", want: "true"},
			{code: "type Set map[string]bool\nst := Set{\"x\": true}\nclear(st)\nlen(st)", want: "0"},
			{code: "clear(m)", want: ""},
			{code: "clear(5)", err: "panic: 1:1: invalid argument: clear needs a map or a slice, not int"},
			{code: "func clr() int {\n\tclear := func() int { return 7 }\n\treturn clear()\n}\nclr()", want: "7"},
		}},
		{"range over an integer from an earlier cell or a call", []step{
			{code: "n := 3\ntype Count int\nvar cc Count = 2\nfunc four() int { return 4 }\nvar big int64 = 2"},
			{code: "t := 0\nfor i := range n {\n\tt += i\n}\nfor i := range cc {\n\tt += int(i) * 10\n}\nfor range four() {\n\tt += 100\n}\nfor i := range big * 2 {\n\tt += int(i) * 1000\n}\nt", want: "6413"},
			{code: "xs := []int{5, 6}\ns := 0\nfor i := range len(xs) {\n\ts += xs[i]\n}\nfor i := range xs {\n\ts += i\n}\ns", want: "12"},
			// n is the parameter, a slice, though the global n is an int.
			{code: "func local(n []int) int {\n\tc := 0\n\tfor i := range n {\n\t\tc += i\n\t}\n\treturn c\n}\nlocal([]int{7, 7, 7})", want: "3"},
			{code: "func kinds() string {\n\tk := \"\"\n\tfor i := range cc {\n\t\tk += fmt.Sprintf(\"%T \", i)\n\t}\n\treturn k\n}\nkinds() == strings.Repeat(fmt.Sprintf(\"%T \", cc), 2)", want: "true"},
		}},
		{"methods that use newer Go follow their type", []step{
			{code: "type R struct{ a, b int }\nfunc (r R) Big() int { return max(r.a, r.b) }\nfunc (r R) Sum() (s int) {\n\tfor i := range 3 {\n\t\ts += i\n\t}\n\treturn\n}"},
			{code: "func (r R) Recv() int {\n\tc := make(chan int, 1)\n\tgo func() { c <- r.a }()\n\treturn <-c\n}\nfunc (r R) Cleared() int {\n\tm := map[int]int{1: 1}\n\tclear(m)\n\treturn len(m)\n}"},
			{code: "type R struct{ a, b, c int }", stderr: ""},
			{code: "r := R{1, 5, 9}\nfmt.Sprint(r.Big(), r.Sum(), r.Recv(), r.Cleared())", want: `"5 3 1 0"`},
			{code: "func (r R) Big() int { return max(r.a, r.b, r.c) }\nr.Big()", want: "5"},
			{code: "R{1, 5, 9}.Big() + R{}.Sum()", want: "12"},
		}},
		{"a receive returned or assigned", []step{
			{code: "func recv() int {\n\tc := make(chan int, 1)\n\tc <- 3\n\treturn <-c\n}\nrecv()", want: "3"},
			{code: "func recv2() (int, error) {\n\tc := make(chan int, 1)\n\tc <- 4\n\treturn <-c, nil\n}\nrecv2()", want: "4"},
			{code: "func named() (v int) {\n\tc := make(chan int, 1)\n\tc <- 5\n\tv = <-c\n\treturn\n}\nnamed()", want: "5"},
			{code: "var arr [2]int\nfunc elem() int {\n\tc := make(chan int, 1)\n\tc <- 6\n\tarr[1] = <-c\n\treturn arr[1]\n}\nelem()", want: "6"},
			{code: "func okForm() (v int, ok bool) {\n\tc := make(chan int, 1)\n\tc <- 7\n\tv, ok = <-c\n\treturn\n}\nokForm()", want: "7, true"},
			{code: "func sum() (s int) {\n\tc := make(chan int, 2)\n\tc <- 1\n\tc <- 2\n\ts += <-c\n\ts += <-c\n\treturn\n}\nsum()", want: "3"},
		}},
		{"loop variables are per iteration, as in Go 1.22", []step{
			{code: "var fs []func() int\nfor i := 0; i < 3; i++ {\n\tfs = append(fs, func() int { return i })\n}\nfmt.Sprint(fs[0](), fs[1](), fs[2]())", want: `"0 1 2"`},
			{code: "var gs []func() string\nfor _, s := range []string{\"a\", \"b\"} {\n\tgs = append(gs, func() string { return s })\n}\ngs[0]() + gs[1]()", want: `"ab"`},
			{code: "res := make(chan int, 3)\nfor i := range 3 {\n\tgo func() { res <- i * 10 }()\n}\n<-res + <-res + <-res", want: "30"},
			{code: "n := 0\nfor i := 0; i < 10; i++ {\n\tif i == 2 {\n\t\ti += 5\n\t}\n\tn++\n\t_ = func() int { return i }\n}\nn", want: "5"},
		}},
		{"constant redefined", []step{
			{code: "const c = 3"},
			{code: "const c = \"three\"\nc", want: `"three"`},
		}},
		{"struct type gains a field", []step{
			{code: "type P struct{ X int }\np := P{X: 1}\np", want: "{X:1}"},
			{code: "type P struct{ X, Y int }\nq := P{X: 1, Y: 2}\nq", want: "{X:1 Y:2}"},
			{code: "p", want: "{X:1}"},
		}},
		{"method redefined", []step{
			{code: "type C struct{ n int }\nfunc (c C) Name() string { return \"v1\" }\nold := C{1}\nold.Name()", want: `"v1"`},
			{code: "func (c C) Name() string { return \"v2\" }\nC{2}.Name()", want: `"v2"`},
			{code: "old.Name()", want: `"v1"`},
		}},
		{"methods follow their type", []step{
			{code: "type Acc struct{ sum int }"},
			{code: "func (a *Acc) Add(v int) { a.sum += v }\nfunc (a Acc) Sum() int { return a.sum }"},
			{code: "type Acc struct{ sum, count int }"},
			{code: "a := &Acc{}\na.Add(3)\na.Add(4)\na.Sum()", want: "7"},
			{code: "func (a *Acc) Add(v int) { a.sum += v; a.count++ }\nb := &Acc{}\nb.Add(1)\nb.Add(1)\nb.count*10 + b.Sum()", want: "22"},
		}},
		{"re-running a cell of a type and its methods", []step{
			{code: "type T struct{ v int }\nfunc (t T) Get() int { return t.v }\nT{4}.Get()", want: "4"},
			{code: "type T struct{ v int }\nfunc (t T) Get() int { return t.v }\nT{4}.Get()", want: "4"},
			{code: "type T struct{ v int }\nfunc (t T) Get() int { return t.v }\nT{5}.Get()", want: "5"},
		}},
		{"recursive and mutually recursive types", []step{
			{code: "type Node struct{ v int; next *Node }\nn := &Node{1, &Node{2, nil}}\nn.next.v", want: "2"},
			{code: "type A struct{ b *B }\ntype B struct{ a *A }\nx := A{&B{}}\nx.b.a == nil", want: "true"},
			{code: "type Node struct{ v int; next *Node; tag string }\nm := &Node{v: 1, next: &Node{tag: \"t\"}}\nm.next.tag", want: `"t"`},
		}},
		{"a method that no longer compiles is dropped", []step{
			{code: "type R struct{ w, h int }"},
			{code: "func (r R) Area() int { return r.w * r.h }\nfunc (r R) Wide() bool { return r.w > 2 }"},
			{code: "type R struct{ w int }", stderr: "method R.Area (defined in In[2]) was dropped"},
			{code: "R{3}.Wide()", want: "true"},
			{code: "R{3}.Area()", err: "CompileError: "},
		}},
		{"generic functions and types", []step{
			{code: "func Map[T, U any](xs []T, f func(T) U) []U { var out []U; for _, x := range xs { out = append(out, f(x)) }; return out }\nMap[int, string]([]int{1, 2}, func(i int) string { return fmt.Sprint(i * 2) })", want: `["2" "4"]`},
			{code: "type Stack[T any] struct{ items []T }\nfunc (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }\nst := &Stack[int]{}\nst.Push(4)\nlen(st.items)", want: "1"},
			{code: "type Stack[T any] struct{ items []T }", stderr: ""},
			{code: "type Stack[T any] struct{ items []T; n int }", stderr: "the generic type Stack keeps its first definition (from In[2])"},
		}},
		{"a whole program pasted into a cell", []step{
			{code: "package main\n\nimport \"fmt\"\n\nfunc greet() string { return \"hello\" }\n\nfunc main() {\n\tfmt.Println(greet())\n}", stdout: "hello\n"},
			{code: "1 + 1", want: "2", stdout: ""},
			{code: "func main() {\n\tpanic(\"in main\")\n}", err: "panic: 2:2: in main"},
		}},
	})
}

// TestGoroutines checks goroutines that cells start and wait for. Their
// goroutines read globals while a later part of the cell runs, which
// races inside yaegi (see the package doc, Races).
func TestGoroutines(t *testing.T) {
	if raceDetector {
		t.Skip("goroutines reading globals race with yaegi's frame resizing (see the package doc, Races)")
	}
	play(t, []step{
		{code: "ch := make(chan int)\ngo func() {\n\tfor i := 0; i < 3; i++ {\n\t\tch <- i\n\t}\n\tclose(ch)\n}()\ntotal := 0\nfor v := range ch {\n\ttotal += v\n}\ntotal", want: "3"},
		{code: "results := make(chan int, 3)\nfor i := 0; i < 3; i++ {\n\tgo func(n int) { results <- n * n }(i)\n}\ntotal := 0\nfor i := 0; i < 3; i++ { total += <-results }\ntotal", want: "5"},
		{code: "var wg sync.WaitGroup\nsum := int64(0)\nfunc add(n int64) { atomic.AddInt64(&sum, n); wg.Done() }\nwg.Add(2)\ngo add(3)\ngo add(4)\nwg.Wait()\nsum", want: "7"},
	})
}

// TestTrailingExpression checks what a cell's last expression shows.
func TestTrailingExpression(t *testing.T) {
	s := newTestSession(t)
	s.ok("func two() (int, string) { return 1, \"a\" }\nfunc none() {}\ntype pt struct{ X, Y int }\nvar ptr *pt\nvar err0 error")
	cases := []struct{ code, want string }{
		{"6 * 7", "42"},
		{"3.5", "3.5"},
		{`"text"`, `"text"`},
		{"'a'", "97"},
		{"true && false", "false"},
		{"[]int{1, 2}", "[1 2]"},
		{`[]string{"a", "b c"}`, `["a" "b c"]`},
		{`map[string]int{"b": 2, "a": 1}`, "map[a:1 b:2]"},
		{"pt{1, 2}", "{X:1 Y:2}"},
		{"&pt{3, 4}", "&{X:3 Y:4}"},
		{"two()", `1, "a"`},
		{"strconv.Atoi(\"12\")", "12"}, // a nil error is not shown (show_test.go)
		{"none()", ""},
		{"nil", "<nil>"},
		{"ptr", "<nil>"},
		{"err0", "<nil>"},
		{`errors.New("boom")`, "boom"},
		{`fmt.Errorf("wrapped: %w", io.EOF)`, "wrapped: EOF"},
		{`fmt.Println("printed")`, ""},
		{`fmt.Printf("%d\n", 5)`, ""},
		{"time.Duration(1500) * time.Millisecond", "1.5s"},
		{"x := 5", ""},
		{"for i := 0; i < 2; i++ {}", ""},
		{"if true { 5 }", ""},
	}
	for _, c := range cases {
		res, _ := s.run(c.code)
		if c.code == "if true { 5 }" {
			continue // not valid Go; only checks nothing crashes
		}
		if res.Error != nil {
			t.Errorf("%q failed: %s", c.code, res.Error.EValue)
			continue
		}
		got := ""
		if res.Data != nil {
			got, _ = res.Data["text/plain"].(string)
		}
		if got != c.want {
			t.Errorf("%q shows %q, want %q", c.code, got, c.want)
		}
	}
}
