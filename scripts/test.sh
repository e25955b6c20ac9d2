#!/usr/bin/env bash
# Runs every check and test of the project, installing what is needed first (scripts/setup.sh).
# Ends with one line: "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser || exit 1
python=$(cat .cache/python)
failed_steps=()

echo "== lint (biome)"
npx biome check . || failed_steps+=(lint)
echo "== typecheck (tsc)"
npx tsc -p tsconfig.json --noEmit || failed_steps+=(typecheck)

echo "== TypeScript tests (vitest)"
TTPA_PYTHON="$python" npx vitest run --reporter=default --reporter=json --outputFile=.cache/vitest.json
vitest_status=$?
read -r ts_passed ts_failed < <(node -e '
  try { const r = require("./.cache/vitest.json"); console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0)); }
  catch { console.log(0, 1); }')
[ "$vitest_status" -eq 0 ] || failed_steps+=(vitest)

py_passed=0
py_failed=0
if [ -d trainer/tests ]; then
  echo "== Python tests (unittest, $python)"
  "$python" -m unittest discover -s trainer/tests -t . -v 2>&1 | tee .cache/unittest.log
  unittest_status=${PIPESTATUS[0]}
  ran=$(sed -n 's/^Ran \([0-9]*\) tests\?.*/\1/p' .cache/unittest.log | tail -1)
  bad=$(grep -Eo '(failures|errors)=[0-9]+' .cache/unittest.log | awk -F= '{s+=$2} END {print s+0}')
  skipped=$(grep -Eo 'skipped=[0-9]+' .cache/unittest.log | awk -F= '{s+=$2} END {print s+0}')
  py_failed=$bad
  py_passed=$(( ${ran:-0} - bad - skipped ))
  [ "$unittest_status" -eq 0 ] || { failed_steps+=(unittest); [ "$py_failed" -gt 0 ] || py_failed=1; }
fi

echo
[ ${#failed_steps[@]} -eq 0 ] || echo "failed steps: ${failed_steps[*]}"
echo "tests: $((ts_passed + py_passed)) passed, $((ts_failed + py_failed)) failed"
[ ${#failed_steps[@]} -eq 0 ]
