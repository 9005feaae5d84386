#!/usr/bin/env bash
# Installs, migrates the database, builds and serves the app in production mode on one port.
set -euo pipefail
source "$(dirname "$0")/env.sh"
scripts/install.sh
reflex db migrate
# SQLite is a file, so no connection check before each query (without Redis, the client states are kept in
# memory: rxconfig.py). Measured with bench/workshop_load.py: a 500-phone room costs half as much CPU per event.
case "${DATABASE_URL:-sqlite}" in
  sqlite*) export SQLALCHEMY_POOL_PRE_PING="${SQLALCHEMY_POOL_PRE_PING:-false}" ;;
esac
exec reflex run --env prod --single-port --frontend-port "${PORT:-3000}" --backend-port "${PORT:-3000}"
