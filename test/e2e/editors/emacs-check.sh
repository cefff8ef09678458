#!/usr/bin/env bash
# PHI Guard's server in Emacs with Eglot (Debian: apt-get install emacs-nox elpa-eglot), batch
# mode over stdio: reads the diagnostic of a cleartext URL, applies the quick fix and checks
# that the diagnostic clears.
# Usage: emacs-check.sh [SERVER_JS]   (default dist/server.js; run `npm run build` first)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
SERVER=$(realpath "${1:-$ROOT/dist/server.js}")
. "$HERE/sample-app.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
write_sample_app "$WORK/app"
status=0
HOME=$WORK PHI_GUARD_SERVER=$SERVER PHI_GUARD_FILE=$WORK/app/lib/records.dart \
  timeout 60 emacs --batch -Q -l "$HERE/emacs-check.el" > "$WORK/emacs.log" 2>&1 || status=$?
# Eglot and jsonrpc log a lot in batch mode, so print only this check's own lines.
grep -E '^emacs: ' "$WORK/emacs.log" || true
if [ "$status" -eq 0 ] && grep -q "'https://records.northwind-clinic.example/v1'" \
  "$WORK/app/lib/records.dart"; then
  echo 'emacs: 1 passed, 0 failed'
else
  [ "$status" -eq 0 ] || tail -15 "$WORK/emacs.log"
  echo 'emacs: 0 passed, 1 failed'
  exit 1
fi
