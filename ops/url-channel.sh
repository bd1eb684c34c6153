# Sourced by ops/*.sh: how a `start` hands its URL to whoever called it.
#
# Tools that a start runs (apt, mvn, curl, java, pg_ctl) write to stdout whatever they
# like — Maven writes ANSI reset codes even with -Dstyle.color=never — so a caller that
# parsed a start's last stdout line broke on a cold machine. Instead:
#   - `url_channel_open` (first thing a start does) sends the script's stdout to stderr,
#     keeping the caller's stdout as fd 3: nothing a tool prints can reach it;
#   - `publish_url URL` writes the URL alone on fd 3 and, when the caller set
#     WENSHU_URL_FILE, into that file (write-then-rename, so it is whole or absent).
# ops/services.sh reads the file; a person running `ops/tika.sh start` sees the URL.
# A server a start launches in the background must not inherit fd 3 (`3>&-`): it would
# hold the caller's stdout open, and a caller reading it to the end would wait forever.

url_channel_open() {
  exec 3>&1 1>&2
}

publish_url() {
  local url=$1
  if [[ -n ${WENSHU_URL_FILE:-} ]]; then
    printf '%s\n' "$url" >"$WENSHU_URL_FILE.tmp"
    mv "$WENSHU_URL_FILE.tmp" "$WENSHU_URL_FILE"
  fi
  printf '%s\n' "$url" >&3
}
