#!/usr/bin/env bash
# Single-node OpenSearch 2.x with Chinese analysis, for local development and tests.
#
#   ops/opensearch.sh install   fetch (Maven Central only) + assemble the node; idempotent
#   ops/opensearch.sh start     install if needed, start on 127.0.0.1, wait for yellow/green;
#                               reuses a healthy OpenSearch already on the port; prints the URL
#                               (alone on stdout, and into $WENSHU_URL_FILE when set)
#   ops/opensearch.sh stop      stop the node this script started (pid file), never a foreign one
#   ops/opensearch.sh status    exit 0 if a healthy OpenSearch answers on the port, 3 if not
#
# Why assembled by hand: our machines reach package registries only, and OpenSearch
# publishes its tarballs and core plugin zips on its own host. Maven Central does carry
#   - org.opensearch.distribution.integ-test-zip:opensearch:<v>:zip - the real server
#     (bin/, lib/, config/) but with transport-netty4 as its only module;
#   - the modules as plain jars: org.opensearch.plugin:analysis-common (cjk_bigram,
#     cjk_width, ngram, edge_ngram, synonym, ... - Wagtail/modelsearch's index settings
#     need edge_ngram), lang-painless (analysis-common's descriptor says
#     extended.plugins=lang-painless, so it cannot load without it) and
#     mapper-extras-client (search_as_you_type, scaled_float, rank_feature);
#   - org.opensearch.plugin:analysis-smartcn as a plain jar, but only up to 2.16.0 on the
#     2.x line; its five classes use analysis APIs that are unchanged in 2.19, so we run
#     that jar on the node's own Lucene (lucene-analysis-smartcn of the node's version);
#   - no analysis-icu at all: ops/opensearch-analysis-icu/ holds our small equivalent
#     (icu_tokenizer, icu_normalizer, icu_folding, icu_transform, icu_analyzer), compiled
#     here against the node's lib/ and Lucene's lucene-analysis-icu + icu4j.
# Each module/plugin folder gets a plugin-descriptor.properties written below.
# Security plugin: absent (plain http). Pinned to 2.19.x: 3.x needs Java 21.
#
# Layout: the assembled node lives in the download cache outside the repo
# (${XDG_CACHE_HOME:-~/.cache}/wenshu/opensearch/, raw artifacts in ~/.m2), keyed by a
# hash of the recipe so a second run downloads and builds nothing. Config, data, logs,
# pid file under $WENSHU_OPENSEARCH_DIR (default ${WENSHU_DATA_DIR:-<repo>/var}/opensearch).
#
# OpenSearch refuses to run as root; as root (CI) the node runs as the system user
# wenshu-search (created on demand). Bound to 127.0.0.1 with discovery.type=single-node,
# so the production bootstrap checks (vm.max_map_count etc.) are not enforced.
#
# Env: WENSHU_DATA_DIR (<repo>/var), WENSHU_OPENSEARCH_DIR (or OPENSEARCH_DATA_DIR),
#      WENSHU_OPENSEARCH_PORT (or OPENSEARCH_PORT; 9200), WENSHU_OPENSEARCH_HEAP (1g),
#      WENSHU_OPENSEARCH_START_TIMEOUT (120 s), WENSHU_OPENSEARCH_VERSION (2.19.6),
#      OPENSEARCH_JAVA_HOME (a JDK 11-21; found automatically otherwise),
#      OPENSEARCH_JAVA_OPTS (extra JVM flags, passed through).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VERSION=${WENSHU_OPENSEARCH_VERSION:-2.19.6}
# Newest analysis-smartcn jar Maven Central has on the 2.x line (see above).
SMARTCN_JAR_VERSION=2.16.0
# Bump when the assembly below changes in a way the inputs hashed in home_dir miss.
ASSEMBLY_REV=1
PORT=${WENSHU_OPENSEARCH_PORT:-${OPENSEARCH_PORT:-9200}}
HEAP=${WENSHU_OPENSEARCH_HEAP:-1g}
START_TIMEOUT=${WENSHU_OPENSEARCH_START_TIMEOUT:-120}
# Absolute: the pid check matches the node's command line against CONF_DIR.
STATE_DIR=$(realpath -m "${WENSHU_OPENSEARCH_DIR:-${OPENSEARCH_DATA_DIR:-${WENSHU_DATA_DIR:-$REPO/var}/opensearch}}")
CACHE_DIR=$(realpath -m "${XDG_CACHE_HOME:-$HOME/.cache}/wenshu/opensearch")
ICU_SRC=$REPO/ops/opensearch-analysis-icu/WenshuIcuAnalysisPlugin.java
CONF_DIR=$STATE_DIR/config
PID_FILE=$STATE_DIR/opensearch.pid
CONSOLE_LOG=$STATE_DIR/console.log
LOG=$STATE_DIR/logs/wenshu.log        # path.logs/<cluster.name>.log
URL=http://127.0.0.1:$PORT
NODE_USER=wenshu-search
MVN_DEP=org.apache.maven.plugins:maven-dependency-plugin:3.6.1
# shellcheck source=ops/url-channel.sh
. "$REPO/ops/url-channel.sh"

