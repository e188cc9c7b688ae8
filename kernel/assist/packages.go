package assist

import (
	"cmp"
	"go/constant"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// packages are the preloaded packages cells can use, from the symbol tables.
type packages struct {
	byPath map[string]*pkg
	// byName maps a package name to its package or, when several share
	// the name (crypto/rand, math/rand), to the union of their members,
	// the preferred package's first.
	byName map[string]*pkg
	names  []string // sorted package names
}

// pkg is one preloaded package, or the union of those with one name.
type pkg struct {
	path, name string
	members    map[string]member
}

// member is a package-level name of a preloaded package.
type member struct {
	name, path string // path is the import path of its package
	kind       Kind
	value      reflect.Value // the symbol table's value
}

// typ returns the type of a variable, constant or function member, or the
// type a type member denotes; nil for an untyped constant.
func (m member) typ() reflect.Type {
	switch {
	case !m.value.IsValid():
		return nil
	case m.kind == Type:
		return m.value.Type().Elem()
	case m.kind == Const && m.value.Type().Implements(constantValue):
		return nil
	}
	return m.value.Type()
}

var constantValue = reflect.TypeFor[constant.Value]()

func newPackages(tables []map[string]map[string]reflect.Value) *packages {
	ps := &packages{byPath: map[string]*pkg{}, byName: map[string]*pkg{}}
	for _, symbols := range tables {
		for key, syms := range symbols {
			slash := strings.LastIndexByte(key, '/')
			if slash <= 0 || slash == len(key)-1 {
				continue // "." holds yaegi's own MapTypes
			}
			p := &pkg{path: key[:slash], name: key[slash+1:], members: make(map[string]member, len(syms))}
			for name, v := range syms {
				if strings.HasPrefix(name, "_") { // yaegi's interface wrappers
					continue
				}
				p.members[name] = member{name: name, path: p.path, kind: symbolKind(v), value: v}
			}
			ps.byPath[p.path] = p
		}
	}
	byName := map[string][]*pkg{}
	for _, p := range ps.byPath {
		byName[p.name] = append(byName[p.name], p)
	}
	for name, list := range byName {
		ps.names = append(ps.names, name)
		if len(list) == 1 {
			ps.byName[name] = list[0]
			continue
		}
		slices.SortFunc(list, preferred)
		union := &pkg{path: list[0].path, name: name, members: map[string]member{}}
		for _, p := range slices.Backward(list) {
			maps.Copy(union.members, p.members)
		}
		ps.byName[name] = union
	}
	slices.Sort(ps.names)
	return ps
}

// preferred orders packages that share a name the way a reader would
// guess: the standard library first, then the shorter path (math/rand
// before crypto/rand), then alphabetically.
func preferred(a, b *pkg) int {
	if sa, sb := isStd(a.path), isStd(b.path); sa != sb {
		if sa {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(len(a.path), len(b.path)), strings.Compare(a.path, b.path))
}

// isStd reports whether path is a standard library import path.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// symbolKind tells what a symbol table entry is, from how `yaegi extract`
// writes them: variables as addressable values, types as nil pointers to
// the type, functions as functions, constants as plain values (untyped
// ones as go/constant values).
func symbolKind(v reflect.Value) Kind {
	switch {
	case !v.IsValid():
		return Const
	case v.CanAddr():
		return Var
	case v.Kind() == reflect.Func:
		return Func
	case v.Kind() == reflect.Pointer && v.IsNil():
		return Type
	}
	return Const
}
