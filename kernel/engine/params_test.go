package engine

import "testing"

// TestUnnamedParameters checks functions whose parameters have no names:
// yaegi v0.16.1 gives such parameters no frame slots, so the function's
// first call of compiled code stored its result over an argument
// ("reflect.Set: value of type *nnlib.Sequential is not assignable to type
// func(time.Duration)").
func TestUnnamedParameters(t *testing.T) {
	playAll(t, []scenario{
		{"nnlib callback literal trained with", []step{
			{code: trainedHistory},
			{code: `batches := 0
cb := nnlib.Callback{OnBatchEnd: func(*nnlib.Sequential, int, map[string]float64) {
	time.Sleep(time.Microsecond)
	batches++
}}
_, err = m.Fit(x, y, nnlib.FitOptions{Epochs: 2, BatchSize: 4, Verbose: nnlib.VerboseSilent, Callbacks: []nnlib.Callback{cb}})
fmt.Sprint(batches, err)`, want: `"4 <nil>"`},
		}},
		{"function literal in a variable", []step{
			{code: "f := func(int) int { return len(fmt.Sprint(123)) }"},
			{code: "f(2)", want: "3"},
		}},
		{"function literal called where it is written", []step{
			{code: "func(int, string) string { return strings.Repeat(\"ab\", 2) }(1, \"\")", want: `"abab"`},
		}},
		{"function declaration", []step{
			{code: "func g(int, string) int { return len(fmt.Sprint(3.5)) }"},
			{code: "g(1, \"a\")", want: "3"},
		}},
		{"variadic", []step{
			{code: "func v(string, ...int) string { return strconv.Itoa(42) }\nv(\"\", 1, 2)", want: `"42"`},
		}},
		{"blank parameters", []step{
			{code: "func b(_ int, _ string) int { return len(fmt.Sprint(12)) }\nb(1, \"\")", want: "2"},
		}},
		{"method, its value and through an interface", []step{
			{code: "type T struct{ n int }\nfunc (T) M(int) int { return len(fmt.Sprint(100)) }\nT{}.M(4)", want: "3"},
			{code: "mv := T{}.M\nmv(3)", want: "3"},
			{code: "type I interface{ M(int) int }\nvar i I = T{}\ni.M(2)", want: "3"},
		}},
		{"method re-emitted for a new version of its type", []step{
			{code: "type U struct{ a int }\nfunc (U) Len(int) int { return len(fmt.Sprint(7, 7)) }"},
			{code: "type U struct{ a, b int }\nU{}.Len(0)", want: "3"},
		}},
		{"unnamed results", []step{
			{code: "func r(int) (int, error) { return strconv.Atoi(\"17\") }\nr(0)", want: "17"},
		}},
		{"function type of a field or variable is left alone", []step{
			{code: "type H struct{ f func(int) string }\nh := H{f: func(int) string { return fmt.Sprint(\"x\") }}\nh.f(1)", want: `"x"`},
		}},
		{"a function stored by an earlier failed redefinition comes back", []step{
			{code: "func k(int) int { return len(fmt.Sprint(99)) }"},
			{code: "func k(int) int { return missing }", err: "CompileError: undefined: missing"},
			{code: "k(0)", want: "2"},
		}},
	})
}