say() { echo "opensearch.sh: $*" >&2; }
die() { say "$*"; exit 1; }
die_with_log() {
  say "ERROR: $*"
  # The console log has everything (node log lines and JVM/launcher errors before them).
  if [[ -s $CONSOLE_LOG ]]; then
    echo "=================== last lines of $CONSOLE_LOG ===================" >&2
    tail -n 40 "$CONSOLE_LOG" >&2
    echo "=================== (full node log: $LOG) ===================" >&2
  fi
  exit 1
}

[[ -f $ICU_SRC ]] || die "missing $ICU_SRC"
[[ $PORT =~ ^[0-9]+$ ]] || die "port must be a number, got '$PORT'"
[[ $HEAP =~ ^[0-9]+[kmgKMG]?$ ]] || die "WENSHU_OPENSEARCH_HEAP must look like 1g or 512m, got '$HEAP'"

# --- where things are -------------------------------------------------------------

# The assembled node's directory: a new one whenever an input of the assembly changes,
# so an edited ICU plugin or a new version never mixes with an old tree.
home_dir() {
  local key
  key=$( { printf '%s\n' "$VERSION" "$SMARTCN_JAR_VERSION" "$ASSEMBLY_REV"; cat "$ICU_SRC"; } | sha256sum | cut -c1-10)
  echo "$CACHE_DIR/opensearch-$VERSION-$key"
}
OS_HOME=$(home_dir)

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9.]*\).*/\1/p' | sed 's/^1\.//; s/\..*//'
}

# OpenSearch 2.19 runs on Java 11-21 and needs the SecurityManager (gone in 24+), so a
# newer default JDK (this machine also has Temurin 25) must not be picked up by accident.
find_java_home() {
  local c m candidates=()
  if [[ -n ${OPENSEARCH_JAVA_HOME:-} ]]; then
    m=$(java_major "$OPENSEARCH_JAVA_HOME" || true)
    if [[ -z $m ]] || ((m < 11 || m > 21)); then
      die "OPENSEARCH_JAVA_HOME=$OPENSEARCH_JAVA_HOME is not a Java 11-21"
    fi
    JAVA_HOME_OS=$OPENSEARCH_JAVA_HOME
    return
  fi
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME")
  if c=$(command -v java); then candidates+=("$(dirname "$(dirname "$(readlink -f "$c")")")"); fi
  for c in /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/java-21-openjdk-* /usr/lib/jvm/*; do
    [[ -d $c ]] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    [[ -x $c/bin/java ]] || continue
    m=$(java_major "$c" || true)
    if [[ -n $m ]] && ((m >= 11 && m <= 21)); then JAVA_HOME_OS=$c; return; fi
  done
  die "no Java 11-21 found (tried: ${candidates[*]:-none}); install openjdk-17 (ops/system-packages.sh) or set OPENSEARCH_JAVA_HOME"
}

# --- install ------------------------------------------------------------------------

# Copy the given dependencies (a <dependencies> body on stdin) and what they pull in to
# $1, using a throwaway pom so no project pom is picked up.
mvn_copy() {
  local out=$1 work
  work=$(mktemp -d "$BUILD/mvn.XXXXXX")
  {
    cat <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.wenshu</groupId><artifactId>opensearch-fetch</artifactId><version>0</version>
  <packaging>pom</packaging>
  <dependencies>
POM
    cat
    echo '  </dependencies>'
    echo '</project>'
  } >"$work/pom.xml"
  mkdir -p "$out"
  (cd "$work" && mvn -q -B -Dstyle.color=never "$MVN_DEP:copy-dependencies" \
      -DoutputDirectory="$out" -DincludeScope=runtime) >"$work/mvn.log" 2>&1 || {
    sed 's/\x1b\[[0-9;]*m//g' "$work/mvn.log" | tail -n 30 >&2
    die "mvn could not fetch from Maven Central:$(grep -o '<dependency><groupId>[^<]*</groupId><artifactId>[^<]*</artifactId><version>[^<]*' "$work/pom.xml" | sed 's/<[^>]*>/:/g; s/::*/:/g; s/^:/ /' | tr '\n' ' ')"
  }
}

