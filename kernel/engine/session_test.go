package engine

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// TestGoroutinePanic checks that a panic in a goroutine a cell started is
// reported on stderr instead of killing the process.
func TestGoroutinePanic(t *testing.T) {
	play(t, []step{
		{code: "done := make(chan bool)\ngo func() {\n\tdefer close(done)\n\tpanic(\"in a goroutine\")\n}()\n<-done\ntime.Sleep(10 * time.Millisecond)",
			stderr: "panic in goroutine started at In[1] 2:1: in a goroutine"},
		{code: "func worker(n int) { var m map[int]int; m[n] = n }\ngo worker(3)\ntime.Sleep(50 * time.Millisecond)",
			stderr: "panic in goroutine started at In[2] 2:1: assignment to entry in nil map"},
		{code: "go os.Exit(1)\ntime.Sleep(50 * time.Millisecond)", stderr: "os.Exit(1) in goroutine"},
		{code: "got := make(chan float32, 1)\nfunc send(x float32, big uint64) { got <- x + float32(big>>63) }\nconst one = 1 << 63\ngo send(math.Pi, one)\n<-got", want: "4.141593"},
		{code: "1 + 1", want: "2"},
	})
}

// TestBigCells checks cells of 10 MB: the pipeline is linear in the size
// of a cell.
func TestBigCells(t *testing.T) {
	s := newTestSession(t)
	var b strings.Builder
	b.WriteString("text := `")
	for b.Len() < 10<<20 {
		b.WriteString("0123456789abcdef ")
	}
	b.WriteString("`\nlen(text) > 10000000")
	start := time.Now()
	if got, _ := s.ok(b.String()); got != "true" {
		t.Errorf("10 MB string cell = %q", got)
	}
	t.Logf("10 MB string literal: %v", time.Since(start))

	b.Reset()
	b.WriteString("sum := 0\n")
	n := 0
	for b.Len() < 10<<20 {
		b.WriteString("sum += 1 // a statement and a comment, 10 MB of them\n")
		n++
	}
	b.WriteString("sum")
	start = time.Now()
	if got, _ := s.ok(b.String()); got != strconv.Itoa(n) {
		t.Errorf("sum of %d ones = %q", n, got)
	}
	t.Logf("10 MB of statements (%d lines): %v", n, time.Since(start))

	// An error at the end of a 10 MB cell names its line.
	e, _ := s.fails(strings.Repeat("// filler line of a big cell\n", 350000) + "undefinedAtTheEnd")
	if !strings.HasPrefix(e.EValue, "350001:1: undefined: undefinedAtTheEnd") {
		t.Errorf("error %q", e.EValue)
	}
}

// TestImports checks imports: repeated ones are harmless, aliases work,
// packages are imported automatically, conflicts are explained.
func TestImports(t *testing.T) {
	play(t, []step{
		{code: "import \"fmt\"\nimport \"fmt\""},
		{code: "import (\n\t\"math\"\n\t\"os\"\n)\nmath.Floor(float64(os.Getpagesize()) * 0)", want: "0"},
		{code: "import m \"math\"\nm.Sqrt(16)", want: "4"},
		{code: "strings.Count(\"cheese\", \"e\")", want: "3"},
		{code: "rand.New(rand.NewSource(1)).Intn(100) >= 0", want: "true"},
		{code: "sort.IntsAreSorted([]int{1, 2})", want: "true"},
		{code: "import \"crypto/rand\"", err: "CompileError: rand already names package \"math/rand\""},
		{code: "import crand \"crypto/rand\"\nb := make([]byte, 4)\n_, err := crand.Read(b)\nerr", want: "<nil>"},
		{code: "mat.NewDense(2, 2, []float64{1, 2, 3, 4}).At(1, 0)", want: "3"},
		{code: "stat.Mean([]float64{1, 2, 3}, nil)", want: "2"},
		{code: "import \"no/such/package\"", err: "CompileError: "},
	})
}

