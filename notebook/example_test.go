package notebook_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/gonn-dev/gonn/kernel/engine"
	"github.com/gonn-dev/gonn/notebook"
)

// Run a notebook with the gonn engine and look at what its cell printed
// and returned.
func ExampleRun() {
	nb, err := notebook.Parse([]byte(`{
 "nbformat": 4, "nbformat_minor": 5, "metadata": {},
 "cells": [{"cell_type": "code", "id": "answer", "metadata": {}, "outputs": [],
   "execution_count": null, "source": ["fmt.Println(\"thinking\")\n", "6 * 7"]}]
}`))
	if err != nil {
		log.Fatal(err)
	}
	e, err := engine.New(engine.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer e.Shutdown(false)
	if err := notebook.Run(context.Background(), nb, e, notebook.Options{}); err != nil {
		log.Fatal(err)
	}
	for _, o := range nb.Cells[0].Outputs {
		switch o.Type {
		case notebook.StreamOutput:
			fmt.Printf("%s: %s", o.Name, o.Text)
		case notebook.ExecuteResultOutput:
			fmt.Printf("Out[%d]: %s\n", o.ExecutionCount, o.Data["text/plain"])
		}
	}
	// Output:
	// stdout: thinking
	// Out[1]: 42
}

// Render a notebook as a web page that needs no network.
func ExampleHTML() {
	nb := &notebook.Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{}, Cells: []*notebook.Cell{
		{Type: notebook.MarkdownCell, Source: "# Loss\n\n$L = (y - \\hat{y})^2$"},
	}}
	page, err := notebook.HTML(nb)
	if err != nil {
		log.Fatal(err)
	}
	for line := range strings.SplitSeq(string(page), "\n") {
		if strings.HasPrefix(line, "<title>") || strings.HasPrefix(line, "<h1") {
			fmt.Println(line)
		}
	}
	fmt.Println(strings.Contains(string(page), "<mover accent=\"true\"><mi>y</mi><mo stretchy=\"false\">^</mo></mover>"))
	// Output:
	// <title>Loss</title>
	// <h1 id="loss">Loss</h1>
	// true
}

// Where `gonn run` writes its results.
func ExampleOutputPaths() {
	fmt.Println(notebook.OutputPaths("notebooks/01-gd.ipynb", notebook.FileOptions{}))
	fmt.Println(notebook.OutputPaths("notebooks/01-gd.ipynb", notebook.FileOptions{OutDir: "build/out"}))
	fmt.Println(notebook.OutputPaths("notebooks/01-gd.ipynb", notebook.FileOptions{InPlace: true}))
	// Output:
	// notebooks/01-gd.out.ipynb notebooks/01-gd.out.html
	// build/out/01-gd.out.ipynb build/out/01-gd.out.html
	// notebooks/01-gd.ipynb notebooks/01-gd.html
}
