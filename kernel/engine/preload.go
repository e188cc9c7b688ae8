package engine

import (
	"github.com/traefik/yaegi/interp"

	"github.com/gonn-dev/gonn/kernel/engine/symbols"
)

// preloaded returns the symbol tables of the compiled packages every
// engine offers besides the standard library.
func preloaded() []interp.Exports {
	return []interp.Exports{symbols.Symbols}
}
