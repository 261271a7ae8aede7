#!/usr/bin/env bash
# Starts or stops the services the chat hub needs: Redis (from redis.conf) and a local PostgreSQL cluster.
#   scripts/services.sh start [NAME]   install when missing, start, create role and database, print settings
#   scripts/services.sh stop  [NAME]   stop both by pid
#   scripts/services.sh env   [NAME]   print the settings as shell exports
#   scripts/services.sh pg-stop|pg-start [NAME]   stop or start only PostgreSQL (bench/faults.sh restarts it mid-traffic)
# NAME (default "dev") separates data folders and ports: dev uses 6380/5433, test 6390/5443, bench 6395/5448,
# faults (bench/faults.sh) 6396/5449.
# Override ports with CHAT_REDIS_PORT / CHAT_PG_PORT; CHAT_PG_EXTRA adds server options (e.g. "-c shared_preload_libraries=...").
# Idempotent; asks for no input.
# Redis keeps its data in <repo>/.data/NAME. PostgreSQL runs as the postgres user, which may not be able to
# enter the folders above the repository (root's home, mktemp -d), so its cluster lives in a folder that user
# owns: /var/lib/postgresql/chat/<NAME>-<hash of the repository path> (CHAT_PG_ROOT overrides the parent), one
# per clone and worktree, so that two clones on one machine never share a cluster.
# The local mail server is started and stopped with them (scripts/mail.sh; CHAT_MAIL=0 leaves it out).
set -euo pipefail

cmd=${1:-start}
name=${2:-dev}
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/.data/$name"
case "$name" in
  test) default_redis=6390; default_pg=5443 ;;
  bench) default_redis=6395; default_pg=5448 ;;
  faults) default_redis=6396; default_pg=5449 ;;
  *)    default_redis=6380; default_pg=5433 ;;
esac
redis_port=${CHAT_REDIS_PORT:-$default_redis}
pg_port=${CHAT_PG_PORT:-$default_pg}
pg_bin=/usr/lib/postgresql/15/bin
pg_root=${CHAT_PG_ROOT:-/var/lib/postgresql/chat}
pg_home="$pg_root/$name-$(printf '%s' "$root" | sha256sum | cut -c1-12)"
pg_data="$pg_home/data"
pg_log="$pg_home/postgres.log"
redis_dir="$data/redis"
secrets="$data/secrets"

log() { printf '[services] %s\n' "$*" >&2; }
fail() { printf '[services] error: %s\n' "$*" >&2; exit 1; }

# Prints "pid program" of whatever listens on 127.0.0.1:PORT (or on every address), nothing when free.
port_listener() {
  ss -ltnpH "sport = :$1" 2>/dev/null | sed -nE 's/.*users:\(\("([^"]+)",pid=([0-9]+).*/\2 \1/p' | head -n1
}

