package engine

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// BenchmarkNew measures the start of an engine: interpreter, standard
// library and preloaded symbols, output streams.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		e, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		e.Shutdown(false)
	}
}

// benchEngine returns an engine shut down at the end of the benchmark.
func benchEngine(b *testing.B) *Engine {
	b.Helper()
	e, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.Shutdown(false) })
	return e
}

// BenchmarkExecute measures Execute of small cells end to end, output
// flushed and result formatted.
func BenchmarkExecute(b *testing.B) {
	cells := []struct{ name, code string }{
		{"1+1", "1+1"},
		{"println", `fmt.Println("x")`},
		{"define", "v := 3"},
		{"func", "func f(x int) int { return x * 2 }"},
	}
	for _, c := range cells {
		b.Run(c.name, func(b *testing.B) {
			e := benchEngine(b)
			out := &recorder{}
			req := lang.ExecuteRequest{Code: c.code}
			for b.Loop() {
				out.chunks = out.chunks[:0]
				if res := e.Execute(context.Background(), req, out); res.Error != nil {
					b.Fatal(res.Error)
				}
			}
		})
	}
}

// BenchmarkRedefineUsed measures redefining a function that 50 functions
// of earlier cells use, directly or through each other: they are all
// compiled again (dependents.go).
func BenchmarkRedefineUsed(b *testing.B) {
	e := benchEngine(b)
	var setup strings.Builder
	setup.WriteString("func f0(x int) int { return x + 1 }\n")
	for i := 1; i <= 50; i++ {
		fmt.Fprintf(&setup, "func f%d(x int) int {\n\tif x > 1000 {\n\t\treturn x\n\t}\n\treturn f%d(x) + 1\n}\n", i, i-1)
	}
	if res := e.Execute(context.Background(), lang.ExecuteRequest{Code: setup.String()}, &recorder{}); res.Error != nil {
		b.Fatal(res.Error)
	}
	req := lang.ExecuteRequest{Code: "func f0(x int) int { return x + 2 }"}
	for b.Loop() {
		if res := e.Execute(context.Background(), req, &recorder{}); res.Error != nil {
			b.Fatal(res.Error)
		}
	}
	res := e.Execute(context.Background(), lang.ExecuteRequest{Code: "f50(0)"}, &recorder{})
	if res.Error != nil || res.Data["text/plain"] != "52" {
		b.Fatalf("f50(0) = %v %v, want 52", res.Data, res.Error)
	}
}

// BenchmarkInterrupt measures how long Execute takes to return after the
// context of a cell stuck in each way is cancelled (reported as
// latency-µs), and how long the next cell then waits (next-µs).
func BenchmarkInterrupt(b *testing.B) {
	cells := []struct{ name, code string }{
		{"for", "for {}"},
		{"sleep", "time.Sleep(time.Hour)"},
		{"chan", "<-make(chan int)"},
	}
	for _, c := range cells {
		b.Run(c.name, func(b *testing.B) {
			e := benchEngine(b)
			var latency, next time.Duration
			for b.Loop() {
				ctx, cancel := context.WithCancel(context.Background())
				var at time.Time
				go func() {
					time.Sleep(5 * time.Millisecond)
					at = time.Now()
					cancel()
				}()
				e.Execute(ctx, lang.ExecuteRequest{Code: c.code}, &recorder{})
				latency += time.Since(at)
				start := time.Now()
				e.Execute(context.Background(), lang.ExecuteRequest{Code: "1"}, &recorder{})
				next += time.Since(start)
			}
			b.ReportMetric(float64(latency.Microseconds())/float64(b.N), "latency-µs")
			b.ReportMetric(float64(next.Microseconds())/float64(b.N), "next-µs")
		})
	}
}

// BenchmarkBigCell measures a 10 MB cell of data: a []float64 literal of
// about 950 000 numbers (yaegi's compilation of the literal dominates).
func BenchmarkBigCell(b *testing.B) {
	var code strings.Builder
	code.WriteString("data := []float64{")
	for code.Len() < 10<<20 {
		code.WriteString("1.2345678, ")
	}
	code.WriteString("}\nlen(data)")
	e := benchEngine(b)
	req := lang.ExecuteRequest{Code: code.String()}
	b.SetBytes(int64(len(req.Code)))
	for b.Loop() {
		if res := e.Execute(context.Background(), req, &recorder{}); res.Error != nil {
			b.Fatal(res.Error)
		}
	}
}
