#!/usr/bin/env bash
# Starts (or stops) a private PostgreSQL and Redis on loopback ports of their own, with data in a temp folder:
# no system service is touched. Installs Debian's postgresql and redis-server when missing.
#   scripts/services.sh start   → prints the environment to export (DATABASE_URL, REDIS_URL)
#   scripts/services.sh stop
set -euo pipefail
STATE="${GUIDE_SERVICES_DIR:-/tmp/guide-services}"
PG_PORT="${GUIDE_PG_PORT:-55432}"
REDIS_PORT="${GUIDE_REDIS_PORT:-56379}"

install_missing() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v redis-server >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null
  fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }

start() {
  install_missing
  stop >/dev/null 2>&1 || true
  rm -rf "$STATE" && mkdir -p "$STATE/pg"
  chown postgres "$STATE" "$STATE/pg"  # PostgreSQL refuses to run as root
  runuser -u postgres -- "$(pg_bin)/initdb" -D "$STATE/pg" -U guide --auth=trust -E UTF8 >/dev/null
  runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$STATE/pg" -l "$STATE/pg/server.log" -w \
    -o "-p $PG_PORT -k $STATE/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  runuser -u postgres -- "$(pg_bin)/createdb" -h 127.0.0.1 -p "$PG_PORT" -U guide guide
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$STATE/redis.pid" --dir "$STATE" --logfile "$STATE/redis.log"
  echo "export DATABASE_URL=postgresql+psycopg://guide@127.0.0.1:$PG_PORT/guide"
  echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

stop() {
  if [ -d "$STATE/pg" ]; then
    runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$STATE/pg" -m fast stop >/dev/null 2>&1 || true
  fi
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
