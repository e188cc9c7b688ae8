// Package docindex holds the documentation of the packages gonn's cells can
// use: the signature and doc comment of every exported name, collected at
// build time by go generate (go list, go/parser, go/doc) and embedded, so
// the kernel needs no Go toolchain or sources at run time.
//
// Regenerate with `go generate ./kernel/assist/docindex` after changing the
// Go version, a dependency or one of gonn's own preloaded packages;
// TestIndexIsFresh fails while the embedded index is stale.
package docindex

import (
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"

	_ "embed"
)

//go:generate go run ./internal/gendocs -o index.gob.gz

// Kind says what an Entry documents.
type Kind string

// The kinds of Entry.
const (
	Func   Kind = "func"
	Method Kind = "method" // key "Type.Method"; interface methods too
	Type   Kind = "type"
	Var    Kind = "var"
	Const  Kind = "const"
	Field  Kind = "field" // key "Type.Field"
)

// Index is the documentation of a set of packages, keyed by import path.
type Index struct {
	Go       string // the Go version whose standard library is documented
	Packages map[string]*Package
}

// Package documents one package.
type Package struct {
	Path string
	Name string
	Doc  string // the package comment, in doc comment syntax
	// Members documents exported names, keyed "Name" for package-level
	// names and "Type.Name" for methods and struct fields.
	Members map[string]*Entry
}

// Entry documents one name.
type Entry struct {
	Kind Kind
	Decl string // the declaration, gofmt'd, without function bodies
	Doc  string // the doc comment, in doc comment syntax (go/doc/comment)
	// Source is set for names that cells get as interpreted source rather
	// than from a compiled symbol table (yaegi's generic cmp, maps, slices).
	Source bool
}

// Lookup returns the entry for key ("Name" or "Type.Name") in the package
// with import path path.
func (ix *Index) Lookup(path, key string) (*Entry, bool) {
	p, ok := ix.Packages[path]
	if !ok {
		return nil, false
	}
	e, ok := p.Members[key]
	return e, ok
}

// wireIndex is how an Index is stored: gob of slices sorted by name, so
// that the same index always gives the same bytes (gob writes maps in
// random order), gzip'd. Gob decodes about eight times faster than JSON.
type wireIndex struct {
	Go       string
	Packages []wirePackage
}

type wirePackage struct {
	Path, Name, Doc string
	Keys            []string
	Entries         []Entry
}

// Write encodes ix as gzip'd gob. The output depends only on ix, so a
// regenerated index can be compared byte for byte.
func Write(w io.Writer, ix *Index) error {
	wire := wireIndex{Go: ix.Go}
	for _, path := range slices.Sorted(maps.Keys(ix.Packages)) {
		p := ix.Packages[path]
		wp := wirePackage{Path: p.Path, Name: p.Name, Doc: p.Doc}
		for _, k := range slices.Sorted(maps.Keys(p.Members)) {
			wp.Keys = append(wp.Keys, k)
			wp.Entries = append(wp.Entries, *p.Members[k])
		}
		wire.Packages = append(wire.Packages, wp)
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if err := gob.NewEncoder(zw).Encode(&wire); err != nil {
		return fmt.Errorf("docindex: encoding: %w", err)
	}
	return zw.Close()
}

// Read decodes an index written by Write.
func Read(r io.Reader) (*Index, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("docindex: %w", err)
	}
	var wire wireIndex
	if err := gob.NewDecoder(zr).Decode(&wire); err != nil {
		return nil, fmt.Errorf("docindex: decoding: %w", err)
	}
	ix := &Index{Go: wire.Go, Packages: make(map[string]*Package, len(wire.Packages))}
	for _, wp := range wire.Packages {
		if len(wp.Keys) != len(wp.Entries) {
			return nil, fmt.Errorf("docindex: package %s: %d keys for %d entries", wp.Path, len(wp.Keys), len(wp.Entries))
		}
		p := &Package{Path: wp.Path, Name: wp.Name, Doc: wp.Doc, Members: make(map[string]*Entry, len(wp.Keys))}
		for i, k := range wp.Keys {
			p.Members[k] = &wp.Entries[i]
		}
		ix.Packages[p.Path] = p
	}
	return ix, nil
}

//go:embed index.gob.gz
var embedded []byte

// Embedded returns the index built into the binary. It is decoded once, on
// first use, and shared by every caller in the process: treat it as
// read-only.
func Embedded() (*Index, error) { return decodeEmbedded() }

var decodeEmbedded = sync.OnceValues(func() (*Index, error) {
	return Read(bytes.NewReader(embedded))
})
