package assist

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// previewLimit is how much of a value an inspection shows.
const (
	previewLimit = 1200 // bytes
	previewItems = 16   // elements of a slice, array or map
	previewDepth = 4    // levels of nesting
)

// preview formats v like fmt's %+v (strings unquoted), but within previewLimit bytes: it
// formats only the elements of a large slice, map or struct that it shows,
// so inspecting a variable that holds a dataset costs no more than a
// small one. fieldNames, if not nil, renames the fields of a top-level
// struct (the interpreter renames unexported fields of its own types).
func preview(v reflect.Value, fieldNames []string) string {
	p := &previewer{fieldNames: fieldNames}
	p.value(v, 0)
	s := p.b.String()
	if p.full || len(s) > previewLimit {
		s = truncate(s, previewLimit) + "…"
	}
	return s
}

type previewer struct {
	b          strings.Builder
	full       bool // stopped at the limit
	fieldNames []string
}

func (p *previewer) write(s string) {
	if p.full {
		return
	}
	if p.b.Len()+len(s) > previewLimit {
		p.b.WriteString(truncate(s, previewLimit-p.b.Len()))
		p.full = true
		return
	}
	p.b.WriteString(s)
}

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:max(n, 0)]
}

var (
	stringerType = reflect.TypeFor[fmt.Stringer]()
	errorType    = reflect.TypeFor[error]()
)

func (p *previewer) value(v reflect.Value, depth int) {
	if p.full {
		return
	}
	if !v.IsValid() {
		p.write("<nil>")
		return
	}
	if s, ok := describeItself(v); ok {
		p.write(s)
		return
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			p.write("<nil>")
			return
		}
		p.value(v.Elem(), depth)
	case reflect.Pointer:
		if v.IsNil() {
			p.write("<nil>")
			return
		}
		if depth > 0 || v.Elem().Kind() != reflect.Struct && v.Elem().Kind() != reflect.Slice && v.Elem().Kind() != reflect.Array && v.Elem().Kind() != reflect.Map {
			p.write(fmt.Sprintf("(%s)(%#x)", v.Type(), v.Pointer()))
			return
		}
		p.write("&")
		p.value(v.Elem(), depth)
	case reflect.Struct:
		p.structValue(v, depth)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			p.write("[]")
			return
		}
		p.list(v.Len(), depth, func(i int) { p.value(v.Index(i), depth+1) })
	case reflect.Map:
		p.mapValue(v, depth)
	case reflect.String:
		p.write(v.String())
	case reflect.Bool:
		p.write(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		p.write(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		p.write(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32:
		p.write(strconv.FormatFloat(v.Float(), 'g', -1, 32))
	case reflect.Float64:
		p.write(strconv.FormatFloat(v.Float(), 'g', -1, 64))
	case reflect.Complex64, reflect.Complex128:
		p.write(fmt.Sprint(v.Complex()))
	default: // func, chan, unsafe pointer
		if v.IsNil() {
			p.write("<nil>")
			return
		}
		p.write(fmt.Sprintf("(%s)(%#x)", v.Type(), v.Pointer()))
	}
}

// methodTimeout bounds how long a String or Error method may take: one
// that waits for a lock the running cell holds must not hang the kernel's
// replies.
const methodTimeout = 250 * time.Millisecond

// describeItself uses a compiled type's String or Error method, guarded
// against panics (a nil receiver, say) and bounded in time; the result is
// truncated by the caller.
func describeItself(v reflect.Value) (string, bool) {
	t := v.Type()
	if !v.CanInterface() || t.PkgPath() == "" && (t.Kind() != reflect.Pointer || t.Elem().PkgPath() == "") {
		return "", false // interpreted and unnamed types have no methods reflect can call
	}
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return "", false
	}
	var f func() string
	switch {
	case t.Implements(errorType):
		f = v.Interface().(error).Error
	case t.Implements(stringerType):
		f = v.Interface().(fmt.Stringer).String
	default:
		return "", false
	}
	done := make(chan string, 1)
	go func() {
		defer func() {
			if recover() != nil {
				close(done)
			}
		}()
		done <- f()
	}()
	timer := time.NewTimer(methodTimeout)
	defer timer.Stop()
	select {
	case s, ok := <-done:
		return s, ok
	case <-timer.C:
		return "", false
	}
}

func (p *previewer) structValue(v reflect.Value, depth int) {
	if depth >= previewDepth {
		p.write("{…}")
		return
	}
	t := v.Type()
	names := p.fieldNames
	p.fieldNames = nil // only for the top level
	p.write("{")
	shown := 0
	for i := range t.NumField() {
		f := t.Field(i)
		if shown > 0 {
			p.write(" ")
		}
		name := f.Name
		if i < len(names) {
			name = names[i]
		}
		p.write(name + ":")
		p.value(v.Field(i), depth+1)
		shown++
	}
	p.write("}")
}

func (p *previewer) list(n, depth int, elem func(int)) {
	if depth >= previewDepth {
		p.write(fmt.Sprintf("[… %d items]", n))
		return
	}
	p.write("[")
	for i := range min(n, previewItems) {
		if i > 0 {
			p.write(" ")
		}
		elem(i)
	}
	if n > previewItems {
		p.write(fmt.Sprintf(" … (%d items)", n))
	}
	p.write("]")
}

func (p *previewer) mapValue(v reflect.Value, depth int) {
	if v.IsNil() {
		p.write("map[]")
		return
	}
	if depth >= previewDepth {
		p.write(fmt.Sprintf("map[… %d items]", v.Len()))
		return
	}
	// Sort the keys as fmt does when there are few; take the first ones
	// found otherwise, so that a large map costs no more than a small one.
	var keys []reflect.Value
	it := v.MapRange()
	for it.Next() {
		keys = append(keys, it.Key())
		if len(keys) > 4*previewItems {
			break
		}
	}
	if v.Len() <= 4*previewItems {
		slices.SortFunc(keys, compareKeys)
	}
	p.write("map[")
	for i, k := range keys[:min(len(keys), previewItems)] {
		if i > 0 {
			p.write(" ")
		}
		p.value(k, depth+1)
		p.write(":")
		p.value(v.MapIndex(k), depth+1)
	}
	if v.Len() > previewItems {
		p.write(fmt.Sprintf(" … (%d items)", v.Len()))
	}
	p.write("]")
}

// compareKeys orders map keys as fmt prints them: numbers by value,
// strings and everything else by their text.
func compareKeys(a, b reflect.Value) int {
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmp.Compare(a.Int(), b.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return cmp.Compare(a.Uint(), b.Uint())
	case reflect.Float32, reflect.Float64:
		return cmp.Compare(a.Float(), b.Float())
	case reflect.String:
		return strings.Compare(a.String(), b.String())
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}
