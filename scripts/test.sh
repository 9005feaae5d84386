#!/usr/bin/env bash
# Installs what tests need (incl. Debian's chromium) and runs every tier: lint, types, unit, integration, e2e.
set -euo pipefail
source "$(dirname "$0")/env.sh"
scripts/install.sh dev
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

echo "== lint and format"
ruff check .
ruff format --check .
echo "== types (strict)"
mypy
echo "== import contracts (pyproject.toml [tool.importlinter])"
lint-imports
# Every tier must have tests: pytest's exit 5 ("nothing collected") fails the run like any other failure.
echo "== unit"
pytest tests/unit -n 2
echo "== integration"
pytest tests/integration
echo "== e2e (real app in Chromium, 390x844)"
pytest tests/e2e

echo "== PostgreSQL + Redis, 2 workers: integration, the main journeys, and the services failing under them"
# Assigned first, then evaluated: a service that cannot start stops the run here (`eval "$(…)"` would swallow the
# failure, and the tier would run on SQLite without Redis). The app refuses 2 workers without REDIS_URL anyway.
services_env="$(scripts/services.sh start)"
eval "$services_env"
trap 'scripts/services.sh stop' EXIT
GRANIAN_WORKERS=2 pytest tests/integration
GRANIAN_WORKERS=2 pytest tests/e2e -m "journey or faults"
