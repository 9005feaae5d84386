#!/usr/bin/env bash
# Starts (or stops) a private PostgreSQL and Redis on loopback ports of their own, with data in a temp folder:
# no system service is touched. Installs Debian's postgresql, redis-server and nginx when missing.
#   scripts/services.sh start   → prints the environment to export (DATABASE_URL, REDIS_URL)
#   scripts/services.sh stop
#   scripts/services.sh restart redis|postgres   → a restart in place, same port and data (the fault tests' outage)
set -euo pipefail
STATE="${GUIDE_SERVICES_DIR:-/tmp/guide-services}"
PG_PORT="${GUIDE_PG_PORT:-55432}"
REDIS_PORT="${GUIDE_REDIS_PORT:-56379}"

install_missing() {  # nginx too: the two-instance test puts it in front of the app (deploy/nginx.conf)
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v redis-server >/dev/null \
    || ! command -v nginx >/dev/null; then
    for attempt in 1 2 3; do  # a package mirror that fails once is retried
      if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server nginx \
        >/dev/null; then
        return
      fi
      echo "services.sh: installing postgresql, redis-server and nginx failed (attempt $attempt of 3)" >&2
      sleep 10
    done
    exit 1
  fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }

start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$STATE/redis.pid" --dir "$STATE" --logfile "$STATE/redis.log"
  until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.1; done
}

start() {
  install_missing
  stop >/dev/null 2>&1 || true
  rm -rf "$STATE" && mkdir -p "$STATE/pg"
  chown postgres "$STATE" "$STATE/pg"  # PostgreSQL refuses to run as root
  runuser -u postgres -- "$(pg_bin)/initdb" -D "$STATE/pg" -U guide --auth=trust -E UTF8 >/dev/null
  runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$STATE/pg" -l "$STATE/pg/server.log" -w \
    -o "-p $PG_PORT -k $STATE/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  runuser -u postgres -- "$(pg_bin)/createdb" -h 127.0.0.1 -p "$PG_PORT" -U guide guide
  start_redis
  echo "export DATABASE_URL=postgresql+psycopg://guide@127.0.0.1:$PG_PORT/guide"
  echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

stop() {
  if [ -d "$STATE/pg" ]; then
    runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$STATE/pg" -m fast stop >/dev/null 2>&1 || true
  fi
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}

# Redis keeps nothing on disk here (--save ''): a restart empties it, as a crash of a cache-only Redis would.
# PostgreSQL stops at once (-m immediate: no checkpoint, open connections cut) and starts again on its data.
restart() {
  case "${1:-}" in
    redis)
      redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
      while redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.1; done
      start_redis ;;
    postgres)
      runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$STATE/pg" -m immediate -w restart \
        -o "-p $PG_PORT -k $STATE/pg -c listen_addresses=127.0.0.1 -c fsync=off" >/dev/null ;;
    *) echo "usage: $0 restart redis|postgres" >&2; exit 2 ;;
  esac
}

case "${1:-}" in
  start) start ;;
  restart) restart "${2:-}" ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop|restart redis|postgres" >&2; exit 2 ;;
esac
