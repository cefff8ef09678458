#!/usr/bin/env bash
# Shows that the end-to-end tests can fail: packages the extension, patches the packaged
# dist/server.js so that it never publishes diagnostics (the notification gets a name no client
# handles), runs run.sh on that package and expects it to fail. Exits 0 only when it did fail.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"
npm run --silent build
npx vsce package --no-dependencies -o "$WORK/ok.vsix" >/dev/null
mkdir "$WORK/pkg"
(cd "$WORK/pkg" && unzip -q ../ok.vsix)
SERVER_JS=$WORK/pkg/extension/dist/server.js
grep -q 'textDocument/publishDiagnostics' "$SERVER_JS" ||
  { echo 'prove-failure: the notification name to break was not found'; exit 1; }
sed -i 's#textDocument/publishDiagnostics#textDocument/publishNothing#' "$SERVER_JS"
(cd "$WORK/pkg" && zip -q -r -X ../broken.vsix .)
set +e
E2E_VSIX=$WORK/broken.vsix E2E_SHOTS=$ROOT/test-artifacts/e2e/broken bash "$ROOT/test/e2e/run.sh" \
  > "$WORK/run.log" 2>&1
status=$?
set -e
grep -E '(✔|[0-9]+\)) |^\[ui|^(exthost|ui|e2e): ' "$WORK/run.log" | sed 's/^\[exthost\] *//'
if [ "$status" -eq 0 ]; then
  echo 'prove-failure: the suite PASSED against a server that publishes nothing'
  exit 1
fi
echo "prove-failure: run.sh failed as it should (exit status $status)"
