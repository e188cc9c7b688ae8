"""`gonn install` as Jupyter's own tools see it.

Installs the kernelspec the ways a user does — into the user's data
directory (JUPYTER_DATA_DIR here, a temporary one) and under --prefix — and
checks that Debian's `jupyter kernelspec list` shows it, that its argv starts
with the binary's absolute path, and that `gonn uninstall` removes it.
"""

import json
import os
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GONN = os.path.join(ROOT, "bin", "gonn")


def run(args, env):
    return subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout


def kernelspecs(env):
    """What `jupyter kernelspec list --json` reports: name -> resource dir."""
    out = json.loads(run(["jupyter", "kernelspec", "list", "--json"], env))
    return {name: spec["resource_dir"] for name, spec in out["kernelspecs"].items()}


class Install(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.env = dict(os.environ)
        # A user's own kernels (~/.local/share/jupyter, Python's user site) stay out of sight.
        self.env["HOME"] = self.tmp.name
        self.env["PYTHONNOUSERSITE"] = "1"
        for var in ("JUPYTER_PATH", "JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR"):
            self.env[var] = os.path.join(self.tmp.name, var.lower())

    def check_spec(self, resource_dir):
        with open(os.path.join(resource_dir, "kernel.json")) as f:
            spec = json.load(f)
        self.assertEqual(spec["display_name"], "Go (gonn)")
        self.assertEqual(spec["language"], "go")
        self.assertEqual(spec["argv"][0], GONN)
        self.assertIn("{connection_file}", spec["argv"])
        for logo in ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg"):
            self.assertTrue(os.path.isfile(os.path.join(resource_dir, logo)), logo)

    def test_user_install_shows_in_kernelspec_list(self):
        run([GONN, "install"], self.env)
        specs = kernelspecs(self.env)
        self.assertIn("gonn", specs)
        self.assertTrue(specs["gonn"].startswith(self.env["JUPYTER_DATA_DIR"]), specs["gonn"])
        self.check_spec(specs["gonn"])
        run([GONN, "uninstall"], self.env)
        self.assertNotIn("gonn", kernelspecs(self.env))

    def test_prefix_install_shows_in_kernelspec_list(self):
        prefix = os.path.join(self.tmp.name, "prefix")
        run([GONN, "install", "--prefix", prefix], self.env)
        self.assertNotIn("gonn", kernelspecs(self.env))  # not on Jupyter's path yet
        self.env["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
        specs = kernelspecs(self.env)
        self.assertIn("gonn", specs)
        self.check_spec(specs["gonn"])


if __name__ == "__main__":
    unittest.main()
