#!/usr/bin/env bash
# Installs, migrates the database, builds and serves the app in production mode on one port.
set -euo pipefail
source "$(dirname "$0")/env.sh"
scripts/install.sh
reflex db migrate
# One process without Redis: client states in memory (the disk manager rewrites and rescans its files every
# 2 s, and wipes them at each start anyway); SQLite is a file, so no connection check before each query.
# Measured with bench/workshop_load.py: a 500-phone room costs half as much CPU per event this way.
if [ -z "${REDIS_URL:-}" ]; then
  export REFLEX_STATE_MANAGER_MODE="${REFLEX_STATE_MANAGER_MODE:-memory}"
fi
case "${DATABASE_URL:-sqlite}" in
  sqlite*) export SQLALCHEMY_POOL_PRE_PING="${SQLALCHEMY_POOL_PRE_PING:-false}" ;;
esac
exec reflex run --env prod --single-port --frontend-port "${PORT:-3000}" --backend-port "${PORT:-3000}"
