#!/usr/bin/env bash
# Installs mastodon_mock (a simulator of the Mastodon client API, not Mastodon) into its own venv,
# because it brings FastAPI and SQLAlchemy the product does not use. See docs/connectors.md.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=../..
PYTHON="${PYTHON:-$(command -v python3.13 || command -v python3)}"
"$ROOT/.tools/bin/uv" venv --quiet --allow-existing --python "$PYTHON" .venv
"$ROOT/.tools/bin/uv" pip install --quiet --python .venv/bin/python --require-hashes -r requirements.txt
.venv/bin/mastodon_mock --help >/dev/null
echo "tools/mastodon: mastodon_mock installed"
