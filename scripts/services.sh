#!/usr/bin/env bash
# Starts or stops the services the chat hub needs: Redis (from redis.conf) and a local PostgreSQL cluster.
#   scripts/services.sh start [NAME]   install when missing, start, create role and database, print settings
#   scripts/services.sh stop  [NAME]   stop both by pid
#   scripts/services.sh env   [NAME]   print the settings as shell exports
# NAME (default "dev") separates data folders and ports: dev uses 6380/5433, test 6390/5443, bench 6395/5448.
# Override ports with CHAT_REDIS_PORT / CHAT_PG_PORT. Idempotent; asks for no input.
# The local mail server is started and stopped with them (scripts/mail.sh; CHAT_MAIL=0 leaves it out).
set -euo pipefail

cmd=${1:-start}
name=${2:-dev}
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/.data/$name"
case "$name" in
  test) default_redis=6390; default_pg=5443 ;;
  bench) default_redis=6395; default_pg=5448 ;;
  *)    default_redis=6380; default_pg=5433 ;;
esac
redis_port=${CHAT_REDIS_PORT:-$default_redis}
pg_port=${CHAT_PG_PORT:-$default_pg}
pg_bin=/usr/lib/postgresql/15/bin
pg_data="$data/pg"
redis_dir="$data/redis"

log() { printf '[services] %s\n' "$*" >&2; }

install_missing() {
  local want=()
  command -v redis-server >/dev/null 2>&1 || want+=(redis-server)
  [ -x "$pg_bin/initdb" ] || want+=(postgresql)
  [ "${CHAT_NEED_BROWSER:-0}" = 1 ] && ! command -v chromium >/dev/null 2>&1 && want+=(chromium)
  if [ ${#want[@]} -gt 0 ]; then
    log "installing ${want[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${want[@]}" >/dev/null
  fi
}

start_redis() {
  mkdir -p "$redis_dir"
  if redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG; then
    log "redis already running on $redis_port"
    return
  fi
  redis-server "$root/redis.conf" --port "$redis_port" --dir "$redis_dir" \
    --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" --daemonize yes
  for _ in $(seq 1 100); do
    redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && { log "redis up on $redis_port"; return; }
    sleep 0.1
  done
  log "redis did not start; see $redis_dir/redis.log"; exit 1
}

pg_running() { [ -f "$pg_data/postmaster.pid" ] && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1; }

start_pg() {
  if "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; then
    log "postgres already answering on $pg_port"
    ensure_db
    return
  fi
  mkdir -p "$data"
  chown postgres "$data"
  if [ ! -f "$pg_data/PG_VERSION" ]; then
    log "creating PostgreSQL cluster in $pg_data"
    (cd / && runuser -u postgres -- "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null)
  fi
  if ! pg_running; then
    (cd / && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -l "$data/pg.log" -w -t 60 \
      -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=${CHAT_PG_FSYNC:-on}" start >/dev/null)
    log "postgres up on $pg_port"
  else
    log "postgres already running"
  fi
  ensure_db
}

ensure_db() {
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -qtA -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
SELECT 'CREATE ROLE chat LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'chat')\gexec
SELECT 'CREATE DATABASE chat OWNER chat' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'chat')\gexec
SQL
  # Tests that change global state (policy versions) run in databases of their own.
  if [ "$name" = test ]; then
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -qtA -c 'ALTER ROLE chat CREATEDB' >/dev/null
  fi
}

stop_all() {
  if [ -f "$redis_dir/redis.pid" ]; then
    redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null || true
    rm -f "$redis_dir/redis.pid"
    log "redis stopped"
  fi
  if [ -f "$pg_data/postmaster.pid" ]; then
    (cd / && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1) || true
    log "postgres stopped"
  fi
}

print_env() {
  echo "export Redis__Configuration='127.0.0.1:$redis_port,abortConnect=false'"
  echo "export Database__ConnectionString='Host=127.0.0.1;Port=$pg_port;Username=chat;Database=chat;Maximum Pool Size=100'"
}

case "$cmd" in
  start) install_missing; start_redis; start_pg; print_env; [ "${CHAT_MAIL:-1}" = 0 ] || "$root/scripts/mail.sh" start "$name" ;;
  stop) stop_all; [ "${CHAT_MAIL:-1}" = 0 ] || "$root/scripts/mail.sh" stop "$name" ;;
  env) print_env; [ "${CHAT_MAIL:-1}" = 0 ] || "$root/scripts/mail.sh" env "$name" ;;
  *) echo "usage: $0 start|stop|env [NAME]" >&2; exit 2 ;;
esac
