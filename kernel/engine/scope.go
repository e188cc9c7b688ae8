package engine

import (
	"reflect"
	"sort"
	"strings"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/gonn-dev/gonn/kernel/assist"
	"github.com/gonn-dev/gonn/kernel/lang"
)

// Completion, inspection and is_complete are answered by package assist,
// which knows Go but not the interpreter; the engine tells it what the
// session has defined through a Scope.

// maxSource is the longest declaration kept to show on inspection.
const maxSource = 4 << 10

// excerpt shortens the source of a huge declaration (a data literal).
func excerpt(src string) string {
	if len(src) <= maxSource {
		return src
	}
	return src[:maxSource] + " …"
}

// newAssistant creates the engine's assistant over the importable packages.
func (e *Engine) newAssistant() *assist.Assistant {
	tables := []interp.Exports{stdlib.Symbols, execSymbols()}
	tables = append(tables, preloaded()...)
	tables = append(tables, e.opts.Symbols...)
	return assist.New(scope{e}, tables...)
}

// Complete implements lang.Completer.
func (e *Engine) Complete(code string, cursor int) lang.Completion {
	if c, ok := e.completeMagic(code, cursor); ok {
		return c
	}
	return e.assist.Complete(code, cursor)
}

// Inspect implements lang.Inspector.
func (e *Engine) Inspect(code string, cursor, detailLevel int) lang.Inspection {
	if in, ok := e.inspectMagic(code, cursor); ok {
		return in
	}
	return e.assist.Inspect(code, cursor, detailLevel)
}

// IsComplete implements lang.CompletenessChecker.
func (e *Engine) IsComplete(code string) lang.Completeness {
	return e.assist.IsComplete(code)
}

// scope is the engine's assist.Scope. Its methods run concurrently with
// cells; they read the session under its lock and never wait for a cell.
type scope struct{ e *Engine }

// Names implements assist.Scope.
func (s scope) Names() []assist.Symbol {
	sess := s.e.sess
	sess.mu.RLock()
	defer sess.mu.RUnlock()
	var out []assist.Symbol
	for name, g := range sess.globals {
		out = append(out, assist.Symbol{Name: name, Kind: kindOf(g.kind)})
		if g.typ != nil {
			for _, m := range g.typ.methods {
				out = append(out, assist.Symbol{Name: m.name, Kind: assist.Method, Recv: name})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Recv != out[j].Recv {
			return out[i].Recv < out[j].Recv
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// kindOf converts the session's kinds to assist's.
func kindOf(k symKind) assist.Kind {
	switch k {
	case symConst:
		return assist.Const
	case symFunc:
		return assist.Func
	case symType:
		return assist.Type
	}
	return assist.Var
}

// Value implements assist.Scope: the current value of a variable or
// constant.
// It reads the values kept when the last cell ended: asking yaegi for its
// globals while a cell compiles races with the compiler's maps.
func (s scope) Value(name string) (reflect.Value, bool) {
	s.e.sess.mu.RLock()
	g := s.e.sess.globals[name]
	s.e.sess.mu.RUnlock()
	if g == nil || (g.kind != symVar && g.kind != symConst) {
		return reflect.Value{}, false
	}
	values := s.e.values.Load()
	if values == nil {
		return reflect.Value{}, false
	}
	v, ok := (*values)[name]
	return v, ok && v.IsValid()
}

// keepValues keeps the interpreter's globals for Value. It is called
// between cells, under Engine.mu.
func (e *Engine) keepValues() {
	values := e.globals()
	e.values.Store(&values)
}

// Source implements assist.Scope: "f" for a name, "T.M" for a method.
func (s scope) Source(name string) (string, bool) {
	sess := s.e.sess
	sess.mu.RLock()
	defer sess.mu.RUnlock()
	if typ, method, ok := strings.Cut(name, "."); ok {
		g := sess.globals[typ]
		if g == nil || g.typ == nil {
			return "", false
		}
		for _, m := range g.typ.methods {
			if m.name == method {
				return m.decl.text, true
			}
		}
		return "", false
	}
	g := sess.globals[name]
	if g == nil || g.source == "" {
		return "", false
	}
	return g.source, true
}

// Imports implements assist.Scope.
func (s scope) Imports() map[string]string {
	sess := s.e.sess
	sess.mu.RLock()
	defer sess.mu.RUnlock()
	out := make(map[string]string, len(sess.imports))
	for name, r := range sess.imports {
		if name != hookAlias {
			out[name] = r.path
		}
	}
	return out
}
