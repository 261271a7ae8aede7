#!/usr/bin/env bash
# Load test of the message path against a bare SignalR relay, in the same run on the same machine:
# two Chat.Server instances and two relay instances on one Redis; visitors on instance A, agents on B.
#   bench/load.sh [--conversations 200] [--seconds 10] [--rates 500,1000,2000]
# Prints a Markdown table (docs/BENCHMARKS.md keeps the figures and this command).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
run_dir="$root/.data/bench-run"
mkdir -p "$run_dir"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

eval "$(scripts/services.sh start bench)"
export Redis__Configuration Database__ConnectionString DataProtection__CertificatePath DataProtection__CertificatePassword
dotnet build Chat.sln -c Release -nologo -clp:ErrorsOnly -m:2 >/dev/null

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/services.sh stop bench
}
trap cleanup EXIT INT TERM

server_dir="$root/Chat.Server/bin/Release/net10.0"
password=$(head -c 18 /dev/urandom | base64 | tr -d '+/=')
(cd "$server_dir" && CHAT_STAFF_PASSWORD="$password" dotnet Chat.Server.dll staff add beban-supervisor supervisor "Supervisor Beban" >/dev/null 2>&1)

wait_for() { for _ in $(seq 1 150); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "$1 did not start" >&2; exit 1; }
for port in 5180 5181; do
  (cd "$server_dir" && Logging__LogLevel__Default=Warning BusinessHours__AlwaysOpen=true \
    Conversations__RateLimit=1000 Conversations__RateWindow=00:00:01 Moderation__FloodMessages=1000 Moderation__FloodWindow=00:00:01 Moderation__RepeatLimit=1000 Accounts__RegistrationsPerMinute=1000000 Accounts__LoginsPerMinute=1000000 \
    exec dotnet Chat.Server.dll --urls "http://127.0.0.1:$port" >"$run_dir/server-$port.log" 2>&1) &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/health/ready"
done
for port in 5190 5191; do
  (cd "$root/bench/Chat.Relay/bin/Release/net10.0" && Redis="${Redis__Configuration}" exec dotnet Chat.Relay.dll --urls "http://127.0.0.1:$port" >"$run_dir/relay-$port.log" 2>&1) &
  pids+=($!)
done
sleep 2

dotnet "$root/bench/Chat.Load/bin/Release/net10.0/Chat.Load.dll" \
  --relay http://127.0.0.1:5190,http://127.0.0.1:5191 \
  --chat http://127.0.0.1:5180,http://127.0.0.1:5181 --supervisor "beban-supervisor:$password" "$@"
