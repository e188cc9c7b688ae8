#!/usr/bin/env bash
# Runs a command with every Jupyter directory inside build/jupyter (or $TESTJUPYTER), so that tests
# and benchmarks find the kernelspecs installed there (`gonn install --prefix build/jupyter`) and
# never read or write the user's own Jupyter configuration, data or runtime files.
#
#   scripts/private-jupyter.sh /usr/bin/python3 -m unittest test/jupyter/test_conformance.py
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${TESTJUPYTER:-$root/build/jupyter}"
export JUPYTER_PATH="$dir/share/jupyter"
export JUPYTER_DATA_DIR="$dir/data"
export JUPYTER_CONFIG_DIR="$dir/config"
export JUPYTER_RUNTIME_DIR="$dir/runtime"
export IPYTHONDIR="$dir/ipython"
export TESTJUPYTER="$dir"
mkdir -p "$JUPYTER_PATH/kernels" "$JUPYTER_DATA_DIR" "$JUPYTER_CONFIG_DIR" "$JUPYTER_RUNTIME_DIR" "$IPYTHONDIR"
exec "$@"
