"""Executes every walkthrough notebook in notebooks/ through Jupyter: nbclient
(the library behind `jupyter nbconvert --execute` and papermill) starts the
gonn kernel from its kernelspec and runs each notebook as a user's Jupyter
would, and the tests check what it records.

This trains MNIST, so it runs only with GONN_NOTEBOOK_TESTS=1, as
`make test-notebooks` sets it, with the private Jupyter directories of
scripts/private-jupyter.sh. The executed notebooks are kept in
$TESTJUPYTER/notebooks for inspection.
"""

import base64
import glob
import json
import os
import re
import unittest

import nbformat
from nbclient import NotebookClient

KERNEL = os.environ.get("GONN_KERNEL_NAME", "gonn")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
ENABLED = os.environ.get("GONN_NOTEBOOK_TESTS") == "1"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def execute(path):
    """Executes the notebook at path with nbclient and returns it, or the exception."""
    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(nb, kernel_name=KERNEL, timeout=300,
                       resources={"metadata": {"path": NOTEBOOKS}}).execute()
    except Exception as e:  # reported by the test of that notebook
        return e
    nbformat.validate(nb)
    out = os.environ.get("TESTJUPYTER")
    if out:
        os.makedirs(os.path.join(out, "notebooks"), exist_ok=True)
        nbformat.write(nb, os.path.join(out, "notebooks", os.path.basename(path)))
    return nb


def last_line(cell):
    lines = cell.source.strip().splitlines()
    return lines[-1].strip() if lines else ""


@unittest.skipUnless(ENABLED, "executes every notebook and trains MNIST: set GONN_NOTEBOOK_TESTS=1 "
                              "(make test-notebooks does)")
class Notebooks(unittest.TestCase):
    executed = {}

    @classmethod
    def setUpClass(cls):
        paths = sorted(glob.glob(os.path.join(NOTEBOOKS, "*.ipynb")))
        if not paths:
            raise unittest.SkipTest("no notebooks in " + NOTEBOOKS)
        for path in paths:
            cls.executed[os.path.basename(path)[:-len(".ipynb")]] = execute(path)

    def notebook(self, name):
        nb = self.executed.get(name)
        if nb is None:
            self.fail(f"no notebook {name} in {NOTEBOOKS}")
        if isinstance(nb, Exception):
            self.fail(f"{name} failed: {nb}")
        return nb

    def test_every_cell_runs(self):
        self.assertGreaterEqual(len(self.executed), 5)
        for name in sorted(self.executed):
            with self.subTest(notebook=name):
                nb = self.notebook(name)
                code = [c for c in nb.cells if c.cell_type == "code"]
                self.assertEqual([c.execution_count for c in code], list(range(1, len(code) + 1)))
                for i, c in enumerate(code, 1):
                    for o in c.outputs:
                        self.assertNotEqual(o.output_type, "error", f"In [{i}]: {o.get('evalue')}")
                        if o.output_type == "stream":
                            self.assertEqual(o.name, "stdout", f"In [{i}] wrote to stderr: {o.text!r}")

    def test_gradient_descent_table_matches_fixture(self):
        nb = self.notebook("01-gradient-descent")
        with open(os.path.join(NOTEBOOKS, "testdata", "gradient-descent-walkthrough.json")) as f:
            want = json.load(f)["steps"]
        rows = None
        for c in nb.cells:
            for o in c.get("outputs", []):
                text = o.get("data", {}).get("text/plain", "")
                lines = text.splitlines()
                if lines and " ".join(lines[0].split()).startswith("k θ_k"):
                    rows = [[float(v) for v in line.split()] for line in lines[2:]]
        self.assertIsNotNone(rows, "no gradient descent table in notebook 01")
        self.assertEqual(len(rows), len(want))
        for k, (row, step) in enumerate(zip(rows, want)):
            self.assertEqual(row[0], k)
            for got, ref in zip(row[1:], (step["theta"], step["loss"], step["grad"])):
                self.assertAlmostEqual(got, ref, delta=5e-7 + 1e-12, msg=f"step {k}")

    def test_mnist_accuracy_in_band(self):
        nb = self.notebook("05-mnist")
        found = []
        for c in nb.cells:
            for o in c.get("outputs", []):
                if o.output_type == "stream":
                    found += re.findall(r"(?m)^test accuracy: (\d\.\d+)$", o.text)
        self.assertEqual(len(found), 1, "one 'test accuracy:' line")
        self.assertTrue(0.970 <= float(found[0]) <= 0.982, f"test accuracy {found[0]}, want 0.970 to 0.982")

    def test_mnist_loss_curves_are_an_image(self):
        nb = self.notebook("05-mnist")
        cells = [c for c in nb.cells if c.cell_type == "code" and last_line(c) == "hist"]
        self.assertEqual(len(cells), 1, "one cell showing the history")
        pngs = [o.data["image/png"] for o in cells[0].outputs if "image/png" in o.get("data", {})]
        self.assertEqual(len(pngs), 1, f"outputs: {[o.output_type for o in cells[0].outputs]}")
        self.assertTrue(base64.b64decode(pngs[0]).startswith(PNG_SIGNATURE))


if __name__ == "__main__":
    unittest.main()
