"""The Jupyter project's kernel conformance suite, run against gonn.

jupyter_kernel_test.KernelTests defines one test per protocol feature and
runs it when the subclass gives a code sample for it. `make test-jupyter`
installs gonn's kernelspec into build/jupyter and runs this file with
Debian's /usr/bin/python3, with JUPYTER_PATH and the other Jupyter
directories pointing there, so the user's own Jupyter setup is never read or
written.

Every test KernelTests defines has a sample. GonnMagics checks, with a
kernel of its own, what the engine adds on top: magics, shell commands, the
pager and input (stdin) through a real client.
"""

import os
import time
import unittest

import jupyter_kernel_test
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel
from jupyter_client.utils import run_sync
from jupyter_kernel_test.msgspec_v5 import validate_message

KERNEL = os.environ.get("GONN_KERNEL_NAME", "gonn")
TIMEOUT = 30


_kernel_log = []  # the open log file, kept for restarts (which reuse it)


def start_kernel():
    """Starts a kernel whose standard error (its log) goes to kernel.log in
    the private Jupyter directory, rather than into the test report."""
    root = os.environ.get("TESTJUPYTER")
    if not root:
        return start_new_kernel(kernel_name=KERNEL)  # the log shows in the terminal
    if not _kernel_log:
        _kernel_log.append(open(os.path.join(root, "kernel.log"), "a"))
    return start_new_kernel(kernel_name=KERNEL, stderr=_kernel_log[0])


def tearDownModule():
    for f in _kernel_log:
        f.close()


