package assist

import (
	"slices"
	"testing"
	"time"
)

// benchmarkComplete measures Complete end to end on code, in a session
// with the cells of the tests, and reports the median and 99th percentile
// latency besides the mean.
func benchmarkComplete(b *testing.B, code string) {
	a := newSession(b, sessionCells...).assistant()
	cursor := CodePoints(code, len(code))
	if got := a.Complete(code, cursor); len(got.Matches) == 0 {
		b.Fatalf("no matches for %q", code)
	}
	var times []time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		a.Complete(code, cursor)
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds()), "median-µs")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds()), "p99-µs")
}

func BenchmarkCompleteNnlib(b *testing.B) { benchmarkComplete(b, "nnlib.") }
func BenchmarkCompleteFmt(b *testing.B)   { benchmarkComplete(b, "fmt.") }
func BenchmarkCompleteValue(b *testing.B) { benchmarkComplete(b, "m.") }
func BenchmarkCompleteBare(b *testing.B)  { benchmarkComplete(b, "x := 1\nfmt.Println(x)\nle") }
func BenchmarkCompleteInBody(b *testing.B) {
	benchmarkComplete(b, "func train(epochs int) {\n\tfor i := range epochs {\n\t\tloss := m.Fit\n\t\td := mat.NewDense(2, 2, nil)\n\t\td.")
}

func BenchmarkInspectMethod(b *testing.B) {
	a := newSession(b, sessionCells...).assistant()
	code := "m.Compile"
	for b.Loop() {
		if !a.Inspect(code, len(code), 0).Found {
			b.Fatal("not found")
		}
	}
}
