#!/usr/bin/env bash
# Private PostgreSQL cluster for local development and tests.
#
#   ops/postgres.sh start    init (first time) + start, ensure role/db wenshu; prints the URL
#                            (alone on stdout, and into $WENSHU_URL_FILE when set)
#   ops/postgres.sh stop     stop the cluster (only this private one)
#   ops/postgres.sh status   exit 0 if running, 3 if not
#   ops/postgres.sh url      print the DATABASE_URL
#
# Why a private cluster instead of Debian's "main" cluster: there is no systemd in
# our containers/CI (PID 1 is not systemd, so `service`/`systemctl` don't work), and
# a cluster under ${WENSHU_DATA_DIR} is self-contained, disposable (rm -rf) and does
# not depend on how the machine's default cluster was configured.
#
# It uses the binaries of Debian's postgresql package (installed by
# ops/system-packages.sh). Server processes run as the `postgres` OS user when
# this script runs as root (PostgreSQL refuses to run as root), otherwise as the
# calling user. They listen on 127.0.0.1 only; the unix socket lives next to the
# data directory, never in /var/run/postgresql.
#
# Env: WENSHU_DATA_DIR (default <repo>/var), WENSHU_PG_PORT (5432),
#      WENSHU_PG_PASSWORD (wenshu - a local dev password, not a secret).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA_ROOT=${WENSHU_DATA_DIR:-$REPO/var}
PG_ROOT=$DATA_ROOT/postgres
PGDATA=$PG_ROOT/data
SOCKET_DIR=$PG_ROOT/run
LOG=$PG_ROOT/postgres.log
PORT=${WENSHU_PG_PORT:-5432}
DB_USER=wenshu
DB_NAME=wenshu
DB_PASSWORD=${WENSHU_PG_PASSWORD:-wenshu}
# shellcheck source=ops/url-channel.sh
. "$REPO/ops/url-channel.sh"

die() { echo "postgres.sh: $*" >&2; exit 1; }
die_with_log() {
  echo "postgres.sh: $*" >&2
  [[ -f $LOG ]] && { echo "--- last lines of $LOG:" >&2; tail -n 30 "$LOG" >&2; }
  exit 1
}

# Percent-encode the password for the URL (so WENSHU_PG_PASSWORD may hold any character).
urlencode() {
  local s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in [a-zA-Z0-9.~_-]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
  done
  printf '%s' "$out"
}
url() { echo "postgres://$DB_USER:$(urlencode "$DB_PASSWORD")@127.0.0.1:$PORT/$DB_NAME"; }

# Pick Debian's newest installed server (15 on Debian 12); install it if absent.
find_pgbin() {
  local d
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [[ -z $d || ! -x $d/initdb ]]; then
    echo "postgres.sh: PostgreSQL server binaries missing, running ops/system-packages.sh" >&2
    "$REPO/ops/system-packages.sh"
    d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    [[ -n $d && -x $d/initdb ]] || die "no /usr/lib/postgresql/*/bin/initdb after installing"
  fi
  PGBIN=$d
}

# Run a command as the cluster owner. cd / so the postgres user never trips over
# an unreadable cwd such as /root.
if ((EUID == 0)); then
  OWNER=postgres
  id "$OWNER" >/dev/null 2>&1 || find_pgbin   # the postgres user comes with the package
  as_owner() { (cd / && runuser -u "$OWNER" -- "$@"); }
else
  OWNER=$(id -un)
  as_owner() { (cd / && "$@"); }
fi

is_running() { [[ -f $PGDATA/PG_VERSION ]] && as_owner "$PGBIN/pg_ctl" status -D "$PGDATA" >/dev/null 2>&1; }

