#!/usr/bin/env bash
# Apache Tika server (text extraction) for local development and tests.
#
#   ops/tika.sh install   fetch tika-server-standard-$VERSION.jar from Maven Central
#   ops/tika.sh start     install if needed, start on 127.0.0.1, wait for /version; prints the URL
#                         (alone on stdout, and into $WENSHU_URL_FILE when set: ops/url-channel.sh)
#   ops/tika.sh stop      stop the server this script started (never a foreign one)
#   ops/tika.sh status    exit 0 if a Tika answers on the port, 3 if not
#
# tika-server-standard is a shaded, self-contained jar (~75 MB, all parsers
# inside), so a single `dependency:copy` is enough - no copy-dependencies.
# The jar lives in the download cache outside the repo; pid file and log under
# ${WENSHU_DATA_DIR}/tika. OCR is disabled by ops/tika-config.xml (we OCR with
# ocrmypdf), which also sets the heap of the forked parsing JVM.
#
# Pinned to 3.x: 4.x changed the server's configuration and API.
# Env: WENSHU_DATA_DIR (<repo>/var), WENSHU_TIKA_VERSION (3.3.2), WENSHU_TIKA_PORT (9998).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VERSION=${WENSHU_TIKA_VERSION:-3.3.2}
PORT=${WENSHU_TIKA_PORT:-9998}
CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/wenshu/tika
JAR=$CACHE_DIR/tika-server-standard-$VERSION.jar
CONFIG=$REPO/ops/tika-config.xml
STATE_DIR=${WENSHU_DATA_DIR:-$REPO/var}/tika
PID_FILE=$STATE_DIR/tika.pid
LOG=$STATE_DIR/tika.log
URL=http://127.0.0.1:$PORT
START_TIMEOUT=${WENSHU_TIKA_START_TIMEOUT:-90}
# shellcheck source=ops/url-channel.sh
. "$REPO/ops/url-channel.sh"

die() { echo "tika.sh: $*" >&2; exit 1; }
die_with_log() {
  echo "tika.sh: $*" >&2
  [[ -f $LOG ]] && { echo "--- last lines of $LOG:" >&2; tail -n 30 "$LOG" >&2; }
  exit 1
}

answers() { curl -fsS -m 5 "$URL/version" 2>/dev/null | grep -q 'Apache Tika'; }

# PID of the server we started, if it is still alive and really is our java
# (guards against a stale pid file whose number was reused).
our_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid; pid=$(<"$PID_FILE")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
    && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'tika-server-standard' \
    && echo "$pid"
}

install() {
  command -v java >/dev/null || die "java not found (run ops/system-packages.sh)"
  command -v mvn >/dev/null || die "mvn not found (run ops/system-packages.sh)"
  if [[ -s $JAR ]]; then
    echo "tika.sh: $JAR already present" >&2
    return 0
  fi
  mkdir -p "$CACHE_DIR"
  # Download into a temp dir and move into place, so an interrupted download
  # never leaves a truncated jar that later runs would trust.
  tmp=$(mktemp -d "$CACHE_DIR/.download.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  echo "tika.sh: fetching org.apache.tika:tika-server-standard:$VERSION from Maven Central" >&2
  # Run from the temp dir: dependency:copy needs no pom and must not pick up a project's.
  (cd "$tmp" && mvn -q -B -Dstyle.color=never dependency:copy \
      -Dartifact="org.apache.tika:tika-server-standard:$VERSION" -DoutputDirectory="$tmp") >&2 \
    || die "mvn dependency:copy failed for tika-server-standard:$VERSION"
  [[ -s $tmp/tika-server-standard-$VERSION.jar ]] || die "mvn finished but no jar in $tmp"
  mv "$tmp/tika-server-standard-$VERSION.jar" "$JAR"
  rm -rf "$tmp"
  echo "tika.sh: installed $JAR" >&2
}

start() {
  if answers; then
    # Ours or someone else's: either way a Tika is serving; don't start a second one.
    [[ -n $(our_pid || true) ]] || echo "tika.sh: reusing a Tika not started by this script on port $PORT" >&2
    publish_url "$URL"
    return 0
  fi
  if pid=$(our_pid); then
    die "our Tika (pid $pid) is running but $URL/version does not answer; try: $0 stop"
  fi
  # Port taken by something that is not Tika: fail now, not after the watchdog's 30 bind retries.
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    die "port $PORT on 127.0.0.1 is in use by something that is not Tika; set WENSHU_TIKA_PORT"
  fi
  install
  mkdir -p "$STATE_DIR"
  # setsid: the server and the parsing JVM it forks get their own process group,
  # so stop can end exactly them. The parent (watchdog) needs little heap; the
  # child's -Xmx1g is in tika-config.xml.
  setsid java -Xmx256m -Djava.awt.headless=true -jar "$JAR" \
    --host 127.0.0.1 --port "$PORT" --config "$CONFIG" >"$LOG" 2>&1 </dev/null 3>&- &
  echo $! >"$PID_FILE"
  local pid=$! waited=0
  until answers; do
    kill -0 "$pid" 2>/dev/null || die_with_log "Tika exited during startup"
    ((waited >= START_TIMEOUT)) && { stop >/dev/null 2>&1 || true; die_with_log "Tika did not answer $URL/version within ${START_TIMEOUT}s"; }
    sleep 1; waited=$((waited + 1))
  done
  echo "tika.sh: started $(curl -fsS -m 5 "$URL/version") (pid $pid, ${waited}s)" >&2
  publish_url "$URL"
}

stop() {
  local pid
  if ! pid=$(our_pid); then
    rm -f "$PID_FILE"
    answers && echo "tika.sh: a Tika on port $PORT was not started by this script; leaving it" >&2
    echo "tika.sh: not running" >&2
    return 0
  fi
  # TERM the whole process group (watchdog + forked parser JVM), wait, then KILL.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  for _ in $(seq 1 30); do
    kill -0 -- "-$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 -- "-$pid" 2>/dev/null; then
    echo "tika.sh: still alive after 30s, sending KILL" >&2
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  echo "tika.sh: stopped" >&2
}

status() {
  if answers; then
    echo "tika.sh: $(curl -fsS -m 5 "$URL/version") at $URL$([[ -n $(our_pid || true) ]] && echo " (pid $(our_pid))" || echo " (not started by this script)")"
  else
    echo "tika.sh: not running on $URL"
    return 3
  fi
}

case ${1:-} in
  install) install ;;
  start) url_channel_open; start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
