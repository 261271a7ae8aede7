#!/usr/bin/env bash
# The fault suite under load: the scenarios of Chat.Tests/Faults (real Chat.Server processes behind deploy/'s nginx,
# real chats sending as fast as they are acknowledged), with more chats, real restarts and long outages:
#   kill -9 of an instance; Redis restart; Redis down 10 s; PostgreSQL server restart; PostgreSQL down 10 s; an agent's
#   network aborted and back inside the grace (Routing:HeartbeatTtl 10 s), and down past it (the chat goes to a colleague).
# After each it drains and checks every acknowledged message: stored once, in the order sent, held by both sides.
# Prints a line per scenario and ends with "faults: N scenarios, X lost, Y duplicated"; exits 1 when anything was
# lost or doubled or a scenario failed.
#   bench/faults.sh [--pairs 20] [--messages 40] [--outage 10]
# Ports: CHAT_REDIS_PORT / CHAT_PG_PORT (default 6396/5449, services "faults"); the servers and nginx take free ports.
# Run it under `flock /work/wt/bench.lock` on a shared machine.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pairs=20 messages=40 outage=10
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs) pairs=$2; shift 2 ;;
    --messages) messages=$2; shift 2 ;;
    --outage) outage=$2; shift 2 ;;
    *) echo "usage: $0 [--pairs N] [--messages N] [--outage SECONDS]" >&2; exit 2 ;;
  esac
done
run_dir="$root/.data/faults-run"
mkdir -p "$run_dir"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# No mail server: the scenarios send no mail that matters (the outbox keeps any for later).
export CHAT_MAIL=0

# Settings through a file: the mail server started in the background must not hold a substitution's pipe open.
CHAT_PG_FSYNC=on scripts/services.sh start faults >"$run_dir/env" || { echo "could not start the services" >&2; exit 1; }
# shellcheck disable=SC1091
source "$run_dir/env"
trap 'scripts/services.sh stop faults' EXIT INT TERM
export CHAT_TEST_REDIS="$Redis__Configuration" CHAT_TEST_PG="$Database__ConnectionString" CHAT_TEST_PG_OWNER="$Database__MigrationConnectionString" \
  CHAT_TEST_REDIS_ADMIN="$Backups__RedisConfiguration" CHAT_TEST_SMTP_PORT="${Email__Smtp__Port:-2525}" CHAT_TEST_IMAP_PORT="${Email__Imap__Port:-1143}"
unset Redis__Configuration Database__ConnectionString Database__MigrationConnectionString Backups__RedisConfiguration DataProtection__CertificatePath DataProtection__CertificatePassword
[ "${CHAT_BENCH_NO_BUILD:-0}" = 1 ] || dotnet build Chat.sln -c Release -nologo -clp:ErrorsOnly -m:1 >/dev/null || { echo "build failed" >&2; exit 1; }

report="$run_dir/report.txt"
: >"$report"
export CHAT_FAULTS_PAIRS=$pairs CHAT_FAULTS_MESSAGES=$messages CHAT_FAULTS_REPORT=$report
# PostgreSQL really restarts: the whole server stops and starts again (the suite only takes one database away).
export CHAT_FAULTS_PG_STOP="cd '$root' && scripts/services.sh pg-stop faults"
export CHAT_FAULTS_PG_START="cd '$root' && scripts/services.sh pg-start faults >/dev/null"
run() {
  CHAT_FAULTS_OUTAGE=$1 dotnet test Chat.Tests/Chat.Tests.csproj -c Release --no-build -nologo --filter "$2" \
    --results-directory "$run_dir/results" >>"$run_dir/dotnet-test.log" 2>&1
}
: >"$run_dir/dotnet-test.log"
status=0
run 0 "FullyQualifiedName~Chat.Tests.Faults.FaultTests" || status=1
run "$outage" "FullyQualifiedName~Chat.Tests.Faults.FaultTests.RedisRestart|FullyQualifiedName~Chat.Tests.Faults.FaultTests.PostgresOutage" || status=1

cat "$report"
failed=$(grep -cE '^  Failed Chat\.Tests' "$run_dir/dotnet-test.log" || true)
awk -v failed="$failed" '
  { n++; for (i = 1; i <= NF; i++) { if ($(i) == "lost,") lost += $(i-1); if ($(i) == "duplicated,") dup += $(i-1) } }
  END { printf "faults: %d scenarios, %d lost, %d duplicated%s\n", n, lost, dup, (failed > 0 ? " (" failed " scenario(s) failed; see .data/faults-run/dotnet-test.log)" : "") }' "$report"
grep -qE ' [1-9][0-9]* (lost|duplicated),' "$report" && status=1
exit $status