// TestTwoEngines checks that two engines in one process share nothing:
// not variables, not output, not interrupts.
func TestTwoEngines(t *testing.T) {
	g := newGate()
	a, b := newGatedSession(t, g), newTestSession(t)
	a.ok("x := \"a\"")
	b.ok("x := \"b\"")
	if got, _ := a.ok("x"); got != `"a"` {
		t.Errorf("engine a sees x = %s", got)
	}
	done := make(chan lang.Result)
	go func() {
		res, _ := a.run("import \"gonn.test/gate\"\ngate.Wait()\nx")
		done <- res
	}()
	<-g.entered // a cell runs in a while b runs its own
	_, out := b.ok("time.Sleep(10 * time.Millisecond)\nfmt.Println(\"b runs\")")
	if out.text("stdout") != "b runs\n" {
		t.Errorf("engine b output %q", out.text("stdout"))
	}
	g.open()
	if res := <-done; res.Error != nil || res.Data["text/plain"] != `"a"` {
		t.Errorf("engine a: %v %v", res.Data, res.Error)
	}
	if got, _ := b.ok("x"); got != `"b"` {
		t.Errorf("engine b sees x = %s", got)
	}
}

// TestShutdown checks that a shut down engine refuses cells.
func TestShutdown(t *testing.T) {
	e, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Shutdown(false); err != nil {
		t.Fatal(err)
	}
	res := e.Execute(context.Background(), lang.ExecuteRequest{Code: "1"}, &recorder{})
	if res.Error == nil {
		t.Error("a shut down engine ran a cell")
	}
	if err := e.Shutdown(true); err != nil {
		t.Errorf("second Shutdown: %v", err)
	}
}

// TestInfo checks the language description.
func TestInfo(t *testing.T) {
	e := newTestSession(t).e
	info := e.Info()
	if info.Implementation != "gonn" || info.Language.Name != "go" || info.Language.FileExtension != ".go" || info.Language.Version == "" {
		t.Errorf("info %+v", info)
	}
}

// TestUserExpressions checks user_expressions: evaluated after the cell,
// each giving a bundle or an error, with their output discarded.
func TestUserExpressions(t *testing.T) {
	s := newTestSession(t)
	s.count++
	out := &recorder{}
	res := s.e.Execute(context.Background(), lang.ExecuteRequest{
		Code:            "n := 6",
		ExecutionCount:  s.count,
		UserExpressions: map[string]string{"double": "n * 2", "bad": "nope + 1", "printed": "fmt.Println(\"quiet\")"},
	}, out)
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	double, _ := res.UserExpressions["double"].(map[string]any)
	if double["status"] != "ok" || double["data"].(map[string]any)["text/plain"] != "12" {
		t.Errorf("double: %v", double)
	}
	bad, _ := res.UserExpressions["bad"].(map[string]any)
	if bad["status"] != "error" || !strings.Contains(bad["evalue"].(string), "undefined: nope") {
		t.Errorf("bad: %v", bad)
	}
	if out.text("stdout") != "" {
		t.Errorf("user expression output reached the cell: %q", out.text("stdout"))
	}
}

// TestLenient checks what Go rejects but notebooks accept: unused
// variables and imports.
func TestLenient(t *testing.T) {
	play(t, []step{
		{code: "import \"os\""},
		{code: "func f() int {\n\tunused := 3\n\treturn 1\n}\nf()", want: "1"},
		{code: "x := 1\nx := 2\nx", want: "2"},
	})
}

// TestTemporariesFreed checks that what a statement allocates without
// declaring a global is freed after the cell: yaegi would keep the
// temporaries of top-level statements forever.
func TestTemporariesFreed(t *testing.T) {
	s := newTestSession(t)
	s.ok("n := 0")
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	s.ok("n = len(make([]byte, 256<<20))\nfor i := 0; i < 3; i++ {\n\tbuf := make([]byte, 64<<20)\n\tn += len(buf) - len(buf)\n}")
	after := heap()
	t.Logf("heap before %d MB, after %d MB", before>>20, after>>20)
	if after > before+64<<20 {
		t.Errorf("the cell's temporaries were kept: heap grew from %d MB to %d MB", before>>20, after>>20)
	}
}
