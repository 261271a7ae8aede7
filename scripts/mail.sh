#!/usr/bin/env bash
# The local mail server (smtp4dev, a dotnet tool installed under .data/tools): SMTP for what the product sends,
# IMAP for the helpdesk mailbox it reads (and for reading any mail it sent), and a web page to read demo mail.
#   scripts/mail.sh start|stop|env [NAME]    NAME (default dev) as for scripts/services.sh
# Ports: dev SMTP 2525, IMAP 1143, POP3 1110, web 5025; test 2535/1153/1120/5035. Override with
# CHAT_SMTP_PORT, CHAT_IMAP_PORT, CHAT_POP3_PORT, CHAT_MAIL_WEB_PORT. Mail to helpdesk*@lpse.test lands in the
# "Helpdesk" mailbox, which the IMAP user "helpdesk" reads; everything else lands in "Default" (user "kotak").
set -euo pipefail

cmd=${1:-start}
name=${2:-dev}
root=$(cd "$(dirname "$0")/.." && pwd)
case "$name" in
  test) d_smtp=2535; d_imap=1153; d_pop3=1120; d_web=5035 ;;
  bench) d_smtp=2545; d_imap=1163; d_pop3=1130; d_web=5045 ;;
  *)    d_smtp=2525; d_imap=1143; d_pop3=1110; d_web=5025 ;;
esac
smtp_port=${CHAT_SMTP_PORT:-$d_smtp}
imap_port=${CHAT_IMAP_PORT:-$d_imap}
pop3_port=${CHAT_POP3_PORT:-$d_pop3}
web_port=${CHAT_MAIL_WEB_PORT:-$d_web}
tool_dir="$root/.data/tools/smtp4dev"
mail_dir="$root/.data/$name/mail"
version=3.15.0

log() { printf '[mail] %s\n' "$*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Ours only when the recorded process is alive and is smtp4dev (a reused pid is someone else's).
running() {
  local pid
  [ -f "$mail_dir/smtp4dev.pid" ] && pid=$(cat "$mail_dir/smtp4dev.pid") && [ -r "/proc/$pid/cmdline" ] \
    && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q smtp4dev
}

password() {
  # Generated once per data folder: a local test server, but no password is kept in the repository.
  mkdir -p "$mail_dir"
  [ -s "$mail_dir/password" ] || head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$mail_dir/password"
  cat "$mail_dir/password"
}

start() {
  if [ ! -x "$tool_dir/smtp4dev" ]; then
    log "installing smtp4dev $version into $tool_dir"
    dotnet tool install --tool-path "$tool_dir" Rnwood.Smtp4dev --version "$version" >/dev/null
  fi
  local pass
  pass=$(password)
  if running; then
    log "mail server already running (pid $(cat "$mail_dir/smtp4dev.pid")) on $smtp_port/$imap_port"
    return
  fi
  if port_open "$smtp_port" || port_open "$imap_port" || port_open "$web_port"; then
    log "port $smtp_port, $imap_port or $web_port is taken by another program; choose others with CHAT_SMTP_PORT, CHAT_IMAP_PORT, CHAT_MAIL_WEB_PORT"
    exit 1
  fi
  # In-memory store (--db=); settings from the environment only (--nousersettings), so nothing is read from $HOME.
  # A simple command put in the background, so that $! is the server itself and it holds none of the caller's pipes.
  (cd "$mail_dir" || exit 1
    ServerOptions__Users__0__Username=helpdesk ServerOptions__Users__0__Password="$pass" ServerOptions__Users__0__DefaultMailbox=Helpdesk \
    ServerOptions__Users__1__Username=kotak ServerOptions__Users__1__Password="$pass" ServerOptions__Users__1__DefaultMailbox=Default \
    ServerOptions__Mailboxes__0__Name=Helpdesk ServerOptions__Mailboxes__0__Recipients='helpdesk*@lpse.test' \
    XDG_CONFIG_HOME="$mail_dir" \
    nohup "$tool_dir/smtp4dev" --urls="http://127.0.0.1:$web_port" --smtpport="$smtp_port" --imapport="$imap_port" \
      --pop3port="$pop3_port" --db= --nousersettings --hostname=mail.lpse.test --messagestokeep=100000 \
      --sessionstokeep=100 --maxmessagesize=52428800 </dev/null >"$mail_dir/smtp4dev.log" 2>&1 &
    echo $! >"$mail_dir/smtp4dev.pid")
  for _ in $(seq 1 300); do
    if port_open "$smtp_port" && port_open "$imap_port" && port_open "$web_port"; then
      log "mail server up: SMTP $smtp_port, IMAP $imap_port, web http://127.0.0.1:$web_port/"
      return
    fi
    kill -0 "$(cat "$mail_dir/smtp4dev.pid")" 2>/dev/null || break
    sleep 0.2
  done
  log "mail server did not start; see $mail_dir/smtp4dev.log"
  exit 1
}

stop() {
  if running; then
    local pid
    pid=$(cat "$mail_dir/smtp4dev.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    log "mail server stopped"
  fi
  rm -f "$mail_dir/smtp4dev.pid"
}

print_env() {
  echo "export Email__Smtp__Host=127.0.0.1 Email__Smtp__Port=$smtp_port Email__Smtp__Security=None"
  echo "export Email__Imap__Host=127.0.0.1 Email__Imap__Port=$imap_port Email__Imap__Security=None Email__Imap__Username=helpdesk Email__Imap__Password='$(password)'"
  echo "export CHAT_MAIL_WEB_URL=http://127.0.0.1:$web_port/"
}

case "$cmd" in
  start) start; print_env ;;
  stop) stop ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|env [NAME]" >&2; exit 2 ;;
esac
