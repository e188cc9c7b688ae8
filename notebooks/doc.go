// Package notebooks holds gonn's walkthrough notebooks, from gradient descent
// by hand to a Keras-style MNIST classifier, and the tests that execute them.
//
// Each notebook NAME.ipynb is generated from source/NAME.md, a Markdown file
// that reads well on its own: every fenced block opened by a line "```go"
// becomes a code cell, and the text between code cells becomes Markdown
// cells (a line "<!-- cell -->" splits it into several). The notebooks are
// committed without outputs. After editing a source, regenerate them with
//
//	go generate ./notebooks
//
// which runs TestNotebooksMatchSources with -update; without -update that
// test fails when a notebook and its source differ.
//
// The tests that execute the notebooks (twice with `gonn run`, comparing
// the outputs, and checking notebook 01's table against the reference
// fixture and notebook 05's accuracy) train MNIST, so they run only when
// GONN_NOTEBOOK_TESTS=1, as `make test-notebooks` sets it.
package notebooks

//go:generate go test -run ^TestNotebooksMatchSources$ -update .
