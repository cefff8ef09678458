#!/usr/bin/env bash
# PHI Guard's server in headless Neovim (Debian: apt-get install neovim), over stdio: reads the
# diagnostic of a cleartext URL, applies the quick fix and checks that the diagnostic clears.
# Usage: nvim-check.sh [SERVER_JS]   (default dist/server.js; run `npm run build` first)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
SERVER=$(realpath "${1:-$ROOT/dist/server.js}")
. "$HERE/sample-app.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
write_sample_app "$WORK/app"
# -u NONE -i NONE -n: no user config, no shada, no swap files. XDG_* keep the LSP log in $WORK.
status=0
XDG_CACHE_HOME=$WORK/cache XDG_STATE_HOME=$WORK/state XDG_DATA_HOME=$WORK/data \
XDG_CONFIG_HOME=$WORK/config PHI_GUARD_SERVER=$SERVER \
  timeout 60 nvim --headless -u NONE -i NONE -n -c "luafile $HERE/nvim-check.lua" \
  "$WORK/app/lib/records.dart" || status=$?
if [ "$status" -eq 0 ] && grep -q "'https://records.northwind-clinic.example/v1'" \
  "$WORK/app/lib/records.dart"; then
  echo 'nvim: 1 passed, 0 failed'
else
  echo 'nvim: 0 passed, 1 failed'
  exit 1
fi
