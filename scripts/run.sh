#!/usr/bin/env bash
# Installs, migrates the database, builds and serves the app in production mode on one port.
set -euo pipefail
source "$(dirname "$0")/env.sh"
scripts/install.sh
reflex db migrate
exec reflex run --env prod --single-port --frontend-port "${PORT:-3000}" --backend-port "${PORT:-3000}"
