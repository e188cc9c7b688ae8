package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/gonn-dev/gonn/kernel/assist/docindex"
)

// listed is the part of `go list -json` output gendocs reads.
type listed struct {
	ImportPath string
	Name       string
	Dir        string
	GoFiles    []string
	Standard   bool
	Error      *struct{ Err string }
}

// build documents the standard library packages of std (only the names
// std lists), Go's builtin package, and every package of full.
func build(std api, full []string, warn func(string)) (*docindex.Index, error) {
	paths := []string{"builtin"}
	for p := range std {
		paths = append(paths, p)
	}
	for _, p := range full {
		if p = strings.TrimSpace(p); p != "" {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)
	pkgs, err := goList(paths)
	if err != nil {
		return nil, err
	}
	ix := &docindex.Index{Go: runtime.Version(), Packages: map[string]*docindex.Package{}}
	for _, lp := range pkgs {
		if lp.Error != nil || len(lp.GoFiles) == 0 {
			msg := "no Go files"
			if lp.Error != nil {
				msg = lp.Error.Err
			}
			warn(fmt.Sprintf("skipping %s: %s", lp.ImportPath, msg))
			continue
		}
		keep := std[lp.ImportPath] // nil: document every exported name
		if lp.Standard && keep == nil && lp.ImportPath != "builtin" {
			continue
		}
		p, err := document(lp, keep, warn)
		if err != nil {
			warn(fmt.Sprintf("skipping %s: %v", lp.ImportPath, err))
			continue
		}
		ix.Packages[p.Path] = p
	}
	return ix, nil
}

// goList runs `go list -e -json` on paths, for linux/amd64 without cgo so
// that the index does not depend on the machine that builds it.
func goList(paths []string) ([]listed, error) {
	cmd := exec.Command("go", append([]string{"list", "-e", "-json=ImportPath,Name,Dir,GoFiles,Standard,Error"}, paths...)...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v: %s", err, stderr.Bytes())
	}
	var pkgs []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var lp listed
		if err := dec.Decode(&lp); errors.Is(err, io.EOF) {
			return pkgs, nil
		} else if err != nil {
			return nil, fmt.Errorf("go list output: %w", err)
		}
		pkgs = append(pkgs, lp)
	}
}

// document parses one package and collects the docs of its exported names,
// or only of those in keep (plus methods and fields of kept types) when
// keep is not nil.
func document(lp listed, keep map[string]bool, warn func(string)) (*docindex.Package, error) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range lp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(lp.Dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			warn(fmt.Sprintf("%s: %v", lp.ImportPath, err))
			continue
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, errors.New("no file parses")
	}
	var mode doc.Mode
	if lp.ImportPath == "builtin" {
		mode = doc.AllDecls // its names are lower case
	}
	dp, err := doc.NewFromFiles(fset, files, lp.ImportPath, mode)
	if err != nil {
		return nil, err
	}
	c := collector{
		fset: fset,
		keep: keep,
		pkg:  &docindex.Package{Path: lp.ImportPath, Name: dp.Name, Doc: dp.Doc, Members: map[string]*docindex.Entry{}},
	}
	c.values(dp.Consts, docindex.Const)
	c.values(dp.Vars, docindex.Var)
	c.funcs(dp.Funcs)
	for _, t := range dp.Types {
		c.values(t.Consts, docindex.Const)
		c.values(t.Vars, docindex.Var)
		c.funcs(t.Funcs)
		c.typ(t)
	}
	return c.pkg, nil
}
