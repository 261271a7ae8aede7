#!/usr/bin/env bash
# Load test of the message path against a bare SignalR relay, in the same run on the same machine:
# two Chat.Server instances and two relay instances on one Redis; visitors on instance A, agents on B.
#   bench/load.sh [--conversations 200] [--seconds 10] [--rates 500,1000,2000] [--no-closed-loop] [--only chat|relay]
# Prints a Markdown table (docs/BENCHMARKS.md keeps the figures and this command), then each server's CPU time
# and peak memory, and where the time went in Redis (INFO commandstats) and PostgreSQL (pg_stat_statements).
# Ports: CHAT_BENCH_SERVER_PORTS (default 5180,5181), CHAT_BENCH_RELAY_PORTS (default 5190,5191), and the
# services' CHAT_REDIS_PORT / CHAT_PG_PORT (default 6395/5448). Extra server settings pass through the
# environment (e.g. Conversations__MaxConcurrentSends=256). Run it under `flock /work/wt/bench.lock` on a shared machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
run_dir="$root/.data/bench-run"
mkdir -p "$run_dir"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
IFS=, read -r -a server_ports <<<"${CHAT_BENCH_SERVER_PORTS:-5180,5181}"
IFS=, read -r -a relay_ports <<<"${CHAT_BENCH_RELAY_PORTS:-5190,5191}"

# pg_stat_statements shows which statements the time goes to.
CHAT_PG_EXTRA="-c shared_preload_libraries=pg_stat_statements" scripts/services.sh start bench >"$run_dir/env"
eval "$(cat "$run_dir/env")"
export Redis__Configuration Database__ConnectionString Database__MigrationConnectionString Backups__RedisConfiguration DataProtection__CertificatePath DataProtection__CertificatePassword
redis_port=$(sed -nE 's/.*127\.0\.0\.1:([0-9]+),.*/\1/p' <<<"$Redis__Configuration")
pg_port=$(sed -nE 's/.*Port=([0-9]+);.*/\1/p' <<<"$Database__ConnectionString")
redis_admin() { REDISCLI_AUTH="$(cat "$root/.data/bench/secrets/redis-admin.pass")" redis-cli --no-auth-warning --user admin -p "$redis_port" "$@"; }
# Every run starts empty: chats left queued by an earlier (interrupted) run would take the agents' seats first.
redis_admin flushall >/dev/null
psql -h 127.0.0.1 -p "$pg_port" -U postgres -qtA -c 'DROP DATABASE IF EXISTS chat WITH (FORCE)' >/dev/null
CHAT_PG_EXTRA="-c shared_preload_libraries=pg_stat_statements" scripts/services.sh start bench >/dev/null
[ "${CHAT_BENCH_NO_BUILD:-0}" = 1 ] || dotnet build Chat.sln -c Release -nologo -clp:ErrorsOnly -m:1 >/dev/null

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/services.sh stop bench
}
trap cleanup EXIT INT TERM

server_dir="$root/Chat.Server/bin/Release/net10.0"
password=$(head -c 18 /dev/urandom | base64 | tr -d '+/=')
# Supervisors sign in with a second factor: `staff add` prints the authenticator key, the load generator computes codes.
account=$(cd "$server_dir" && CHAT_STAFF_PASSWORD="$password" dotnet Chat.Server.dll staff add beban-supervisor supervisor "Supervisor Beban" 2>/dev/null | tail -n 1)
totp_key=$(sed -n 's/.*2FA key \([A-Z2-7]*\).*/\1/p' <<<"$account")

wait_for() { for _ in $(seq 1 150); do curl -fs "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "$1 did not start" >&2; exit 1; }
declare -A server_pid
for port in "${server_ports[@]}"; do
  (cd "$server_dir" && Logging__LogLevel__Default=Warning BusinessHours__AlwaysOpen=true \
    Conversations__RateLimit=1000 Conversations__RateWindow=00:00:01 Moderation__FloodMessages=1000 Moderation__FloodWindow=00:00:01 Moderation__RepeatLimit=1000 Accounts__RegistrationsPerMinute=1000000 Accounts__LoginsPerMinute=1000000 \
    exec dotnet Chat.Server.dll --urls "http://127.0.0.1:$port" >"$run_dir/server-$port.log" 2>&1) &
  pids+=($!)
  server_pid[$port]=$!
  wait_for "http://127.0.0.1:$port/health/ready"
done
for port in "${relay_ports[@]}"; do
  (cd "$root/bench/Chat.Relay/bin/Release/net10.0" && Redis="${Redis__Configuration}" exec dotnet Chat.Relay.dll --urls "http://127.0.0.1:$port" >"$run_dir/relay-$port.log" 2>&1) &
  pids+=($!)
  server_pid[$port]=$!
done
for port in "${relay_ports[@]}"; do wait_for "http://127.0.0.1:$port/relay/negotiate?negotiateVersion=1" -X POST; done

psql -h 127.0.0.1 -p "$pg_port" -U postgres -d chat -qtA -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' -c 'SELECT pg_stat_statements_reset()' >/dev/null
redis_admin config resetstat >/dev/null

urls() { local out=() p; for p in "$@"; do out+=("http://127.0.0.1:$p"); done; (IFS=,; echo "${out[*]}"); }
echo "uptime before: $(uptime)"
dotnet "$root/bench/Chat.Load/bin/Release/net10.0/Chat.Load.dll" \
  --relay "$(urls "${relay_ports[@]}")" \
  --chat "$(urls "${server_ports[@]}")" --supervisor "beban-supervisor:$password:$totp_key" --server-pid "${server_pid[${server_ports[0]}]}" "$@" || echo "load generator failed (exit $?)"
echo "uptime after: $(uptime)"

ticks=$(getconf CLK_TCK)
echo
echo "| process | port | CPU s | peak memory MB |"
echo "| --- | --- | --- | --- |"
for port in "${server_ports[@]}" "${relay_ports[@]}"; do
  pid=${server_pid[$port]}
  [ -r "/proc/$pid/stat" ] || continue
  cpu=$(awk -v t="$ticks" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$pid/stat")
  hwm=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
  kind=chat-server; [[ " ${relay_ports[*]} " == *" $port "* ]] && kind=relay
  echo "| $kind | $port | $cpu | $hwm |"
done
echo
echo "Redis (INFO commandstats, calls and µs per call):"
redis_admin info commandstats | grep -E '^cmdstat_' | sed -E 's/^cmdstat_([^:]+):calls=([0-9]+),usec=([0-9]+),usec_per_call=([0-9.]+).*/  \1 calls=\2 usec=\3 per_call=\4/' | sort -t= -k3 -n -r | head -n 12
echo "PostgreSQL (pg_stat_statements, top by total time):"
psql -h 127.0.0.1 -p "$pg_port" -U postgres -d chat -qtA -F ' | ' -c "
  SELECT calls, round(total_exec_time::numeric, 0) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
         regexp_replace(left(query, 90), '\s+', ' ', 'g')
  FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 8" | sed 's/^/  /'
psql -h 127.0.0.1 -p "$pg_port" -U postgres -d chat -qtA -c "SELECT '  WAL: ' || wal_records || ' records, ' || wal_sync || ' syncs, ' || round(wal_sync_time::numeric) || ' ms syncing' FROM pg_stat_wal" 2>/dev/null || true