install_missing() {
  local want=()
  command -v redis-server >/dev/null 2>&1 || want+=(redis-server)
  [ -x "$pg_bin/initdb" ] || want+=(postgresql)
  [ "${CHAT_NEED_BROWSER:-0}" = 1 ] && ! command -v chromium >/dev/null 2>&1 && want+=(chromium)
  # The fault tests put nginx (deploy/nginx.sh) in front of Chat.Server processes.
  case "$name" in test|faults) [ -x /usr/sbin/nginx ] || want+=(nginx) ;; esac
  # The malware-scanner tests run their own clamd with a test signature (no signature download is needed).
  [ "${CHAT_NEED_CLAMD:-0}" = 1 ] && ! command -v clamd >/dev/null 2>&1 && [ ! -x /usr/sbin/clamd ] && want+=(clamav-daemon)
  if [ ${#want[@]} -gt 0 ]; then
    log "installing ${want[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${want[@]}" >/dev/null
  fi
}

# Redis runs with ACL users only: "chat" for the app (dangerous commands denied) and "admin" for these scripts
# (shutdown). Passwords are generated at first start into root-only files; the default user is off.
ensure_redis_secrets() {
  mkdir -p "$secrets"
  chmod 700 "$secrets"
  for who in app admin; do
    [ -s "$secrets/redis-$who.pass" ] || (umask 077; openssl rand -hex 32 >"$secrets/redis-$who.pass")
  done
  (umask 077; cat >"$redis_dir/users.acl" <<ACL
user default off
user chat on >$(cat "$secrets/redis-app.pass") ~* &* +@all -@dangerous +info +role
user admin on >$(cat "$secrets/redis-admin.pass") ~* &* +@all
ACL
  )
}

# The data-protection key ring (which seals every token) is encrypted at rest with this self-signed certificate.
ensure_dp_certificate() {
  [ -s "$secrets/dataprotection.pfx" ] && return
  [ -s "$secrets/dataprotection.pass" ] || (umask 077; openssl rand -hex 24 >"$secrets/dataprotection.pass")
  local tmp
  tmp=$(mktemp -d)
  openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj "/CN=chat-lpse-tanahlaut data protection" \
    -keyout "$tmp/key.pem" -out "$tmp/cert.pem" >/dev/null 2>&1
  (umask 077; openssl pkcs12 -export -inkey "$tmp/key.pem" -in "$tmp/cert.pem" \
    -passout "file:$secrets/dataprotection.pass" -out "$secrets/dataprotection.pfx")
  rm -rf "$tmp"
  log "created data-protection certificate in $secrets"
}

redis_admin() { REDISCLI_AUTH="$(cat "$secrets/redis-admin.pass" 2>/dev/null)" redis-cli --no-auth-warning --user admin -p "$redis_port" "$@"; }

start_redis() {
  mkdir -p "$redis_dir"
  ensure_redis_secrets
  local listener
  listener=$(port_listener "$redis_port")
  if [ -n "$listener" ]; then
    if [ -f "$redis_dir/redis.pid" ] && [ "${listener%% *}" = "$(cat "$redis_dir/redis.pid")" ]; then
      log "redis already running on $redis_port"
      return
    fi
    fail "port $redis_port is taken by ${listener#* } (pid ${listener%% *}), not by this checkout's Redis; choose another with CHAT_REDIS_PORT"
  fi
  if ! redis-server "$root/redis.conf" --port "$redis_port" --dir "$redis_dir" --aclfile "$redis_dir/users.acl" \
    --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" --daemonize yes; then
    fail "redis-server refused to start on port $redis_port; see $redis_dir/redis.log"
  fi
  for _ in $(seq 1 100); do
    redis_admin ping 2>/dev/null | grep -q PONG && { log "redis up on $redis_port"; return; }
    sleep 0.1
  done
  log "redis did not answer on port $redis_port within 10 s; last lines of $redis_dir/redis.log:"
  tail -n 5 "$redis_dir/redis.log" >&2 2>/dev/null || true
  exit 1
}

pg_running() { [ -f "$pg_data/postmaster.pid" ] && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1; }

# The postmaster's pid: the first line of postmaster.pid.
pg_pid() { head -n1 "$pg_data/postmaster.pid" 2>/dev/null || true; }

start_pg() {
  local listener
  listener=$(port_listener "$pg_port")
  if [ -n "$listener" ]; then
    if pg_running && [ "${listener%% *}" = "$(pg_pid)" ]; then
      log "postgres already running on $pg_port ($pg_data)"
      ensure_db
      return
    fi
    fail "port $pg_port is taken by ${listener#* } (pid ${listener%% *}), not by this checkout's PostgreSQL ($pg_data); choose another with CHAT_PG_PORT"
  fi
  mkdir -p "$data"
  # Only the folders from $pg_root down are created and owned by postgres; nothing above them changes.
  install -d -o postgres -g postgres -m 0755 "$pg_root"
  install -d -o postgres -g postgres -m 0700 "$pg_home"
  printf '%s\n' "$root" > "$pg_home/checkout.tmp" && chown postgres "$pg_home/checkout.tmp" && mv "$pg_home/checkout.tmp" "$pg_home/checkout"
  if [ ! -f "$pg_data/PG_VERSION" ]; then
    log "creating PostgreSQL cluster in $pg_data"
    if ! (cd / && runuser -u postgres -- "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1); then
      log "initdb failed; its output:"
      cat "$data/initdb.log" >&2
      exit 1
    fi
  fi
  if pg_running; then
    fail "the PostgreSQL cluster in $pg_data runs (pid $(pg_pid)) but does not listen on port $pg_port; stop it with: $0 stop $name"
  fi
  if ! (cd / && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_log" -w -t 60 \
    -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=${CHAT_PG_FSYNC:-on} ${CHAT_PG_EXTRA:-}" start >/dev/null); then
    log "postgres did not start on port $pg_port; last lines of $pg_log:"
    tail -n 5 "$pg_log" >&2 2>/dev/null || true
    exit 1
  fi
  log "postgres up on $pg_port ($pg_data)"
  ensure_db
}

ensure_db() {
  # Two roles: chat_owner owns the schema and runs migrations and restores; chat is the application's role, which
  # the migrator grants only what it needs (the audit log is insert-only for it).
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -qtA -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
SELECT 'CREATE ROLE chat_owner LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'chat_owner')\gexec
SELECT 'CREATE ROLE chat LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'chat')\gexec
SELECT 'CREATE DATABASE chat OWNER chat_owner' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'chat')\gexec
SQL
  # A database made before the owner role existed: hand it and its tables to the owner.
  if [ "$(psql -h 127.0.0.1 -p "$pg_port" -U postgres -qtA -c "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'chat'")" = chat ]; then
    log "handing database chat to role chat_owner"
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -d chat -qtA -v ON_ERROR_STOP=1 \
      -c 'ALTER DATABASE chat OWNER TO chat_owner' -c 'REASSIGN OWNED BY chat TO chat_owner' >/dev/null
  fi
  # Tests that change global state (policy versions) run in databases of their own, made by the owner role.
  if [ "$name" = test ] || [ "$name" = faults ]; then
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -qtA -c 'ALTER ROLE chat_owner CREATEDB' -c 'GRANT pg_signal_backend TO chat_owner' >/dev/null
  fi
}

stop_all() {
  if [ -f "$redis_dir/redis.pid" ]; then
    redis_admin shutdown nosave >/dev/null 2>&1 || kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null || true
    rm -f "$redis_dir/redis.pid"
    log "redis stopped"
  fi
  if pg_running; then
    (cd / && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1) || true
    log "postgres stopped"
  fi
}

print_env() {
  echo "export Redis__Configuration='127.0.0.1:$redis_port,user=chat,password=$(cat "$secrets/redis-app.pass"),abortConnect=false'"
  echo "export DataProtection__CertificatePath='$secrets/dataprotection.pfx'"
  echo "export DataProtection__CertificatePassword='$(cat "$secrets/dataprotection.pass")'"
  echo "export Database__ConnectionString='Host=127.0.0.1;Port=$pg_port;Username=chat;Database=chat;Maximum Pool Size=100'"
  echo "export Database__MigrationConnectionString='Host=127.0.0.1;Port=$pg_port;Username=chat_owner;Database=chat'"
  # Backups snapshot Redis's append-only file with the admin user (BGREWRITEAOF and CONFIG are denied to the app's).
  echo "export Backups__RedisConfiguration='127.0.0.1:$redis_port,user=admin,password=$(cat "$secrets/redis-admin.pass"),abortConnect=false'"
}

case "$cmd" in
  start) install_missing; start_redis; ensure_dp_certificate; start_pg; print_env; [ "${CHAT_MAIL:-1}" = 0 ] || "$root/scripts/mail.sh" start "$name" ;;
  stop) stop_all; [ "${CHAT_MAIL:-1}" = 0 ] || "$root/scripts/mail.sh" stop "$name" ;;
  pg-stop) pg_running && (cd / && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null) && log "postgres stopped" ;;
  pg-start) start_pg ;;
  env) print_env; [ "${CHAT_MAIL:-1}" = 0 ] || "$root/scripts/mail.sh" env "$name" ;;
  *) echo "usage: $0 start|stop|env|pg-stop|pg-start [NAME]" >&2; exit 2 ;;
esac
