package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGenerated fails when the assembly checked in next to package
// kernels is not what gen writes now: run go generate there.
func TestGenerated(t *testing.T) {
	fs, err := files()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		got, err := os.ReadFile(filepath.Join("..", f.name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.text) {
			t.Errorf("%s is stale: run go generate in nnlib/internal/kernels", f.name)
		}
	}
}
