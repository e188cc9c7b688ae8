// Command gen writes the amd64 assembly of package kernels: the GEMM
// micro-kernels (gemm_amd64.s) and the Adam update (adam_amd64.s), each for
// AVX-512 and for AVX2 with FMA.
//
// Run it from the kernels directory through go generate; TestGenerated in
// this package fails when the files there differ from what gen writes.
// The assembly is generated rather than typed because a micro-kernel is the
// same few instructions repeated for every row and vector of its tile; the
// generator states the pattern once, with the register plan beside it.
package main

import (
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	dir := flag.String("dir", ".", "directory to write the .s files into")
	flag.Parse()
	fs, err := files()
	if err != nil {
		log.Fatalf("gen: %v", err)
	}
	for _, f := range fs {
		if err := os.WriteFile(filepath.Join(*dir, f.name), f.text, 0o644); err != nil {
			log.Fatalf("gen: %v", err)
		}
	}
}

// file is one generated assembly file.
type file struct {
	name string
	text []byte
}

// files returns every file gen writes, the Go ones gofmt'ed.
func files() ([]file, error) {
	fs := []file{
		{"gemm_amd64.s", gemmFile()},
		{"gemm_kernels_amd64.go", gemmGoFile()},
		{"adam_amd64.s", adamFile()},
		{"convert_amd64.s", convertFile()},
		{"sparse_amd64.s", sparseFile()},
		{"transpose_amd64.s", transposeFile()},
		{"elementwise_amd64.s", elementwiseFile()},
		{"sparse_kernels_amd64.go", sparseGoFile()},
	}
	for i, f := range fs {
		if !strings.HasSuffix(f.name, ".go") {
			continue
		}
		text, err := format.Source(f.text)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f.name, err)
		}
		fs[i].text = text
	}
	return fs, nil
}
