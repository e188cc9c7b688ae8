package assist

import (
	"cmp"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"

	"github.com/gonn-dev/gonn/kernel/assist/docindex"
	"github.com/gonn-dev/gonn/kernel/lang"
)

// candidate is one completion before filtering.
type candidate struct {
	name string
	kind Kind
	sig  string // signature of a function, type of a value
	// signature computes sig for the candidates that match, when finding
	// it costs more than a lookup.
	signature func() string
}

// Complete implements lang.Completer. It completes the name before the
// cursor (a position in Unicode code points): package members after
// `pkg.`, fields and methods after `value.` when the value's type is known
// (from the session's values, or from the cell's own declarations), field
// keys inside a struct literal (nnlib.FitOptions{Ep…), otherwise the names
// in scope, Go's keywords and predeclared names, and import paths inside
// an import spec. Nothing is offered inside comments, strings and numbers.
//
// Matches that start with the typed prefix come first, then those that
// start with it ignoring case, then those that contain it (when three or
// more characters are typed); after a period,
// exported names come before unexported ones. Metadata carries, under
// "_jupyter_types_experimental", each match's kind and signature.
func (a *Assistant) Complete(code string, cursor int) (c lang.Completion) {
	defer func() {
		if recover() != nil { // a bug here must not take the kernel down
			c = lang.Completion{Matches: []string{}, CursorStart: cursor, CursorEnd: cursor, Metadata: map[string]any{}}
		}
	}()
	return a.complete(code, cursor)
}

func (a *Assistant) complete(code string, cursor int) lang.Completion {
	off := ByteOffset(code, cursor)
	cursor = CodePoints(code, off)
	st := situate(code, off)
	var cands []candidate
	selector := false
	switch {
	case st.inComment, st.inNumber, st.inString && !st.importString:
	case st.importString:
		for path := range a.pkgs.byPath {
			cands = append(cands, candidate{name: path, kind: Package})
		}
	case st.base != "":
		selector = true
		cands = a.selectorCandidates(code, st)
	default:
		r := newResolver(a, parseCell(code, st.wordStart))
		if fields := r.literalFields(st); len(filter(fields, st.word, true)) > 0 {
			cands, selector = fields, true
			break
		}
		cands = r.scopeCandidates()
	}
	matches := filter(cands, st.word, selector)
	start := CodePoints(code, st.wordStart)
	names := make([]string, len(matches)) // never nil: matches is a JSON list
	types := make([]any, len(matches))
	for i, c := range matches {
		if c.sig == "" && c.signature != nil {
			c.sig = c.signature()
		}
		names[i] = c.name
		types[i] = map[string]any{"start": start, "end": cursor, "text": c.name, "type": jupyterType(c.kind), "signature": c.sig}
	}
	return lang.Completion{
		Matches:     names,
		CursorStart: start,
		CursorEnd:   cursor,
		Metadata:    map[string]any{"_jupyter_types_experimental": types},
	}
}

// selectorCandidates lists what can follow `base.`.
func (a *Assistant) selectorCandidates(code string, st situation) []candidate {
	x, err := parser.ParseExpr(st.base)
	if err != nil {
		return nil
	}
	r := newResolver(a, parseCell(code, st.baseStart))
	op := r.expr(x)
	if op.pkg != nil {
		return a.packageCandidates(op.pkg)
	}
	var cands []candidate
	for _, it := range dedupe(r.members(op.t)) {
		if op.isType && it.kind != Method { // a method expression T.Method
			continue
		}
		cands = append(cands, candidate{name: it.name, kind: it.kind, signature: func() string { return a.itemSignature(r, it) }})
	}
	return cands
}

// packageCandidates lists the members of a preloaded package: its symbol
// table, plus the generic functions yaegi provides as source.
func (a *Assistant) packageCandidates(p *pkg) []candidate {
	ix := a.index()
	cands := make([]candidate, 0, len(p.members))
	for name, m := range p.members {
		cands = append(cands, candidate{name: name, kind: m.kind, signature: func() string {
			if e, ok := ix.Lookup(m.path, name); ok {
				if sig := declSignature(e); sig != "" {
					return sig
				}
			}
			return reflectSignature(m)
		}})
	}
	if docs := ix.Packages[p.path]; docs != nil {
		for name, e := range docs.Members {
			if _, ok := p.members[name]; !ok && e.Source {
				cands = append(cands, candidate{name: name, kind: Kind(e.Kind), signature: func() string { return declSignature(e) }})
			}
		}
	}
	return cands
}