# <dependency> XML; $4 = "all" excludes everything transitive, or "g:a" pairs to exclude.
dep() {
  local g=$1 a=$2 v=$3 excl=${4:-} type=${5:-jar} e
  printf '<dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version><type>%s</type>' "$g" "$a" "$v" "$type"
  if [[ -n $excl ]]; then
    [[ $excl == all ]] && excl='*:*'
    printf '<exclusions>'
    for e in $excl; do printf '<exclusion><groupId>%s</groupId><artifactId>%s</artifactId></exclusion>' "${e%%:*}" "${e#*:}"; done
    printf '</exclusions>'
  fi
  printf '</dependency>\n'
}

# plugin-descriptor.properties: what OpenSearch's PluginsService reads from each folder.
descriptor() {
  local dir=$1 name=$2 classname=$3 version=$4 description=$5 extends=${6:-}
  cat >"$dir/plugin-descriptor.properties" <<PROPS
# Written by ops/opensearch.sh
description=$description
version=$version
name=$name
classname=$classname
java.version=11
opensearch.version=$VERSION
custom.foldername=$name
extended.plugins=$extends
has.native.controller=false
PROPS
}

compile_icu_plugin() {
  local home=$1 out=$2 javac jar classes=$BUILD/icu-classes cp
  # Jars listed one by one: ecj does not expand "dir/*" classpath entries.
  cp=$(find "$home/lib" "$out" -maxdepth 1 -name '*.jar' -printf '%p:')
  mkdir -p "$classes"
  # javac of the JDK that will run the node; otherwise Eclipse's compiler from Maven
  # Central, which runs on a plain JRE.
  if [[ -x $JAVA_HOME_OS/bin/javac ]]; then
    javac=("$JAVA_HOME_OS/bin/javac" --release 11)
  else
    say "no javac in $JAVA_HOME_OS, compiling with ecj from Maven Central"
    dep org.eclipse.jdt ecj 3.33.0 all | mvn_copy "$BUILD/ecj"
    javac=("$JAVA_HOME_OS/bin/java" -jar "$BUILD/ecj/ecj-3.33.0.jar" -11 -nowarn)
  fi
  "${javac[@]}" -encoding UTF-8 -cp "$cp" -d "$classes" "$ICU_SRC" >"$BUILD/javac.log" 2>&1 \
    || { head -n 40 "$BUILD/javac.log" >&2; die "compiling $ICU_SRC against OpenSearch $VERSION failed"; }
  jar="$out/wenshu-analysis-icu-$VERSION.jar"
  if [[ -x $JAVA_HOME_OS/bin/jar ]]; then
    "$JAVA_HOME_OS/bin/jar" --create --file "$jar" -C "$classes" .
  else
    (cd "$classes" && python3 -m zipfile -c "$jar" org) || die "no jar tool and no python3 to package the ICU plugin"
  fi
}

