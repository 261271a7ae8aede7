#!/usr/bin/env bash
# How long a backup and a restore of 1 million messages take (docs/OPERATIONS.md).
#   flock /work/wt/bench.lock bench/restore.sh        (CHAT_REDIS_PORT / CHAT_PG_PORT pick the services, "test" cluster)
# Makes a database of its own (bench_restore), fills it with MESSAGES messages (default 1,000,000) in conversations
# of 10 messages, runs `backup create`, drops and recreates the database empty, runs `backup restore`, checks the
# message count and prints the figures with the load average.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
messages=${MESSAGES:-1000000}
db=bench_restore
eval "$(scripts/services.sh start test)"
pg_port=$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$Database__ConnectionString")
owner() { psql -h 127.0.0.1 -p "$pg_port" -U chat_owner -d "$1" -qtA -v ON_ERROR_STOP=1 "${@:2}"; }
export Database__ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=chat;Database=$db"
export Database__MigrationConnectionString="Host=127.0.0.1;Port=$pg_port;Username=chat_owner;Database=$db"
export Redis__Configuration Backups__Folder="$root/.data/bench-backups" Logging__LogLevel__Default=Warning
rm -rf "$Backups__Folder"
server="dotnet $root/Chat.Server/bin/Release/net10.0/Chat.Server.dll"
[ -f "$root/Chat.Server/bin/Release/net10.0/Chat.Server.dll" ] || dotnet build Chat.Server/Chat.Server.csproj -c Release -nologo -clp:ErrorsOnly >/dev/null

owner postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db OWNER chat_owner"
$server staff add bench-agent agent "Agen Bench" >/dev/null   # applies the migrations
conversations=$((messages / 10))
echo "[bench] filling $db with $messages messages in $conversations conversations"
owner "$db" <<SQL
INSERT INTO visitors (id, name, email, phone, organization, created_at, email_updated_at)
SELECT md5('v' || g)::uuid, 'Pengunjung ' || g, 'v' || g || '@penyedia.example.id', '0812' || lpad(g::text, 8, '0'), 'CV Maju ' || (g % 500), now(), now()
FROM generate_series(1, $conversations / 5) g;
INSERT INTO conversations (id, visitor_id, topic, status, last_seq, queued_at, closed_at, close_reason)
SELECT md5('c' || g)::uuid, md5('v' || (1 + g % ($conversations / 5)))::uuid, 'teknis', 'closed', 10, now() - interval '1 day', now(), 'resolved'
FROM generate_series(1, $conversations) g;
INSERT INTO messages (id, conversation_id, seq, sender_role, sender_name, body, created_at)
SELECT md5('m' || c || '-' || s)::uuid, md5('c' || c)::uuid, s, CASE WHEN s % 2 = 0 THEN 'agent' ELSE 'visitor' END, 'Nama ' || c,
       'Pesan ke-' || s || ': dokumen penawaran paket ' || c || ' gagal diunggah, mohon bantuan untuk langkah berikutnya.', now()
FROM generate_series(1, $conversations) c, generate_series(1, 10) s;
ANALYZE;
SQL
size=$(owner "$db" -c "SELECT pg_size_pretty(pg_database_size('$db'))")

start=$(date +%s.%N)
$server backup create
backup_s=$(echo "$(date +%s.%N) - $start" | bc)
dump=$(ls "$Backups__Folder"/*.dump)

owner postgres -c "DROP DATABASE $db WITH (FORCE)" -c "CREATE DATABASE $db OWNER chat_owner"
start=$(date +%s.%N)
$server backup restore "$dump"
restore_s=$(echo "$(date +%s.%N) - $start" | bc)
count=$(owner "$db" -c "SELECT count(*) FROM messages")
[ "$count" -eq "$messages" ] || { echo "restored $count messages, expected $messages" >&2; exit 1; }

printf '[bench] database %s, dump %s bytes; backup %.1f s, restore %.1f s; %s messages back\n' "$size" "$(stat -c %s "$dump")" "$backup_s" "$restore_s" "$count"
echo "[bench] uptime: $(uptime)"
owner postgres -c "DROP DATABASE $db WITH (FORCE)"
rm -rf "$Backups__Folder"
