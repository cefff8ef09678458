#!/usr/bin/env bash
# Scores the CLI against the hard cases kept beside this repository in ../shared/cases.
# The scorer runs the CLI from inside each case folder, so the CLI path is made absolute.
set -euo pipefail
cd "$(dirname "$0")/.."
SCORER=../shared/tools/score_cases.py
CASES=../shared/cases
if [ ! -f "$SCORER" ] || [ ! -d "$CASES" ]; then
  echo "score-cases: $SCORER or $CASES not found; clone the project next to its shared/ folder." >&2
  exit 2
fi
npm run --silent build
python3 "$SCORER" "$CASES" --cli "node $PWD/dist/cli.js" "$@"