install() {
  if [[ -f $OS_HOME/.wenshu-assembled ]]; then
    say "OpenSearch $VERSION already assembled in $OS_HOME"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (run ops/system-packages.sh)"
  command -v unzip >/dev/null || command -v python3 >/dev/null || die "need unzip or python3"
  find_java_home
  local t0=$SECONDS
  mkdir -p "$CACHE_DIR"
  # Build in a scratch dir next to the target and rename at the end: an interrupted
  # install never leaves a half-assembled node that a later run would trust.
  BUILD=$(mktemp -d "$CACHE_DIR/.assemble.XXXXXX")
  trap 'rm -rf "$BUILD"' EXIT
  local h=$BUILD/home m=$BUILD/m2
  say "fetching OpenSearch $VERSION and analysis plugins from Maven Central (first run only)"

  # 1) the server and the single-jar modules, nothing transitive (their deps are in lib/).
  {
    dep org.opensearch.distribution.integ-test-zip opensearch "$VERSION" all zip
    dep org.opensearch.plugin analysis-common "$VERSION" all
    dep org.opensearch.plugin mapper-extras-client "$VERSION" all
    dep org.opensearch.plugin analysis-smartcn "$SMARTCN_JAR_VERSION" all
  } | mvn_copy "$m/base"
  if command -v unzip >/dev/null; then
    unzip -q "$m/base/opensearch-$VERSION.zip" -d "$BUILD/unzip"
  else
    python3 -m zipfile -e "$m/base/opensearch-$VERSION.zip" "$BUILD/unzip"
    chmod +x "$BUILD/unzip/opensearch-$VERSION/bin/"*
  fi
  mv "$BUILD/unzip/opensearch-$VERSION" "$h"
  [[ -x $h/bin/opensearch && -f $h/lib/opensearch-$VERSION.jar ]] || die "unexpected layout in opensearch-$VERSION.zip"

  # The node's Lucene decides the version of the Lucene analysis jars we add.
  local lucene
  lucene=$(find "$h/lib" -maxdepth 1 -name 'lucene-core-*.jar' -printf '%f\n' | sed 's/^lucene-core-//; s/\.jar$//')
  [[ -n $lucene ]] || die "no lucene-core jar in $h/lib"

  # 2) lang-painless with antlr/asm/painless-spi, minus the server it compiles against.
  dep org.opensearch.plugin lang-painless "$VERSION" "org.opensearch:opensearch" \
    | mvn_copy "$h/modules/lang-painless"
  # 3) Lucene's analysis jars (+ icu4j), minus the Lucene core jars already in lib/.
  {
    dep org.apache.lucene lucene-analysis-smartcn "$lucene" "org.apache.lucene:*"
    dep org.apache.lucene lucene-analysis-icu "$lucene" "org.apache.lucene:*"
  } | mvn_copy "$m/lucene"

  local d=$h/modules p=$h/plugins
  mkdir -p "$d/analysis-common" "$d/mapper-extras" "$p/analysis-smartcn" "$p/analysis-icu"
  cp "$m/base/analysis-common-$VERSION.jar" "$d/analysis-common/"
  descriptor "$d/analysis-common" analysis-common org.opensearch.analysis.common.CommonAnalysisPlugin "$VERSION" \
    'Adds "built in" analyzers to OpenSearch.' lang-painless
  descriptor "$d/lang-painless" lang-painless org.opensearch.painless.PainlessPlugin "$VERSION" \
    'An easy, safe and fast scripting language for OpenSearch'
  # Painless compiles scripts to classes at run time; same grants as upstream's module.
  cat >"$d/lang-painless/plugin-security.policy" <<'POLICY'
grant {
  permission java.lang.RuntimePermission "createClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
};
POLICY
  cp "$m/base/mapper-extras-client-$VERSION.jar" "$d/mapper-extras/"
  descriptor "$d/mapper-extras" mapper-extras org.opensearch.index.mapper.MapperExtrasPlugin "$VERSION" \
    'Adds advanced field mappers'
  cp "$m/base/analysis-smartcn-$SMARTCN_JAR_VERSION.jar" "$m/lucene/lucene-analysis-smartcn-$lucene.jar" "$p/analysis-smartcn/"
  descriptor "$p/analysis-smartcn" analysis-smartcn org.opensearch.plugin.analysis.smartcn.AnalysisSmartChinesePlugin \
    "$SMARTCN_JAR_VERSION" "Smart Chinese Analysis (Lucene smartcn $lucene; plugin jar $SMARTCN_JAR_VERSION)"
  cp "$m/lucene/lucene-analysis-icu-$lucene.jar" "$m/lucene/"icu4j-*.jar "$p/analysis-icu/"
  compile_icu_plugin "$h" "$p/analysis-icu"
  descriptor "$p/analysis-icu" analysis-icu org.wenshu.opensearch.icu.WenshuIcuAnalysisPlugin "$VERSION-wenshu" \
    "ICU analysis (Wenshu build: icu_tokenizer, icu_normalizer, icu_folding, icu_transform, icu_analyzer; Lucene $lucene)"

  # Every folder must have exactly its jars: a missing one fails at boot, a duplicate
  # of a lib/ jar fails the jar-hell check. Say which, now.
  local f
  for f in "$d/lang-painless/lang-painless-$VERSION.jar" "$d/lang-painless/opensearch-scripting-painless-spi-$VERSION.jar" \
      "$p/analysis-icu/lucene-analysis-icu-$lucene.jar"; do
    [[ -f $f ]] || die "assembly incomplete: $f missing"
  done
  if compgen -G "$d/lang-painless/lucene-*.jar" >/dev/null || compgen -G "$d/lang-painless/opensearch-[0-9]*.jar" >/dev/null; then
    die "assembly: lang-painless picked up server jars: $(ls "$d/lang-painless")"
  fi

  {
    echo "opensearch=org.opensearch.distribution.integ-test-zip:opensearch:$VERSION:zip"
    echo "lucene=$lucene"
    echo "java_home=$JAVA_HOME_OS"
    for f in "$d"/*/ "$p"/*/; do echo "$(basename "$f")=$(find "$f" -maxdepth 1 -name '*.jar' -printf '%f ')"; done
  } >"$h/.wenshu-assembled"
  chmod -R a+rX "$h"
  rm -rf "$OS_HOME"
  mv "$h" "$OS_HOME"
  # Older assemblies (other version or recipe) are dead weight; a node still running
  # from one keeps its open jars.
  for f in "$CACHE_DIR"/opensearch-*; do
    [[ $f == "$OS_HOME" || ! -d $f ]] || rm -rf "$f"
  done
  rm -rf "$BUILD"
  trap - EXIT
  say "assembled OpenSearch $VERSION (Lucene $lucene) in $OS_HOME in $((SECONDS - t0))s"
}

