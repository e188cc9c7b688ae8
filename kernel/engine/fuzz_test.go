package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// FuzzExecute feeds arbitrary cells to one engine: whatever the input,
// Execute must return (an error is fine) without an internal error, and
// the engine must keep working.
func FuzzExecute(f *testing.F) {
	for _, seed := range []string{
		"x := 1\nx", "func f() int { return 1 }", "type T struct{ A int }\nT{1}", "import \"fmt\"\nfmt.Println(1)",
		"for i := 0; i < 3; i++ {}", "a, b := 1, 2", "m := map[string]int{}\nv, ok := m[\"k\"]", "go func() {}()",
		"var x = []float64{1, 2}", "package main\nfunc main() {}", "L:\nfor {\n\tbreak L\n}", "panic(1)",
		"\"unterminated", "func (", "}}}", "x := ", "type", "import (", "//line x.go:1\nx", "/*line :0:0*/",
		"// Doc.\ntype T int\n// M doc.\nfunc (T) M() {}", "// doc\ntype (\n\tA int\n\tB string\n)", "/* c */ x := 1 // d",
		"type P struct{ X int }\nfunc (p P) Get() int { return p.X }", "func (p P) Get() int { return 2 }", "v, ok := m[1]",
		"for i := range 3 { _ = func() int { return i } }", "x := max(1, 2.5)", "for i := 0; i < 2; i++ { go func() { _ = i }() }",
		"type S struct{ *S }\nvar s S\ns.x", "type S struct{ s S }", "f := func(int, string) int { return len(fmt.Sprint(1)) }\nf(1, \"\")",
		"nnlib.Dense(4, \"relu\") != nil", "m := map[int]int{1: 2}\nclear(m)", "y := nil", "func r() struct{} { return nil }",
		"const c = 3\nfunc g() int { return c }\nconst c = 4\ng()", "if 1 {}", "var e error = 5",
	} {
		f.Add(seed)
	}
	e, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { e.Shutdown(false) })
	f.Fuzz(func(t *testing.T, code string) {
		if strings.Contains(code, "os.Exit") || strings.Contains(code, "goto") ||
			strings.Contains(code, "<-") || strings.Contains(code, "select") || strings.Contains(code, "Sleep") {
			return // may run for ever or stop the process
		}
		if touchesSystem(code) {
			return // may write files, run commands or change the process
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		res := e.Execute(ctx, lang.ExecuteRequest{Code: code}, lang.Discard)
		if res.Error != nil && res.Error.EName == "InternalError" {
			t.Fatalf("internal error on %q: %s", code, res.Error.EValue)
		}
	})
}

// touchesSystem reports whether a cell may act outside the interpreter:
// shell command lines (a mutated input once created files in the
// package's directory), %env, and the packages that reach the file
// system, processes or the environment.
func touchesSystem(code string) bool {
	for _, line := range strings.Split(code, "\n") {
		if l := strings.TrimSpace(line); strings.HasPrefix(l, "!") || strings.HasPrefix(l, "%") {
			return true
		}
	}
	for _, pkg := range []string{"os", "exec", "syscall", "ioutil", "io", "filepath", "net", "http", "plugin", "unsafe", "runtime", "debug", "signal"} {
		if strings.Contains(code, pkg+".") || strings.Contains(code, pkg+"\"") {
			return true
		}
	}
	return strings.Contains(code, "nnlib.Load") || strings.Contains(code, "Save") || strings.Contains(code, "Checkpoint")
}