class GonnConformance(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL
    language_name = "go"
    file_extension = ".go"

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_kernel()

    code_hello_world = 'fmt.Println("hello, world")'
    code_stderr = 'fmt.Fprintln(os.Stderr, "oops")'
    code_generate_error = 'panic("boom")'

    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": '"go" + "pher"', "result": '"gopher"'},
        {"code": "math.Sqrt(2)", "result": "1.4142135623730951"},
        {"code": "[]int{1, 2, 3}", "result": "[1 2 3]"},
    ]
    # Matches "6*7" only ("?" is any one character, as in IPython's history).
    code_history_pattern = "6?7"
    supported_history_operations = ("tail", "range", "search")

    completion_samples = [
        {"text": "strings.TrimSuf", "matches": {"TrimSuffix"}},
        {"text": 'import "encoding/js', "matches": {"encoding/json"}},
        {"text": "var abc int\nab", "matches": {"abc"}},
        {"text": "%ti", "matches": {"%time"}},
        {"text": "x := 1\n%r", "matches": {"%reset", "%rm"}},
        {"text": "fmt.Pr"},  # a well-formed reply is all that is checked
    ]
    code_inspect_sample = "fmt.Println"
    code_page_something = "fmt.Println?"
    complete_code_samples = ["x := 1", "func f() {}", 'import "fmt"', "fmt.Println(1)", "%time f(", "!ls", "fmt.Println?"]
    incomplete_code_samples = ["func f() {", "for i := 0; i < 3; i++ {", 'fmt.Println("a"', "x := []int{\n1,", "%who\nfunc f() {"]
    invalid_code_samples = ["x := )", "}"]
    code_display_data = [
        {"code": 'display.HTML("<b>hi</b>")', "mime": "text/html"},
        {"code": 'display.Markdown("# hi")', "mime": "text/markdown"},
        {"code": 'display.LaTeX(`\\frac{\\partial L}{\\partial w}`)', "mime": "text/latex"},
        {"code": 'display.JSON(map[string]int{"epochs": 5})', "mime": "application/json"},
        # A gonum plot, and an nnlib picture (a Figure) shown as a value.
        {
            "code": "p := plot.New()\n"
            "l, _ := plotter.NewLine(plotter.XYs{{0, 1}, {1, 0.5}, {2, 0.2}})\n"
            "p.Add(l)\n"
            "display.Plot(p)",
            "mime": "image/png",
        },
        {"code": "display.Show(nnlib.NewFigure(p, p))", "mime": "image/png"},  # p of the sample before
    ]
    # What the cell printed before is cleared; what it shows after stays.
    code_clear_output = 'fmt.Println("gone")\ndisplay.ClearOutput(true)\ndisplay.Text("kept")'

    # --- gonn's own checks, beyond what KernelTests covers -------------

    def execute(self, code, **kw):
        """Runs code; returns the reply and the iopub messages of it."""
        self.flush_channels()
        return self.execute_helper(code, **kw)

    def test_gonn_execution_count_and_input(self):
        reply, output = self.execute("1 + 1")
        count = reply["content"]["execution_count"]
        reply2, _ = self.execute("2 + 2")
        self.assertEqual(reply2["content"]["execution_count"], count + 1)
        reply3, output3 = self.execute("3 + 3", silent=True)
        self.assertEqual(output3, [], "a silent cell publishes nothing")
        reply4, _ = self.execute("4 + 4")
        self.assertEqual(reply4["content"]["execution_count"], count + 2, "silent cells do not count")

    def test_gonn_user_expressions(self):
        self.flush_channels()
        msg_id = self.kc.execute("y := 5", user_expressions={"double": "y * 2", "bad": "nope"})
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        validate_message(reply, "execute_reply", msg_id)
        ue = reply["content"]["user_expressions"]
        self.assertEqual(ue["double"], {"status": "ok", "data": {"text/plain": "10"}, "metadata": {}})
        self.assertEqual(ue["bad"]["status"], "error")
        self.flush_channels()

    def test_gonn_kernelspec(self):
        spec = KernelSpecManager().get_kernel_spec(KERNEL)
        self.assertEqual(spec.display_name, "Go (gonn)")
        self.assertEqual(spec.language, "go")
        self.assertEqual(spec.interrupt_mode, "message")
        self.assertTrue(os.path.isabs(spec.argv[0]))
        self.assertEqual(spec.argv[1:], ["kernel", "-f", "{connection_file}"])
        for logo in ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg"):
            self.assertTrue(os.path.isfile(os.path.join(spec.resource_dir, logo)), logo)

    def test_gonn_update_display_data(self):
        reply, output = self.execute('h := display.NewHandle()\nh.Text("one")\nh.Text("two")')
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([m["msg_type"] for m in output], ["display_data", "update_display_data"])
        first, update = output
        display_id = first["content"]["transient"]["display_id"]
        self.assertTrue(display_id)
        self.assertEqual(update["content"]["transient"]["display_id"], display_id)
        self.assertEqual(update["content"]["data"]["text/plain"], "two")

    def test_gonn_stdin(self):
        self.flush_channels()
        prompts = []

        def answer(msg):
            prompts.append(msg["content"]["prompt"])
            self.kc.input("gopher")

        out = []
        reply = self.kc.execute_interactive(
            'var name string\nfmt.Scanln(&name)\nfmt.Println("hello,", name)',
            allow_stdin=True, stdin_hook=answer, output_hook=out.append, timeout=TIMEOUT)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(len(prompts), 1)
        text = "".join(m["content"].get("text", "") for m in out if m["msg_type"] == "stream")
        self.assertEqual(text, "hello, gopher\n")

    def test_gonn_interrupt(self):
        self.flush_channels()
        msg_id = self.kc.execute("for {}")
        time.sleep(0.3)
        start = time.monotonic()
        self.km.interrupt_kernel()  # interrupt_mode "message": interrupt_request on control
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        validate_message(reply, "execute_reply", msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertLess(time.monotonic() - start, 5)
        reply, _ = self.execute("6*7")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_gonn_stop_on_error_aborts_queued_cells(self):
        self.flush_channels()
        failing = self.kc.execute('time.Sleep(200 * time.Millisecond)\npanic("first")')
        queued = self.kc.execute('fmt.Println("never")')
        replies = {}
        while len(replies) < 2:
            r = self.get_non_kernel_info_reply(timeout=TIMEOUT)
            replies[r["parent_header"]["msg_id"]] = r["content"]["status"]
        self.assertEqual(replies[failing], "error")
        self.assertEqual(replies[queued], "aborted")
        self.flush_channels()

    def test_gonn_many_lines_are_coalesced(self):
        start = time.monotonic()
        reply, output = self.execute("for i := 0; i < 100000; i++ { fmt.Println(i) }")
        elapsed = time.monotonic() - start
        self.assertEqual(reply["content"]["status"], "ok")
        streams = [m for m in output if m["msg_type"] == "stream"]
        text = "".join(m["content"]["text"] for m in streams)
        want = "".join(f"{i}\n" for i in range(100000))
        self.assertEqual(text, want)
        # At most one message per 64 KiB, plus one per 50 ms of printing.
        self.assertLessEqual(len(streams), len(want) // 65536 + int(elapsed / 0.05) + 2,
                             "100,000 lines should arrive in a few large messages")

    def test_gonn_kernel_info_on_control(self):
        self.flush_channels()
        msg = self.kc.session.msg("kernel_info_request")
        self.kc.control_channel.send(msg)
        reply = run_sync(self.kc.control_channel.get_msg)(timeout=TIMEOUT)
        validate_message(reply, "kernel_info_reply", msg["header"]["msg_id"])
        self.assertEqual(reply["content"]["language_info"]["name"], "go")

    def test_gonn_comm_info_and_unknown_requests(self):
        self.flush_channels()
        msg_id = self.kc.comm_info()
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        validate_message(reply, "comm_info_reply", msg_id)
        self.assertEqual(reply["content"]["comms"], {})
        msg = self.kc.session.msg("frobnicate_request", {})
        self.kc.shell_channel.send(msg)
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        self.assertEqual(reply["header"]["msg_type"], "frobnicate_reply")
        self.assertEqual(reply["content"]["status"], "error")

    def test_gonn_completion_cursor_counts_code_points(self):
        # Cursor positions are in code points: "é" is one, though two bytes.
        self.flush_channels()
        msg_id = self.kc.complete('s := "é"\nstrings.TrimSuf')
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        validate_message(reply, "complete_reply", msg_id)
        self.assertEqual(reply["content"]["matches"], ["TrimSuffix"])
        self.assertEqual(reply["content"]["cursor_start"], len('s := "é"\nstrings.'))
        self.assertEqual(reply["content"]["cursor_end"], len('s := "é"\nstrings.TrimSuf'))

    def test_gonn_well_formed_replies(self):
        for send, reply_type in [
            (lambda: self.kc.complete("fmt.Pri"), "complete_reply"),
            (lambda: self.kc.inspect("fmt.Println"), "inspect_reply"),
            (lambda: self.kc.is_complete("func f() {"), "is_complete_reply"),
        ]:
            msg_id = send()
            validate_message(self.get_non_kernel_info_reply(timeout=TIMEOUT), reply_type, msg_id)


class GonnMagics(unittest.TestCase):
    """Magics, shell commands, the pager and input, through jupyter_client."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_kernel()

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def run_cell(self, code, **kw):
        """Runs code; returns the reply and the iopub messages of the cell."""
        out = []
        kw.setdefault("timeout", TIMEOUT)
        reply = self.kc.execute_interactive(code, output_hook=out.append, **kw)
        for msg in out:
            validate_message(msg)
        return reply, out

    @staticmethod
    def stream(out, name="stdout"):
        return "".join(m["content"]["text"] for m in out
                       if m["msg_type"] == "stream" and m["content"]["name"] == name)

    def test_help_pages(self):
        reply, _ = self.run_cell("%help")
        self.assertEqual(reply["content"]["status"], "ok")
        [page] = reply["content"]["payload"]
        self.assertEqual(page["source"], "page")
        self.assertIn("%time STATEMENT", page["data"]["text/plain"])
        self.assertIn("text/markdown", page["data"])
        reply, _ = self.run_cell("func twice(x int) int { return 2 * x }\ntwice??")
        [page] = reply["content"]["payload"]
        self.assertIn("return 2 * x", page["data"]["text/plain"])

    def test_magics_among_go(self):
        reply, out = self.run_cell("answer := 42\n%who answer\n%time answer / 2")
        self.assertEqual(reply["content"]["status"], "ok")
        text = self.stream(out)
        self.assertRegex(text, r"answer\s+variable\s+int\n")
        self.assertRegex(text, r"Wall time: [0-9.]+ [nµm]?s\n$")
        results = [m for m in out if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "21")

    def test_error_lines_ignore_magics(self):
        reply, out = self.run_cell("%env HOME\n\nx := undefinedName")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("3:6: undefined: undefinedName", reply["content"]["evalue"])

    def test_unknown_magic(self):
        reply, out = self.run_cell("%frobnicate")
        self.assertEqual(reply["content"]["ename"], "UsageError")
        self.assertIn("%time", reply["content"]["evalue"])
        self.assertEqual([m["msg_type"] for m in out if m["msg_type"] not in ("status", "execute_input")], ["error"])

    def test_shell(self):
        reply, out = self.run_cell("!echo from the shell; echo oops >&2")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(self.stream(out), "from the shell\n")
        self.assertEqual(self.stream(out, "stderr"), "oops\n")
        reply, _ = self.run_cell("!exit 4")
        self.assertEqual(reply["content"]["ename"], "ShellError")
        self.assertIn("exit status 4", reply["content"]["evalue"])

    def test_shell_interrupt(self):
        msg_id = self.kc.execute("!sleep 100")
        time.sleep(0.5)
        start = time.monotonic()
        self.km.interrupt_kernel()
        while True:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertLess(time.monotonic() - start, 5)
        reply, _ = self.run_cell("1 + 1")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_password(self):
        requests = []

        def answer(msg):
            requests.append(msg["content"])
            self.kc.input("hunter2")

        reply, out = self.run_cell('pw, err := gonn.ReadPassword("Token: ")\nfmt.Println(len(pw), err)',
                                   allow_stdin=True, stdin_hook=answer)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(requests, [{"prompt": "Token: ", "password": True}])
        self.assertEqual(self.stream(out), "7 <nil>\n")
        self.assertNotIn("hunter2", str(out))

    def test_stdin_refused(self):
        reply, out = self.run_cell("var name string\n_, err := fmt.Scanln(&name)\nerr", allow_stdin=False)
        self.assertEqual(reply["content"]["status"], "ok")
        result = [m for m in out if m["msg_type"] == "execute_result"][0]
        self.assertIn("allow_stdin is false", result["content"]["data"]["text/plain"])
        self.assertIn("does not accept input", self.stream(out, "stderr"))

    def test_reset(self):
        self.run_cell("gone := 1")
        reply, _ = self.run_cell("%reset\ngone")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("undefined: gone", reply["content"]["evalue"])
        reply, _ = self.run_cell("math.Sqrt(16)")
        self.assertEqual(reply["content"]["status"], "ok")


class GonnRestart(unittest.TestCase):
    """Restart (shutdown_request with restart) and shutdown, with a kernel of its own."""

    def test_restart_and_shutdown(self):
        km, kc = start_kernel()
        try:
            kc.execute_interactive("x := 41", timeout=TIMEOUT)
            km.restart_kernel(now=False)
            kc.wait_for_ready(timeout=TIMEOUT)
            outputs = []
            reply = kc.execute_interactive("x", timeout=TIMEOUT, output_hook=outputs.append)
            self.assertEqual(reply["content"]["status"], "error", "state must not survive a restart")
            reply = kc.execute_interactive("x := 1\nx + 1", timeout=TIMEOUT, output_hook=outputs.append)
            self.assertEqual(reply["content"]["status"], "ok")
        finally:
            kc.stop_channels()
            start = time.monotonic()
            km.shutdown_kernel(now=False)
        self.assertFalse(km.is_alive())
        self.assertLess(time.monotonic() - start, 10)


if __name__ == "__main__":
    unittest.main()
