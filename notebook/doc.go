// Package notebook reads, executes and exports Jupyter notebooks (nbformat 4)
// without Jupyter.
//
// It is the library behind `gonn run`: [Read] loads a .ipynb file, [Run]
// executes its code cells through any [lang.Interpreter] (the same engine the
// kernel uses) and fills in outputs and execution counts the way Jupyter's
// nbclient does, [Notebook.Write] saves the result atomically, and [HTML]
// renders a self-contained web page (Markdown, math as MathML, highlighted
// Go, images inline) that needs no network to view. [RunFile] ties these
// together for one input file with the naming rules of the command line.
//
// Output is deterministic: JSON keys are sorted and indented the way
// nbformat writes them, and no timestamps are recorded unless
// [Options.RecordTiming] asks for nbclient-style metadata.execution.
//
// [lang.Interpreter]: github.com/gonn-dev/gonn/kernel/lang.Interpreter
package notebook
