#!/usr/bin/env bash
# Installs what ttpa needs, idempotently: npm packages, the TypeScript build, a Python with
# PyTorch (Debian's python3-torch plus OpenBLAS, without which its matrix products run ~50x slower),
# and, with --browser (scripts/test.sh), Debian's chromium: the report's test opens the HTML in it.
# Safe to run again and again; each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  say "Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))"
  exit 1
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  # Not `npm ci`: node-llama-cpp lists optional platform packages (Windows, macOS, riscv) that the
  # registry lacks for its version, which `npm ci` treats as a lock mismatch; install honours the lock.
  npm install --no-audit --no-fund --loglevel=error
fi

say "building"
npm run --silent build

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
apt_install() {
  if ! command -v apt-get >/dev/null; then
    say "cannot install $* here (no apt-get): ${apt_hint:-install it yourself}"
    exit 1
  fi
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  say "installing $* with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# The Python that has torch: TTPA_PYTHON, else python3 on PATH, else Debian's own.
find_python() {
  for candidate in "${TTPA_PYTHON:-}" python3 /usr/bin/python3; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c 'import torch' >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if ! find_python >/dev/null; then
  apt_hint="install PyTorch >= 1.13 for python3 and set TTPA_PYTHON" apt_install python3-torch libopenblas0-pthread
fi
if command -v dpkg >/dev/null && dpkg -s python3-torch >/dev/null 2>&1 && ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
  apt_install libopenblas0-pthread
fi
python=$(find_python) || { say "PyTorch is still not importable; install it and set TTPA_PYTHON"; exit 1; }
mkdir -p .cache
echo "$python" > .cache/python

# src/report's test drives this browser through playwright-core (which downloads no browser itself).
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  apt_hint="install Chromium as /usr/bin/chromium for the report test" apt_install chromium
fi
say "ready (python with torch: $python)"
