# shellcheck shell=bash
# Shared helpers for scripts/setup/*.sh. Source it; do not execute it.
#
# Conventions for every setup script:
#   - progress and diagnostics go to stderr;
#   - the result (a path) is the LAST line on stdout;
#   - exit status is non-zero with a clear message when the tool cannot be provided.

ENCOURS_CACHE="${ENCOURS_CACHE:-${HOME}/.cache/encours}"
export ENCOURS_CACHE

setup_log() { printf '[setup] %s\n' "$*" >&2; }
setup_die() {
  printf '[setup] ERROR: %s\n' "$*" >&2
  exit 1
}

# setup_lock <name>: take an exclusive lock for the rest of this process (fd 9).
# Parallel callers block until the holder exits, then re-check the cache.
setup_lock() {
  local name="$1"
  mkdir -p "${ENCOURS_CACHE}/locks"
  exec 9>"${ENCOURS_CACHE}/locks/${name}.lock"
  if command -v flock >/dev/null 2>&1; then
    if ! flock -n 9; then
      setup_log "waiting for another setup process holding the ${name} lock..."
      flock 9
    fi
  fi
}

# setup_free_port -> prints a free TCP port on 127.0.0.1
setup_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

# setup_wait_port <port> <timeout-seconds>: succeed once something listens on 127.0.0.1:<port>.
setup_wait_port() {
  local port="$1" timeout="${2:-30}" i=0
  local max=$((timeout * 10))
  while ((i < max)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}