# --- run ----------------------------------------------------------------------------

curl_os() { curl -fsS -m 5 "$@" 2>/dev/null; }
# A healthy OpenSearch: its root says so and the cluster is at least yellow.
healthy() {
  curl_os "$URL/" | grep -q '"distribution" *: *"opensearch"' \
    && curl_os "$URL/_cluster/health?wait_for_status=yellow&timeout=2s" | grep -Eq '"status" *: *"(yellow|green)"'
}
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

# PID of the node we started, if alive and really our OpenSearch (not a reused pid).
our_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid; pid=$(<"$PID_FILE")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
    && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "org.opensearch.bootstrap.OpenSearch" \
    && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-Dopensearch.path.conf=$CONF_DIR" \
    && echo "$pid"
}

if ((EUID == 0)); then RUN_AS=$NODE_USER; else RUN_AS=$(id -un); fi

ensure_node_user() {
  ((EUID == 0)) || return 0
  id "$NODE_USER" >/dev/null 2>&1 && return 0
  say "creating system user $NODE_USER (OpenSearch refuses to run as root)"
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$NODE_USER" \
    || die "useradd $NODE_USER failed"
}

# As root, the node user must be able to reach the node (in root's cache) and its
# state dir: grant search (o+x, not read) on ancestors that lack it, as postgres.sh does.
make_reachable() {
  ((EUID == 0)) || return 0
  local d=$1 chain=()
  while [[ $d != / ]]; do chain=("$d" "${chain[@]}"); d=$(dirname "$d"); done
  # Top-down: a parent without o+x makes every check below it fail.
  for d in "${chain[@]}"; do
    if ! runuser -u "$NODE_USER" -- test -x "$d"; then
      say "chmod o+x $d so $NODE_USER can reach $1"
      chmod o+x "$d"
    fi
  done
}

prepare_state() {
  mkdir -p "$STATE_DIR"/{config/jvm.options.d,data,logs,tmp}
  # Rewritten on every start so changed env (port, heap, paths) takes effect.
  cat >"$CONF_DIR/opensearch.yml" <<YML
# Written by ops/opensearch.sh - edits are overwritten.
cluster.name: wenshu
node.name: wenshu-dev
path.data: $STATE_DIR/data
path.logs: $STATE_DIR/logs
# Loopback + single-node: no cluster formation, and OpenSearch then skips the
# production bootstrap checks (vm.max_map_count, file descriptors).
network.host: 127.0.0.1
http.port: $PORT
discovery.type: single-node
# A dev/CI disk is often fuller than the 85/90/95 % watermarks; don't go read-only.
cluster.routing.allocation.disk.threshold_enabled: false
YML
  # Upstream's jvm.options, with the relative paths (resolved against the cwd) made
  # absolute; heap in jvm.options.d so OPENSEARCH_JAVA_OPTS can still override it.
  sed -e "s|^-XX:HeapDumpPath=data|-XX:HeapDumpPath=$STATE_DIR/data|" \
      -e "s|logs/|$STATE_DIR/logs/|g" \
      -e '/^-Xm[sx]/d' "$OS_HOME/config/jvm.options" >"$CONF_DIR/jvm.options"
  printf '%s\n' "-Xms$HEAP" "-Xmx$HEAP" >"$CONF_DIR/jvm.options.d/heap.options"
  cp "$OS_HOME/config/log4j2.properties" "$CONF_DIR/"
  if ((EUID == 0)); then
    make_reachable "$OS_HOME"
    make_reachable "$STATE_DIR"
    chown -R "$NODE_USER:$NODE_USER" "$STATE_DIR"
  fi
}

