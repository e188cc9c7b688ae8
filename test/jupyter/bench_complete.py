"""Measures how long completion takes with jupyter_client: the time from
sending complete_request until its complete_reply arrives, i.e. what a user
waits for after pressing Tab. Run it with `make bench-kernel`, which installs
the kernelspecs into build/jupyter and runs this under
scripts/private-jupyter.sh.

For each sample, the kernel is asked 20 times to warm up, then --runs times;
the table shows the median and p99 and the number of matches. The first
sample, the members of nnlib, is the one with a goal: a median below 10 ms.
With --baseline, ipykernel answers the same kind of request for comparison.
"""

import argparse
import statistics
import subprocess
import sys
import time

import zmq
from jupyter_client.manager import KernelManager

from bench_kernel import ensure_python3_spec, percentile

# (label, code) pairs: the cursor is at the end of the code.
SAMPLES = {
    "gonn": [
        ("nnlib.", "nnlib."),
        ("fmt.Pr", "fmt.Pr"),
        ("user value m.", 'm := nnlib.NewSequential(nnlib.Dense(4, "relu"))\nm.'),
        ("magic %", "%"),
    ],
    "python3": [
        ("os.", "import os\nos."),
        ("print", "pri"),
    ],
}
GOAL_MS = 10.0


def complete(kc, code):
    """Sends one complete_request; returns (seconds, number of matches)."""
    start = time.perf_counter()
    msg_id = kc.complete(code, len(code))
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    elapsed = time.perf_counter() - start
    if reply["content"]["status"] != "ok":
        sys.exit(f"complete_request for {code!r} failed: {reply['content']}")
    return elapsed, len(reply["content"]["matches"])


def measure(name, runs, warmup=20):
    km = KernelManager(kernel_name=name)
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.context.setsockopt(zmq.RECONNECT_IVL, 2)
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    rows = []
    try:
        for label, code in SAMPLES[name]:
            # Whatever the sample needs defined (m := ...) is run first.
            setup, _, _ = code.rpartition("\n")
            if setup:
                kc.execute_interactive(setup, timeout=60)
            times, matches = [], 0
            for i in range(warmup + runs):
                t, matches = complete(kc, code)
                if i >= warmup:
                    times.append(t)
            rows.append((label, statistics.median(times), percentile(times, 99), matches))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--baseline", action="store_true", help="also measure ipykernel (python3)")
    args = ap.parse_args()
    kernels = ["gonn"] + (["python3"] if args.baseline else [])
    if args.baseline:
        ensure_python3_spec()
    print(f"\n{'kernel':<9}{'completion of':<16}{'p50':>10}{'p99':>10}{'matches':>9}  goal")
    for name in kernels:
        for i, (label, p50, p99, matches) in enumerate(measure(name, args.runs)):
            goal = ""
            if name == "gonn" and i == 0:
                met = p50 * 1000 < GOAL_MS
                goal = f"p50 < {GOAL_MS:g} ms " + ("met" if met else "NOT met")
            print(f"{name:<9}{label:<16}{p50*1000:>8.2f}ms{p99*1000:>8.2f}ms{matches:>9}  {goal}")


if __name__ == "__main__":
    main()
