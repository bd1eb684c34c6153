#!/usr/bin/env bash
# Brings up / tears down everything Wenshu needs besides its Python venv.
#
#   ops/services.sh up [--record FILE]   system packages, then PostgreSQL, Tika,
#                                        OpenSearch; writes ${WENSHU_DATA_DIR}/services.env
#   ops/services.sh down [--only FILE]   stops what the ops/*.sh scripts started
#
# --record FILE adds to FILE the names of the services that this `up` actually
# started (not those that were already running), and --only FILE stops just
# those and deletes FILE. `make test` uses the pair so that a developer's
# already-running services survive a test run.
#
# services.env holds plain KEY=VALUE lines (no quotes, no spaces) so that it works
# both as `set -a; . var/services.env; set +a` in a shell and as `include` in Make.
# Every step is idempotent: running `up` twice reuses the running services.
set -euo pipefail

OPS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DATA_DIR=${WENSHU_DATA_DIR:-$(dirname "$OPS")/var}
ENV_FILE=$DATA_DIR/services.env
SERVICES=(postgres tika opensearch)

die() { echo "services.sh: $*" >&2; exit 1; }

# Was the service already up before we called its start? (decides what --record notes)
running() {
  case $1 in
    postgres) "$OPS/postgres.sh" status >/dev/null 2>&1 ;;
    tika) "$OPS/tika.sh" status >/dev/null 2>&1 ;;
    # ops/opensearch.sh only promises start|stop, so probe its port directly.
    opensearch) curl -s -o /dev/null -m 5 "http://127.0.0.1:${WENSHU_OPENSEARCH_PORT:-9200}/" ;;
  esac
}

# Each start writes its URL into the file named by WENSHU_URL_FILE (ops/url-channel.sh);
# whatever the start and its tools print goes to our stderr, so no terminal code,
# progress line or missing newline can be mistaken for the URL.
start_and_get_url() {
  local file url
  file=$(mktemp "${TMPDIR:-/tmp}/wenshu-url.XXXXXX")
  if ! WENSHU_URL_FILE=$file "$OPS/$1.sh" start >&2; then
    rm -f "$file"
    die "ops/$1.sh start failed"
  fi
  url=$(valid_url <"$file") || { rm -f "$file"; die "ops/$1.sh start wrote no URL to its URL file"; }
  rm -f "$file"
  echo "$url"
}

# The one line of a URL file, if it is a URL with nothing else in it.
valid_url() {
  local line
  IFS= read -r line || [[ -n $line ]] || return 1
  [[ $line =~ ^[a-z][a-z0-9+.-]*://[^[:space:][:cntrl:]]+$ ]] || return 1
  printf '%s\n' "$line"
}

up() {
  local record=${1:-}
  "$OPS/system-packages.sh" >&2
  local -A url
  local svc started=()
  for svc in "${SERVICES[@]}"; do
    running "$svc" || started+=("$svc")
    url[$svc]=$(start_and_get_url "$svc")
  done
  if [[ -n $record ]]; then
    # Merge: entries left by an earlier run that never reached `down` stay ours.
    mkdir -p "$(dirname "$record")"
    { [[ -f $record ]] && cat "$record"; printf '%s\n' "${started[@]}"; } | grep -v '^$' | sort -u >"$record.tmp" || true
    mv "$record.tmp" "$record"
  fi
  mkdir -p "$DATA_DIR"
  # Write-then-rename so a reader never sees a half-written file.
  cat >"$ENV_FILE.tmp" <<ENV
DATABASE_URL=${url[postgres]}
OPENSEARCH_URL=${url[opensearch]}
TIKA_URL=${url[tika]}
ENV
  mv "$ENV_FILE.tmp" "$ENV_FILE"
  echo "services.sh: wrote $ENV_FILE${started[*]:+ (started: ${started[*]})} after ${SECONDS}s" >&2
  cat "$ENV_FILE"
}

down() {
  local only=${1:-} svc rc=0 targets=("${SERVICES[@]}")
  if [[ -n $only ]]; then
    [[ -f $only ]] || { echo "services.sh: $only absent, nothing to stop" >&2; return 0; }
    mapfile -t targets < <(grep -xE 'postgres|tika|opensearch' "$only" || true)
  else
    rm -f "$ENV_FILE"
  fi
  # Stop in reverse start order; keep going if one stop fails, report it at the end.
  for svc in opensearch tika postgres; do
    [[ " ${targets[*]} " == *" $svc "* ]] || continue
    "$OPS/$svc.sh" stop || { echo "services.sh: ops/$svc.sh stop failed" >&2; rc=1; }
  done
  [[ -n $only && $rc == 0 ]] && rm -f "$only"
  return $rc
}

case ${1:-} in
  up)
    case ${2:-} in
      "") up ;;
      --record) [[ -n ${3:-} ]] || die "--record needs a file"; up "$3" ;;
      *) die "usage: $0 up [--record FILE]" ;;
    esac ;;
  down)
    case ${2:-} in
      "") down ;;
      --only) [[ -n ${3:-} ]] || die "--only needs a file"; down "$3" ;;
      *) die "usage: $0 down [--only FILE]" ;;
    esac ;;
  *) echo "usage: $0 up [--record FILE] | down [--only FILE]" >&2; exit 2 ;;
esac
