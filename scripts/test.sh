#!/usr/bin/env bash
# Installs what tests need (incl. Debian's chromium) and runs every tier: lint, types, unit, integration, e2e.
set -euo pipefail
source "$(dirname "$0")/env.sh"
scripts/install.sh
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# pytest exits 5 when a tier has no test yet: that is not a failure.
tier() {
  local status=0
  pytest "$@" || status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 5 ]; then
    exit "$status"
  fi
}

echo "== lint and format"
ruff check .
ruff format --check .
echo "== types (strict)"
mypy
echo "== unit"
tier tests/unit -n 2
echo "== integration"
tier tests/integration
echo "== e2e (real app in Chromium, 390x844)"
tier tests/e2e

echo "== PostgreSQL + Redis, 2 workers: integration and the main journeys"
eval "$(scripts/services.sh start)"
trap 'scripts/services.sh stop' EXIT
GRANIAN_WORKERS=2 tier tests/integration
GRANIAN_WORKERS=2 tier tests/e2e -m journey