# The data dir may sit under a root-owned tree (/work, /tmp/...): give the pg dir
# to the owner and make sure every ancestor is traversable (o+x, nothing more).
prepare_dirs() {
  mkdir -p "$PG_ROOT" "$SOCKET_DIR"
  if ((EUID == 0)); then
    chown "$OWNER:$OWNER" "$PG_ROOT" "$SOCKET_DIR"
    [[ -d $PGDATA ]] && chown -R "$OWNER:$OWNER" "$PGDATA"
    [[ -f $LOG ]] && chown "$OWNER:$OWNER" "$LOG"
    local d=$DATA_ROOT
    while [[ $d != / ]]; do
      if ! runuser -u "$OWNER" -- test -x "$d"; then
        echo "postgres.sh: chmod o+x $d so $OWNER can reach $PG_ROOT" >&2
        chmod o+x "$d"
      fi
      d=$(dirname "$d")
    done
  fi
  chmod 700 "$PG_ROOT"
  # Unix socket paths are limited to 107 bytes; fail clearly rather than obscurely.
  local sock="$SOCKET_DIR/.s.PGSQL.$PORT"
  ((${#sock} < 107)) || die "socket path too long (${#sock} > 106): $sock - set WENSHU_DATA_DIR to a shorter path"
}

init_cluster() {
  echo "postgres.sh: initialising cluster in $PGDATA" >&2
  # Superuser = the OS owner, reachable only via the unix socket with peer auth;
  # TCP (127.0.0.1) always needs a password (scram). C.UTF-8 is always present on
  # Debian, unlike zh_CN.UTF-8; collation-sensitive search is OpenSearch's job.
  as_owner "$PGBIN/initdb" -D "$PGDATA" -U "$OWNER" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >"$PG_ROOT/initdb.log" 2>&1 \
    || { tail -n 30 "$PG_ROOT/initdb.log" >&2; die "initdb failed"; }
  echo "include_if_exists = 'wenshu.conf'" >>"$PGDATA/postgresql.conf"
}

write_conf() {
  # Rewritten on every start so a changed WENSHU_PG_PORT takes effect.
  cat >"$PGDATA/wenshu.conf" <<CONF
# Written by ops/postgres.sh - edits are overwritten.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCKET_DIR'
CONF
  ((EUID == 0)) && chown "$OWNER:$OWNER" "$PGDATA/wenshu.conf"
  return 0
}

ensure_db() {
  # Idempotent: create role/db if missing; always (re)set the password so that a
  # changed WENSHU_PG_PASSWORD applies. CREATEDB lets pytest-django create test_wenshu.
  as_owner "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PORT" -U "$OWNER" -d postgres \
    -v user="$DB_USER" -v db="$DB_NAME" -v pw="$DB_PASSWORD" <<'SQL' >/dev/null
SELECT format('CREATE ROLE %I', :'user') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user')
\gexec
ALTER ROLE :"user" WITH LOGIN CREATEDB PASSWORD :'pw';
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db')
\gexec
SQL
}

start() {
  find_pgbin
  prepare_dirs
  if is_running; then
    echo "postgres.sh: already running ($PGDATA)" >&2
  else
    [[ -f $PGDATA/PG_VERSION ]] || init_cluster
    write_conf
    # Someone else (e.g. Debian's own cluster) on our port: say so instead of a vague failure.
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
      die "port $PORT on 127.0.0.1 is already in use by another process; set WENSHU_PG_PORT"
    fi
    touch "$LOG"; ((EUID == 0)) && chown "$OWNER:$OWNER" "$LOG"
    as_owner "$PGBIN/pg_ctl" start -D "$PGDATA" -l "$LOG" -w -t 60 >/dev/null 3>&- \
      || die_with_log "pg_ctl start failed"
    echo "postgres.sh: started on 127.0.0.1:$PORT ($PGDATA)" >&2
  fi
  ensure_db || die_with_log "could not create role/database $DB_USER/$DB_NAME"
  publish_url "$(url)"
}

stop() {
  find_pgbin
  if is_running; then
    as_owner "$PGBIN/pg_ctl" stop -D "$PGDATA" -m fast -w -t 60 >/dev/null || die_with_log "pg_ctl stop failed"
    echo "postgres.sh: stopped" >&2
  else
    echo "postgres.sh: not running" >&2
  fi
}

status() {
  find_pgbin
  if is_running; then
    echo "postgres.sh: running on 127.0.0.1:$PORT ($PGDATA)"
  else
    echo "postgres.sh: not running"
    return 3
  fi
}

case ${1:-} in
  start) url_channel_open; start ;;
  stop) stop ;;
  status) status ;;
  url) url ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
