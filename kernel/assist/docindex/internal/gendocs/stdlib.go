package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/generic"
)

// api is the part of a package's API that cells can use, by import path:
// the names of its symbol table, and the names yaegi provides as
// interpreted generic source (marked true).
type api map[string]map[string]bool

// stdlibAPI returns what yaegi's standard library gives cells: the
// symbol tables (keyed "path/name") and the generic sources of cmp, maps
// and slices, which it compiles when the tables are used.
func stdlibAPI() api {
	a := api{}
	for key, syms := range stdlib.Symbols {
		slash := strings.LastIndexByte(key, '/')
		if slash < 0 || strings.Contains(strings.Split(key, "/")[0], ".") {
			continue // "." holds yaegi's own MapTypes; a dotted path is not std
		}
		path := key[:slash]
		names := a[path]
		if names == nil {
			names = map[string]bool{}
			a[path] = names
		}
		for name := range syms {
			if !strings.HasPrefix(name, "_") { // interface wrappers
				names[name] = false
			}
		}
	}
	for _, src := range generic.Sources {
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
		if err != nil {
			continue // yaegi compiles these; it cannot ship one that does not parse
		}
		names := a[f.Name.Name] // cmp, maps, slices: import path == name
		if names == nil {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.IsExported() {
				names[fd.Name.Name] = true
			}
		}
	}
	return a
}
