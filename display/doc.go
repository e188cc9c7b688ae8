// Package display shows rich output — HTML, Markdown, LaTeX, images,
// plots, JSON, tables, matrices — from Go code running in a gonn notebook,
// and degrades to readable text everywhere else.
//
// A notebook cell uses the package-level functions without importing
// anything:
//
//	display.Markdown("## Loss after 5 epochs")
//	display.Plot(p)                      // a *plot.Plot, as a crisp PNG
//	h := display.NewHandle()             // one output area ...
//	h.Text("epoch 1: loss 0.31")
//	h.Text("epoch 2: loss 0.12")         // ... updated in place
//
// Each call sends one MIME bundle (Jupyter's display_data): a map from MIME
// type to content that always holds a text/plain fallback, so a console or
// a headless run still shows something sensible.
//
// # Who receives the output
//
// A [Displayer] sends bundles to a [Publisher]. The package-level functions
// use a default Displayer that prints the text/plain fallback to os.Stdout,
// so programs started with `go run` work unchanged. A kernel creates its own
// Displayer per interpreter with [New] and binds the package-level names in
// the interpreter to that Displayer's methods (see [Bindings]); every
// package-level function therefore has a method of the same name and
// signature on *Displayer. No package state is shared between kernels.
// Compiled code that has a context can reach the kernel's Displayer with
// [FromContext].
//
// # Rendering values
//
// [Render] turns a value into a bundle: a *plot.Plot, an image.Image, a
// gonum mat.Matrix, or any value with one of the small rendering methods
// ([HTMLer], [Markdowner], [LaTeXer], [SVGer], [PNGer], [JPEGer],
// [MIMEBundler], [PlotMaker]). The interfaces are matched by method set, so a
// library implements them without importing this package. A value that
// builds its own bundle may also give its display metadata
// ([MetadataBundler]): a PNG drawn at twice its size, shown crisp at its
// CSS size, needs nothing else.
//
// Types declared inside a yaegi interpreter reach compiled code through
// func(any) parameters without their methods, unless the interpreter is
// told which interfaces to preserve: a kernel registers [Show], [Render]
// and its own result function in yaegi's MapTypes with [RendererTypes].
//
// # Errors
//
// Display functions return nothing, so that they can end a cell without
// printing a value. When content is invalid (bytes that are not a PNG, a
// value that cannot be encoded as JSON, a plot that cannot be drawn) the
// output shows a message naming the function and the cause instead of the
// content; nothing panics.
package display
