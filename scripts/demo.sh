#!/usr/bin/env bash
# Runs `ttpa demo`, installing what is needed first (scripts/setup.sh). Extra arguments go to the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
TTPA_PYTHON="$(cat .cache/python)" exec node bin/ttpa.js demo "$@"
