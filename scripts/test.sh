#!/usr/bin/env bash
# Set up everything the test suite needs (a venv, the package with its dev and site extras, Chromium
# and a CJK font for the browser tests), then run the whole suite. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[dev,site]"
if [ -f site/install-browser.sh ]; then
    bash site/install-browser.sh
fi

.venv/bin/python -m pytest -q "$@"
