#!/usr/bin/env bash
# Runs suite.ts inside a real VS Code (the VS Code server of the code-server npm package), with
# the extension loaded from this checkout (`npm run build` first), bound to 127.0.0.1 only.
# Needs the harness tools that ../shared/tools/vscode-harness/setup.sh installs in
# .vscode-harness/ (override with VSC_TOOLS and VSC_HARNESS).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
HARNESS=${VSC_HARNESS:-$ROOT/../shared/tools/vscode-harness}
TOOLS=${VSC_TOOLS:-$ROOT/.vscode-harness}
PORT=${VSC_PORT:-18080}
STATE=$(mktemp -d "$TOOLS/tmp/phi-run-XXXXXX")
mkdir -p "$STATE/home" "$STATE/data/User" "$STATE/ext" "$STATE/tmp" "$STATE/work"
export HOME="$STATE/home" XDG_CONFIG_HOME="$STATE/home/.config" \
  XDG_CACHE_HOME="$STATE/home/.cache" XDG_DATA_HOME="$STATE/home/.local/share" TMPDIR="$STATE/tmp"
export EXTENSIONS_GALLERY='{}'
cat > "$STATE/data/User/settings.json" <<'JSON'
{ "workbench.startupEditor": "none", "telemetry.telemetryLevel": "off", "update.mode": "none",
  "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true, "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false, "git.enabled": false,
  "chat.disableAIFeatures": true, "workbench.tips.enabled": false }
JSON

# The Flutter app the suite opens.
APP="$STATE/work/clinic"
mkdir -p "$APP/lib" "$APP/android/app/src/main"
printf 'name: clinic\ndependencies:\n  http: ^1.2.0\n' > "$APP/pubspec.yaml"
cat > "$APP/lib/api.dart" <<'DART'
import 'package:http/http.dart' as http;

Future<void> loadRecords() async {
  await http.get(Uri.parse('http://records.northwind-clinic.net/v1'));
}
DART
cat > "$APP/android/app/src/main/AndroidManifest.xml" <<'XML'
<manifest xmlns:android="http://schemas.android.com/apk/res/android">
    <application android:usesCleartextTraffic="true">
    </application>
</manifest>
XML

SUITE_DIR="$STATE/suite"
npx esbuild "$ROOT/test/lsp/vscode/suite.ts" --bundle --platform=node --format=cjs \
  --external:vscode --outfile="$SUITE_DIR/index.js" --log-level=warning

SERVER=(node "$TOOLS/node_modules/code-server/lib/vscode/out/server-main.js"
  --accept-server-license-terms --server-data-dir "$STATE/data" --user-data-dir "$STATE/data"
  --extensions-dir "$STATE/ext")
setsid "${SERVER[@]}" --host 127.0.0.1 --port "$PORT" --without-connection-token \
  --enable-smoke-test-driver --disable-telemetry > "$STATE/server.log" 2>&1 &
SERVER_PID=$!
stop() { kill -- "-$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
trap stop EXIT
for _ in $(seq 150); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done

rc=0
node "$HARNESS/run-ext-tests.mjs" "http://127.0.0.1:$PORT" "$ROOT" "$SUITE_DIR/index.js" "$APP" \
  || rc=1
[ $rc = 0 ] || { echo "--- VS Code server log (tail) ---"; tail -40 "$STATE/server.log"; }
exit $rc
