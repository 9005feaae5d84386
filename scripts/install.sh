#!/usr/bin/env bash
# Installs what the app needs to run, skipping what is already there:
# a Python venv with the pinned packages, Debian's DejaVu fonts, Node 22 and bun from the npm registry into .tools/.
# `scripts/install.sh dev` adds the test and check tools of requirements-dev.txt (never installed by `make run`).
set -euo pipefail
source "$(dirname "$0")/env.sh"

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
requirements=requirements.txt
if [ "${1:-}" = "dev" ]; then
  requirements=requirements-dev.txt
fi
wanted="$requirements $(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)"
if [ "$(cat .venv/.installed 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/pip install --quiet --disable-pip-version-check -r "$requirements"
  echo "$wanted" > .venv/.installed
fi

# DejaVu Sans prints the letters' accents and € (guide_app/recourse/letters.py).
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null
fi

tools="node@22.23.3 bun@1.4.5"
if [ "${1:-}" = "dev" ]; then
  tools="$tools axe-core@4.14.1"  # the browser tests' accessibility checks (tests/e2e/test_accessibility.py)
fi
if [ "$(cat .tools/.installed 2>/dev/null)" != "$tools" ]; then
  mkdir -p .tools
  npm install --prefix .tools --no-fund --no-audit --loglevel=error $tools
  echo "$tools" > .tools/.installed
fi
