// Package assist answers the questions a Jupyter client asks about Go code
// while the user types: completion (complete_request), documentation under
// the cursor (inspect_request, Shift+Tab) and whether a console input is a
// whole cell yet (is_complete_request).
//
// It knows Go but neither ZeroMQ nor the interpreter. The engine creates
// one Assistant per session with New, handing it the yaegi symbol tables
// of the packages cells can use and a Scope that describes what earlier
// cells declared, and delegates lang.Completer, lang.Inspector and
// lang.CompletenessChecker to it:
//
//	a := assist.New(scope, stdlib.Symbols, preloaded) // or tables...
//	c := a.Complete(code, cursor)
//
// Cursor positions count Unicode code points, as the messaging protocol
// does; ByteOffset and CodePoints convert to and from byte offsets.
//
// Types are found without go/types: from reflect for compiled packages
// and for the session's current values, and from the source of the cell
// (parsed up to the cursor) and of earlier cells for what the user
// declared. Documentation comes from package docindex, collected from the
// packages' sources at build time (go generate ./kernel/assist/docindex)
// and embedded, so the kernel needs no Go toolchain at run time.
package assist
