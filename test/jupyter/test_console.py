"""A jupyter console session with gonn, driven through a pseudo-terminal.

Run by `make test-jupyter` (see test_conformance.py for the private Jupyter
directories it uses). The console asks the kernel whether an input is
complete (is_complete_request) to decide between running it and offering a
continuation line; it shows the pager's text (PAGER=cat here) and asks for
passwords without echo.
"""

import os
import re
import unittest

import pexpect

KERNEL = os.environ.get("GONN_KERNEL_NAME", "gonn")
# prompt_toolkit colours the prompt: allow escape sequences between its parts.
ESC = r"(?:\x1b\[[0-9;?]*[a-zA-Z])*"


class ConsoleSession(unittest.TestCase):
    def setUp(self):
        env = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", PAGER="cat")
        self.console = pexpect.spawn(
            "/usr/bin/jupyter-console",
            ["--kernel", KERNEL],
            env=env, encoding="utf-8", timeout=30, dimensions=(40, 200))
        root = os.environ.get("TESTJUPYTER")
        if root:
            self.console.logfile_read = open(os.path.join(root, "console.log"), "a")
        self.count = 0

    def tearDown(self):
        if self.console.isalive():
            self.console.terminate(force=True)
        if self.console.logfile_read:
            self.console.logfile_read.close()

    def prompt(self):
        self.count += 1
        self.console.expect(r"In \[" + ESC + str(self.count) + ESC + r"\]")

    def cell(self, *lines):
        for line in lines:
            self.console.send(line + "\r")

    def test_single_line_cells_and_exit(self):
        self.prompt()
        self.cell('fmt.Println("hello from gonn")')
        self.console.expect("hello from gonn")
        self.prompt()
        self.cell("x := 20")
        self.prompt()
        self.cell("x + 22")
        self.console.expect(r"Out\[" + ESC + "3" + ESC + r"\]" + ESC + r":\s*" + ESC + "42")
        self.prompt()
        self.cell("undefinedName")
        self.console.expect("undefined: undefinedName")
        self.prompt()
        self.console.sendcontrol("d")
        self.console.expect(r"really want to exit")
        self.console.send("y\r")
        self.console.expect(pexpect.EOF)
        self.console.wait()
        self.assertEqual(self.console.exitstatus, 0)

    def test_multi_line_cell(self):
        self.prompt()
        self.cell("func f() int {")
        self.console.expect(r"\.\.\.:")
        self.cell("return 41", "}")
        self.prompt()
        self.cell("f() + 1")
        self.console.expect("42")

    def test_magics_pager_and_password(self):
        self.prompt()
        self.cell("%time 6 * 7")
        self.console.expect(r"Wall time: [0-9.]+ [nµm]?s")
        self.console.expect("42")
        self.prompt()
        self.cell("strings.Cut?")
        self.console.expect(r"func Cut\(s, sep string\)")
        self.prompt()
        self.cell('pw, _ := gonn.ReadPassword("Token: ")')
        self.console.expect("Token: ")
        self.console.send("hunter2\r")
        self.prompt()
        self.assertNotIn("hunter2", self.console.before, "the password was echoed")
        self.cell("len(pw)")
        self.console.expect(r"Out\[" + ESC + "4" + ESC + r"\]" + ESC + r":\s*" + ESC + "7")
        self.prompt()
        self.cell("%%time")  # a cell magic wants a body
        self.console.expect(r"\.\.\.:")
        self.cell("fmt.Println(\"timed\")")
        self.console.expect("timed")
        self.console.expect(r"Wall time: [0-9.]+ [nµm]?s")


if __name__ == "__main__":
    unittest.main()
