"""Executes a notebook through gonn with nbclient, the library behind
`jupyter nbconvert --execute` and papermill, and checks what it records.

Run by `make test-jupyter` with the private Jupyter directories (see
test_conformance.py).
"""

import os
import unittest

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

KERNEL = os.environ.get("GONN_KERNEL_NAME", "gonn")


def notebook(*cells):
    nb = new_notebook(cells=[new_markdown_cell("# gonn through nbclient")] + list(cells))
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Go (gonn)", "language": "go"}
    return nb


def execute(nb, **kw):
    NotebookClient(nb, kernel_name=KERNEL, timeout=60, **kw).execute()
    nbformat.validate(nb)
    return nb


class NBClient(unittest.TestCase):
    def test_outputs_and_counts(self):
        nb = execute(notebook(
            new_code_cell('fmt.Println("hello")\nfmt.Fprintln(os.Stderr, "warning")'),
            new_code_cell("x := 6\nx * 7"),
            new_code_cell("for i := 0; i < 3; i++ { fmt.Print(i, \" \") }"),
        ))
        c1, c2, c3 = nb.cells[1], nb.cells[2], nb.cells[3]
        self.assertEqual([c.execution_count for c in (c1, c2, c3)], [1, 2, 3])
        streams = {o.name: o.text for o in c1.outputs if o.output_type == "stream"}
        self.assertEqual(streams, {"stdout": "hello\n", "stderr": "warning\n"})
        self.assertEqual(len(c2.outputs), 1)
        self.assertEqual(c2.outputs[0].output_type, "execute_result")
        self.assertEqual(c2.outputs[0].data["text/plain"], "42")
        self.assertEqual(c2.outputs[0].execution_count, 2)
        self.assertEqual("".join(o.text for o in c3.outputs), "0 1 2 ")

    def test_error_stops_the_run(self):
        nb = notebook(new_code_cell('panic("boom")'), new_code_cell('fmt.Println("not reached")'))
        with self.assertRaises(CellExecutionError) as ctx:
            execute(nb)
        self.assertIn("boom", str(ctx.exception))
        self.assertEqual(nb.cells[2].outputs, [])

    def test_allow_errors_records_the_error(self):
        nb = execute(notebook(new_code_cell("undefinedName"), new_code_cell("1 + 1")), allow_errors=True)
        err = nb.cells[1].outputs[0]
        self.assertEqual(err.output_type, "error")
        self.assertIn("undefinedName", err.evalue)
        self.assertEqual(nb.cells[2].outputs[0].data["text/plain"], "2")

    def test_timeout_interrupts_the_cell(self):
        nb = notebook(new_code_cell("for {}"), new_code_cell("1 + 1"))
        client = NotebookClient(nb, kernel_name=KERNEL, timeout=2, interrupt_on_timeout=True, allow_errors=True)
        client.execute()
        self.assertEqual(nb.cells[1].outputs[0].ename, "Interrupted")
        self.assertEqual(nb.cells[2].outputs[0].data["text/plain"], "2")


if __name__ == "__main__":
    unittest.main()
