package engine

import "github.com/traefik/yaegi/interp"

// preloaded returns the symbol tables of the compiled packages every
// engine offers besides the standard library.
func preloaded() []interp.Exports {
	return nil
}
