#!/usr/bin/env bash
# Runs the whole system locally: Redis and PostgreSQL, migrations, Chat.Server (N instances), Chat.Agent,
# the demo LPSE page with the widget, and demo staff accounts (printed with their passwords).
# Ctrl-C stops everything. Settings: CHAT_INSTANCES (default 1), CHAT_SERVER_PORT (5080; instance i
# listens on port+i), CHAT_AGENT_PORT (5090); the mail server's ports as in scripts/mail.sh.
# With CHAT_INSTANCES > 1 an nginx front (deploy/nginx.sh: sticky sessions, WebSocket upgrade) listens on
# CHAT_NGINX_PORT (8080) for the instances and on CHAT_NGINX_PORT+1 for the console; everything goes through it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
instances=${CHAT_INSTANCES:-1}
server_port=${CHAT_SERVER_PORT:-5080}
agent_port=${CHAT_AGENT_PORT:-5090}
nginx_port=${CHAT_NGINX_PORT:-8080}
# The address people and the console use: the one instance, or nginx in front of several.
if [ "$instances" -gt 1 ]; then
  public_port=$nginx_port
  console_url="http://127.0.0.1:$((nginx_port + 1))/"
else
  public_port=$server_port
  console_url="http://127.0.0.1:$agent_port/"
fi
run_dir="$root/.run"
mkdir -p "$run_dir"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# A local run over plain http: Development lets the console's cookies work without TLS and turns on the API viewer.
# Production (the default of a published build) requires HTTPS for them.
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}

# Settings go through a file, not "$(...)": the mail server started in the background would keep the
# substitution's pipe open and the run would wait for it forever.
env_file="$run_dir/services.env"
CHAT_NEED_BROWSER=0 scripts/services.sh start dev >"$env_file"
# shellcheck disable=SC1090
source "$env_file"
export Backups__Folder=${Backups__Folder:-$root/.data/dev/backups}
export Redis__Configuration Database__ConnectionString Database__MigrationConnectionString Backups__RedisConfiguration DataProtection__CertificatePath DataProtection__CertificatePassword
# Mail goes to the local mail server; its "Helpdesk" mailbox is read back over IMAP (docs/EMAIL.md).
export Email__Smtp__Host Email__Smtp__Port Email__Smtp__Security Email__Imap__Host Email__Imap__Port Email__Imap__Security \
  Email__Imap__Username Email__Imap__Password
export Email__SiteUrl="http://127.0.0.1:$public_port/demo/"

# CHAT_SKIP_BUILD=1 uses the Release build already there (the test of this script runs after the suite's build).
if [ "${CHAT_SKIP_BUILD:-0}" != 1 ]; then
  echo "[run] building"
  dotnet build Chat.sln -c Release -nologo -clp:ErrorsOnly -m:2 >/dev/null
fi

# The console is published: its static assets (CSS, Blazor's script) are served from a published wwwroot.
dotnet publish Chat.Agent/Chat.Agent.csproj -c Release --no-build -nologo -o "$run_dir/agent" >/dev/null
server_dll="$root/Chat.Server/bin/Release/net10.0/Chat.Server.dll"
agent_dll="$run_dir/agent/Chat.Agent.dll"

# Migrations run here once, and again (as a no-op) when each instance starts.
if ! accounts=$(
  cd "$root/Chat.Server/bin/Release/net10.0"
  dotnet "$server_dll" staff add agen1 agent "Rina Agen" 2>>"$run_dir/staff.log" | tail -n 1
  dotnet "$server_dll" staff add supervisor1 supervisor "Hendra Supervisor" 2>>"$run_dir/staff.log" | tail -n 1
); then
  echo "[run] migrating the database or creating the demo accounts failed:" >&2
  tail -n 20 "$run_dir/staff.log" >&2
  scripts/services.sh stop dev >&2 || true
  exit 1
fi

pids=()
cleanup() {
  echo "[run] stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/services.sh stop dev
}
trap cleanup EXIT INT TERM

wait_for() {
  for _ in $(seq 1 150); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "[run] $1 did not come up; see $run_dir" >&2
  return 1
}

origins="http://127.0.0.1:$public_port,http://localhost:$public_port"
for i in $(seq 0 $((instances - 1))); do
  port=$((server_port + i))
  (cd "$root/Chat.Server/bin/Release/net10.0" && \
    BusinessHours__AlwaysOpen=${CHAT_ALWAYS_OPEN:-true} Widget__AllowedOrigins="$origins" Widget__EnableDemo=true \
    ForwardedHeaders__KnownProxies__0=127.0.0.1 \
    exec dotnet "$server_dll" --urls "http://127.0.0.1:$port" >"$run_dir/server-$i.log" 2>&1) &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/health/ready"
done

if [ "$instances" -gt 1 ]; then
  upstreams=$(seq -s, "$server_port" $((server_port + instances - 1)))
  CHAT_NGINX_PORT=$nginx_port CHAT_NGINX_UPSTREAMS=$upstreams CHAT_NGINX_CONSOLE=$agent_port \
    deploy/nginx.sh run "$root/.data/dev/nginx" >"$run_dir/nginx.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$nginx_port/health/ready"
fi

(cd "$run_dir/agent" && \
  ChatServer__BaseUrl="http://127.0.0.1:$public_port" exec dotnet "$agent_dll" --urls "http://127.0.0.1:$agent_port" >"$run_dir/agent.log" 2>&1) &
pids+=($!)
wait_for "http://127.0.0.1:$agent_port/health/live"

cat <<TXT

HELPDESK LPSE Tanah Laut chat is running.
  Demo LPSE page with the widget: http://127.0.0.1:$public_port/demo/
  Agent console:                  $console_url
  Chat.Server API and hubs:       http://127.0.0.1:$public_port/ (instances: $instances, ports $server_port-$((server_port + instances - 1))$([ "$instances" -gt 1 ] && echo ", behind nginx" || true))
  Health:                         http://127.0.0.1:$public_port/health/ready
  Demo mail (codes, tickets):     $CHAT_MAIL_WEB_URL  (helpdesk address helpdesk@lpse.test; replies land in its "Helpdesk" mailbox)
Demo staff accounts (username, role, password; supervisors also sign in with a code from an authenticator app
holding the printed key, or with one of the printed single-use recovery codes):
$(echo "$accounts" | sed 's/^/  /')
Logs in $run_dir. Press Ctrl-C to stop.
TXT
wait