start() {
  if healthy; then
    # Ours or someone else's: an OpenSearch is serving; don't start a second one.
    [[ -n $(our_pid || true) ]] || say "reusing an OpenSearch not started by this script on port $PORT"
    if ! curl_os "$URL/_cat/plugins?h=component" | grep -q analysis-smartcn; then
      say "WARNING: the OpenSearch on $URL has no analysis-smartcn plugin; Chinese analysis will not work"
    fi
    publish_url "$URL"
    return 0
  fi
  local pid
  if pid=$(our_pid); then
    die "our OpenSearch (pid $pid) is running but not healthy at $URL; see $LOG, or: $0 stop"
  fi
  port_in_use && die "port $PORT on 127.0.0.1 is in use by something that is not a healthy OpenSearch; set WENSHU_OPENSEARCH_PORT"
  install
  find_java_home
  ensure_node_user
  prepare_state
  rm -f "$PID_FILE"
  say "starting OpenSearch $VERSION as $RUN_AS (heap $HEAP, $STATE_DIR)"
  local t0=$SECONDS as_user=()
  ((EUID == 0)) && as_user=(runuser -u "$NODE_USER" --)
  # Foreground mode in the background rather than `-d`: bin/opensearch -d needs `ps`
  # (absent on slim images), and the console log then also keeps what the JVM says
  # before logging is up. -p: the JVM itself writes its pid (not runuser's). setsid:
  # not tied to this shell's session/terminal. cwd = home: bin/opensearch runs
  # bin/opensearch-keystore by a relative path. The env is set explicitly so a stray
  # JAVA_HOME/OPENSEARCH_HOME of the caller can't leak in.
  : >"$CONSOLE_LOG"
  ((EUID == 0)) && chown "$NODE_USER:$NODE_USER" "$CONSOLE_LOG"
  (cd "$OS_HOME" && exec setsid "${as_user[@]}" env -u JAVA_HOME -u OPENSEARCH_HOME \
      OPENSEARCH_JAVA_HOME="$JAVA_HOME_OS" OPENSEARCH_PATH_CONF="$CONF_DIR" OPENSEARCH_TMPDIR="$STATE_DIR/tmp" \
      OPENSEARCH_JAVA_OPTS="${OPENSEARCH_JAVA_OPTS:-}" \
      "$OS_HOME/bin/opensearch" -p "$PID_FILE" >>"$CONSOLE_LOG" 2>&1 </dev/null 3>&-) &
  local launcher=$!
  local waited=0
  until healthy; do
    if ! kill -0 "$launcher" 2>/dev/null; then
      die_with_log "OpenSearch exited during startup"
    fi
    if ((waited >= START_TIMEOUT)); then
      stop >/dev/null 2>&1 || true
      die_with_log "OpenSearch did not reach yellow/green at $URL within ${START_TIMEOUT}s"
    fi
    sleep 1; waited=$((waited + 1))
  done
  say "started (pid $(our_pid || echo '?'), ${waited}s after launch, $((SECONDS - t0))s total); plugins: $(curl_os "$URL/_cat/plugins?h=component" | sort -u | tr '\n' ' ')"
  publish_url "$URL"
}

stop() {
  local pid
  if ! pid=$(our_pid); then
    rm -f "$PID_FILE"
    healthy && say "an OpenSearch on port $PORT was not started by this script; leaving it"
    say "not running"
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "still alive after 60s, sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  say "stopped"
}

status() {
  if healthy; then
    local who=" (not started by this script)"
    [[ -n $(our_pid || true) ]] && who=" (pid $(our_pid))"
    echo "opensearch.sh: OpenSearch $(curl_os "$URL/" | sed -n 's/.*"number" *: *"\([^"]*\)".*/\1/p') at $URL$who, health $(curl_os "$URL/_cluster/health" | sed -n 's/.*"status" *: *"\([a-z]*\)".*/\1/p')"
  else
    echo "opensearch.sh: no healthy OpenSearch at $URL"
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
