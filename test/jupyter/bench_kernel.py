"""Measures gonn against ipykernel with jupyter_client: start-up and the
round trip of executing 1+1. Run it with `make bench-kernel`, which installs
both kernelspecs into build/jupyter and runs this under
scripts/private-jupyter.sh.

  start-up   time from launching the kernel process until its first
             kernel_info_reply arrives (median of 5 launches). The client's
             sockets reconnect every 2 ms instead of libzmq's default 100 ms,
             so the figure is the kernel's, not the reconnect timer's.
  execute    time from sending execute_request for "1+1" until the kernel's
             status idle for it arrives on iopub, i.e. until a notebook has
             everything (after 20 warm-up runs; p50 and p99 of 200).
  interrupt  time from interrupt_request (sent by KernelManager.interrupt_kernel)
             until the execute_reply of a busy loop arrives (median of 5).

Goals: gonn's start-up at most 1/5 of ipykernel's, its p50 below ipykernel's.
"""

import argparse
import statistics
import subprocess
import sys
import time

import zmq
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from jupyter_client.utils import run_sync


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def client(km):
    kc = km.client()
    kc.context.setsockopt(zmq.RECONNECT_IVL, 2)  # the default sockopt of sockets made later
    kc.start_channels()
    return kc


def startup(name):
    km = KernelManager(kernel_name=name)
    start = time.perf_counter()
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = client(km)
    msg_id = kc.kernel_info()
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    elapsed = time.perf_counter() - start
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return elapsed


def until_idle(kc, msg_id):
    while True:
        msg = run_sync(kc.iopub_channel.get_msg)(timeout=60)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return


def round_trips(name, n, warmup=20):
    km = KernelManager(kernel_name=name)
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = client(km)
    kc.wait_for_ready(timeout=60)
    times = []
    try:
        for i in range(warmup + n):
            start = time.perf_counter()
            msg_id = kc.execute("1+1")
            until_idle(kc, msg_id)
            reply = kc.get_shell_msg(timeout=60)
            elapsed = time.perf_counter() - start
            if reply["content"]["status"] != "ok":
                sys.exit(f"{name}: 1+1 failed: {reply['content']}")
            if i >= warmup:
                times.append(elapsed)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return times


# A busy loop in each kernel's language.
BUSY_LOOP = {"gonn": "for {}", "python3": "while True: pass"}


def interrupts(name, n):
    km = KernelManager(kernel_name=name)
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = client(km)
    kc.wait_for_ready(timeout=60)
    times = []
    try:
        for _ in range(n):
            msg_id = kc.execute(BUSY_LOOP.get(name, "for {}"))
            time.sleep(0.3)
            start = time.perf_counter()
            km.interrupt_kernel()
            while True:
                reply = kc.get_shell_msg(timeout=60)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            times.append(time.perf_counter() - start)
            until_idle(kc, msg_id)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return times


def ensure_python3_spec():
    if "python3" not in KernelSpecManager().find_kernel_specs():
        subprocess.run([sys.executable, "-m", "ipykernel", "install", "--sys-prefix"], check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--launches", type=int, default=5)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--kernels", nargs=2, default=["gonn", "python3"], metavar=("GONN", "BASELINE"))
    args = ap.parse_args()
    ensure_python3_spec()
    specs = KernelSpecManager().find_kernel_specs()
    for k in args.kernels:
        if k not in specs:
            sys.exit(f"no kernelspec {k!r}; found {sorted(specs)}")
        print(f"{k}: {specs[k]}", file=sys.stderr)

    results = {}
    for k in args.kernels:
        ups = [startup(k) for _ in range(args.launches)]
        rtts = round_trips(k, args.runs)
        stops = interrupts(k, args.launches)
        results[k] = {
            f"start-up, median of {args.launches}": statistics.median(ups),
            f"execute 1+1, p50 of {args.runs}": percentile(rtts, 50),
            f"execute 1+1, p99 of {args.runs}": percentile(rtts, 99),
            f"interrupt, median of {args.launches}": statistics.median(stops),
        }
        print(f"{k}: start-ups {', '.join(f'{u*1000:.0f}' for u in ups)} ms", file=sys.stderr)

    ours, base = args.kernels
    goals = {"start-up": "<= 0.20", "p50": "< 1.00"}
    print(f"\n{'metric':<26}{ours:>12}{base:>12}{'ratio':>9}  goal")
    for metric in results[ours]:
        a, b = results[ours][metric], results[base][metric]
        goal = next((g for key, g in goals.items() if key in metric), "")
        met = ""
        if goal:
            limit = float(goal.split()[-1])
            met = "  met" if (a / b <= limit if goal.startswith("<=") else a / b < limit) else "  NOT met"
        print(f"{metric:<26}{a*1000:>10.2f}ms{b*1000:>10.2f}ms{a/b:>9.3f}  {goal}{met}")


if __name__ == "__main__":
    main()
