#!/usr/bin/env bash
# Installs the Debian packages gonn's tests use, only when one is missing.
# Idempotent; needs root (or sudo) only when it has something to install.
set -euo pipefail

packages=(
  python3-jupyter-client      # the client library the kernel is tested with
  jupyter-client              # its command line: `jupyter kernelspec list` shows what `gonn install` wrote
  python3-jupyter-kernel-test # the Jupyter project's conformance suite
  python3-nbclient            # executes notebooks through the kernel
  python3-nbformat
  python3-ipykernel           # the baseline gonn is measured against
  jupyter-console             # multi-line console session test
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq || true
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
