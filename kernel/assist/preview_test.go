package assist

import (
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
)

type celsius float64

func (c celsius) String() string { return "21.5°C" }

type lockedString struct{ mu *sync.Mutex }

func (l lockedString) String() string { l.mu.Lock(); defer l.mu.Unlock(); return "unlocked" }

type panicky struct{}

func (*panicky) String() string { panic("boom") }

func TestPreview(t *testing.T) {
	type inner struct{ A []int }
	type outer struct {
		Name  string
		In    inner
		hide  int
		Ptr   *int
		Inter any
	}
	big := make([]float64, 1_000_000)
	for i := range big {
		big[i] = float64(i)
	}
	bigMap := map[int]string{}
	for i := range 1000 {
		bigMap[i] = "v"
	}
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"float", 0.05, "0.05"},
		{"float32", float32(0.1), "0.1"},
		{"int", -3, "-3"},
		{"string", "hi", "hi"},
		{"bool", true, "true"},
		{"complex", 1 + 2i, "(1+2i)"},
		{"short slice", []float64{0.5, -1.25}, "[0.5 -1.25]"},
		{"nil slice", []int(nil), "[]"},
		{"array", [3]int{1, 2, 3}, "[1 2 3]"},
		{"long slice", big, "[0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 … (1000000 items)]"},
		{"map sorted like fmt", map[int]string{10: "b", 9: "a"}, "map[9:a 10:b]"},
		{"nil map", map[string]int(nil), "map[]"},
		{"struct like %+v", outer{Name: "n", In: inner{A: []int{1}}, hide: 7}, "{Name:n In:{A:[1]} hide:7 Ptr:<nil> Inter:<nil>}"},
		{"pointer to struct", &inner{A: []int{2}}, "&{A:[2]}"},
		{"Stringer", celsius(21.5), "21.5°C"},
		{"error", errors.New("bad input"), "bad input"},
		{"nil error", error(nil), "<nil>"},
		{"panicking String", &panicky{}, "&{}"},
		{"nested depth", [][][][][]int{{{{{1}}}}}, "[[[[[… 1 items]]]]]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := preview(reflect.ValueOf(tt.v), nil); got != tt.want {
				t.Errorf("preview = %q, want %q", got, tt.want)
			}
		})
	}
	if got := preview(reflect.ValueOf(bigMap), nil); !strings.HasSuffix(got, " … (1000 items)]") || strings.Count(got, ":") != previewItems {
		t.Errorf("large map preview = %q", got)
	}
	long := strings.Repeat("x", 10*previewLimit)
	if got := preview(reflect.ValueOf(long), nil); len(got) > previewLimit+len("…") || !strings.HasSuffix(got, "…") {
		t.Errorf("long string preview has %d bytes", len(got))
	}
	if got := preview(reflect.ValueOf(struct{ Xa, Xb int }{1, 2}), []string{"a", "b"}); got != "{a:1 b:2}" {
		t.Errorf("renamed fields: %q", got)
	}
}

// TestPreviewDoesNotHang checks that a String method blocked on a lock
// (held, say, by a running cell) does not block the inspection.
func TestPreviewDoesNotHang(t *testing.T) {
	var mu sync.Mutex
	mu.Lock()
	defer mu.Unlock()
	got := preview(reflect.ValueOf(lockedString{&mu}), nil) // without the timeout: a deadlock
	if !strings.HasPrefix(got, "{mu:") {
		t.Errorf("preview = %q, want the fields instead of String", got)
	}
}
