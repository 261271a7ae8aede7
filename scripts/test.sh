#!/usr/bin/env bash
# Runs every test against real services, the way CI does:
#   installs Redis/Chromium when missing, starts Redis (redis.conf) and PostgreSQL on test ports,
#   builds the solution once, runs the test project, stops the services, and ends with "N passed, N failed".
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Routing").
# CHAT_KEEP_SERVICES=1 leaves the services running afterwards.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
config=${CHAT_TEST_CONFIGURATION:-Release}
log_dir="$root/.data/test-logs"
mkdir -p "$log_dir"

env_file=$(mktemp)
if ! CHAT_NEED_BROWSER=1 CHAT_NEED_CLAMD=1 CHAT_PG_FSYNC=off scripts/services.sh start test >"$env_file"; then
  echo "could not start test services" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
# shellcheck disable=SC1090
source "$env_file"
rm -f "$env_file"
export CHAT_TEST_REDIS="$Redis__Configuration"
export CHAT_TEST_PG="${Database__ConnectionString/Maximum Pool Size=100/Maximum Pool Size=40}"
export CHAT_TEST_PG_OWNER="$Database__MigrationConnectionString"
export CHAT_TEST_REDIS_ADMIN="$Backups__RedisConfiguration"
export CHAT_TEST_SMTP_PORT="$Email__Smtp__Port" CHAT_TEST_IMAP_PORT="$Email__Imap__Port" CHAT_TEST_MAIL_PASSWORD="$Email__Imap__Password"
unset Redis__Configuration Database__ConnectionString Database__MigrationConnectionString Backups__RedisConfiguration DataProtection__CertificatePath DataProtection__CertificatePassword \
  Email__Smtp__Host Email__Smtp__Port Email__Smtp__Security Email__Imap__Host Email__Imap__Port Email__Imap__Security \
  Email__Imap__Username Email__Imap__Password

stop_services() {
  [ "${CHAT_KEEP_SERVICES:-0}" = 1 ] || scripts/services.sh stop test 2>/dev/null || true
}
trap stop_services EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! dotnet build Chat.sln -c "$config" -nologo -clp:ErrorsOnly -m:2; then
  echo "build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

test_log="$log_dir/dotnet-test.log"
dotnet test Chat.Tests/Chat.Tests.csproj -c "$config" --no-build -nologo \
  --results-directory "$root/.data/TestResults" "$@" 2>&1 | tee "$test_log"
status=${PIPESTATUS[0]}

# Sum every assembly summary: "Passed!  - Failed:     0, Passed:    42, Skipped: ..." (or "Failed!  - ...").
read -r passed failed summaries < <(grep -E '^(Passed|Failed)! +- Failed: ' "$test_log" | awk -F'[:,]' '
  { f += $2; p += $4; n++ } END { printf "%d %d %d\n", p, f, n }')
# Stop the services now, so that the summary is the last line printed.
stop_services
trap - EXIT
if [ "${summaries:-0}" -eq 0 ]; then
  echo "no test summary found: no test ran" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