// scopeCandidates lists the names a bare identifier can be: the cell's
// declarations, the session's, packages, keywords and predeclared names.
func (r *resolver) scopeCandidates() []candidate {
	var cands []candidate
	for name, b := range r.cell.names {
		c := candidate{name: name, kind: b.kind}
		if b.fn != nil {
			c.sig = strings.TrimPrefix(exprString(b.fn.Type), "func")
		}
		cands = append(cands, c)
	}
	for name, s := range r.symbols {
		if _, ok := r.cell.names[name]; !ok {
			cands = append(cands, candidate{name: name, kind: s.Kind})
		}
	}
	for _, m := range []map[string]string{r.cell.imports, r.a.scope.Imports()} {
		for name := range m {
			cands = append(cands, candidate{name: name, kind: Package})
		}
	}
	for _, name := range r.a.pkgs.names {
		cands = append(cands, candidate{name: name, kind: Package})
	}
	for _, k := range keywords {
		cands = append(cands, candidate{name: k, kind: Keyword})
	}
	for name := range predeclaredTypes {
		cands = append(cands, candidate{name: name, kind: Type})
	}
	for _, name := range builtinFuncs {
		cands = append(cands, candidate{name: name, kind: Func})
	}
	for _, name := range []string{"true", "false", "iota", "nil"} {
		cands = append(cands, candidate{name: name, kind: Const})
	}
	cands = append(cands, candidate{name: "comparable", kind: Type})
	// The first of each name wins: the cell's over the session's over
	// packages over Go's own names.
	seen := map[string]bool{}
	return slices.DeleteFunc(cands, func(c candidate) bool {
		if seen[c.name] {
			return true
		}
		seen[c.name] = true
		return false
	})
}

var keywords = []string{
	"break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface",
	"map", "package", "range", "return", "select", "struct", "switch", "type", "var",
}

var builtinFuncs = []string{
	"append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len",
	"make", "max", "min", "new", "panic", "print", "println", "real", "recover",
}

// minSubstring is the shortest typed prefix that also matches inside
// names: shorter ones would match most names.
const minSubstring = 3

// filter keeps the candidates that match prefix and sorts them: exact
// prefix, then prefix ignoring case, then (for a prefix of minSubstring
// or more) substring ignoring case; then, after a period, exported names
// first; then by name.
func filter(cands []candidate, prefix string, selector bool) []candidate {
	lower := strings.ToLower(prefix)
	type ranked struct {
		candidate
		rank int
	}
	var rs []ranked
	for _, c := range cands {
		rank := -1
		switch {
		case strings.HasPrefix(c.name, prefix):
			rank = 0
		case strings.HasPrefix(strings.ToLower(c.name), lower):
			rank = 1
		case len(prefix) >= minSubstring && strings.Contains(strings.ToLower(c.name), lower):
			rank = 2
		}
		if rank >= 0 {
			rs = append(rs, ranked{c, rank})
		}
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		if selector {
			if ea, eb := token.IsExported(a.name), token.IsExported(b.name); ea != eb {
				if ea {
					return -1
				}
				return 1
			}
		}
		return cmp.Or(cmp.Compare(strings.ToLower(a.name), strings.ToLower(b.name)), cmp.Compare(a.name, b.name))
	})
	out := make([]candidate, len(rs))
	for i, r := range rs {
		out[i] = r.candidate
	}
	return out
}

// jupyterType names a kind for the _jupyter_types_experimental metadata
// (JupyterLab shows its first letter beside the match).
func jupyterType(k Kind) string {
	switch k {
	case Func:
		return "function"
	case Var:
		return "variable"
	case Const:
		return "constant"
	case Package:
		return "package"
	}
	return string(k)
}

// itemSignature is what a completion shows beside a field (its type) or a
// method (its parameters and results).
func (a *Assistant) itemSignature(r *resolver, it item) string {
	if it.kind == Method && it.owner != nil {
		ix := a.index()
		has := func(path, key string) bool { _, ok := ix.Lookup(path, key); return ok }
		if owner := memberDocOwner(it.owner, it.name, has); owner != nil {
			e, _ := ix.Lookup(owner.PkgPath(), owner.Name()+"."+it.name)
			return declSignature(e)
		}
	}
	s := r.typeString(it.typ)
	if it.kind == Method {
		return strings.TrimPrefix(s, "func")
	}
	return s
}

// declSignature reduces a documented declaration to what follows the name
// of a function ("(a ...any) (n int, err error)"), or to the type of a
// variable or field.
func declSignature(e *docindex.Entry) string {
	d := e.Decl
	switch e.Kind {
	case docindex.Func, docindex.Method:
		d = strings.TrimPrefix(d, "func ")
		if strings.HasPrefix(d, "(") { // the receiver
			if i := matchParen(d); i > 0 {
				d = strings.TrimLeft(d[i+1:], " ")
			}
		}
		i := strings.IndexFunc(d, func(r rune) bool { return r == '(' || r == '[' })
		if i < 0 {
			return ""
		}
		return d[i:]
	case docindex.Field:
		if name, typ, ok := strings.Cut(d, " "); ok && token.IsIdentifier(name) {
			return strings.TrimSpace(typ)
		}
		return d
	case docindex.Var:
		if strings.HasPrefix(d, "var ") && !strings.Contains(d, "\n") {
			f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+d, parser.SkipObjectResolution)
			if err == nil && len(f.Decls) == 1 {
				if vs, ok := f.Decls[0].(*ast.GenDecl).Specs[0].(*ast.ValueSpec); ok && vs.Type != nil {
					return exprString(vs.Type)
				}
			}
		}
	}
	return ""
}

// matchParen returns the index of the parenthesis that closes s[0].
func matchParen(s string) int {
	depth := 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// reflectSignature describes a symbol table member without documentation:
// a function's parameters and results, a variable's or constant's type.
func reflectSignature(m member) string {
	switch m.kind {
	case Func:
		return strings.TrimPrefix(reflectTypeString(m.value.Type()), "func")
	case Var, Const:
		if t := m.typ(); t != nil {
			return reflectTypeString(t)
		}
	}
	return ""
}
