// Package assist answers the questions a Jupyter client asks about Go code
// while the user types: completion (complete_request), documentation under
// the cursor (inspect_request, Shift+Tab) and whether a console input is a
// whole cell yet (is_complete_request).
//
// It knows Go but neither ZeroMQ nor the interpreter: the engine hands it
// the symbol tables of the packages cells can use and a Scope describing the
// user's session, and delegates lang.Completer, lang.Inspector and
// lang.CompletenessChecker to it. Cursor positions count Unicode code
// points, as the messaging protocol does; ByteOffset and CodePoints convert.
package assist
