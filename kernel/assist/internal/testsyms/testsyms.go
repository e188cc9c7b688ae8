// Package testsyms holds yaegi symbol tables of the preloaded third-party
// and gonn packages, as the engine builds them, for the assist tests.
package testsyms

import "reflect"

//go:generate go tool yaegi extract -name testsyms gonum.org/v1/gonum/mat gonum.org/v1/plot gonum.org/v1/plot/plotter github.com/gonn-dev/gonn/nnlib github.com/gonn-dev/gonn/display

// Symbols maps "path/name" to the package's exported symbols.
var Symbols = map[string]map[string]reflect.Value{}
