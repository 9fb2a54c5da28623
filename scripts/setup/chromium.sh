#!/usr/bin/env bash
# Ensure Debian's chromium is installed (for playwright-core browser tests; never a downloaded browser).
# Prints its path as the last line on stdout.
#
# Env:
#   CHROMIUM_PATH   use this executable instead (must exist)
set -euo pipefail

# shellcheck source=scripts/setup/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  [[ -x "${CHROMIUM_PATH}" ]] || setup_die "CHROMIUM_PATH=${CHROMIUM_PATH} is not an executable file"
  printf '%s\n' "${CHROMIUM_PATH}"
  exit 0
fi

CHROMIUM=/usr/bin/chromium
runs() { [[ -x "${CHROMIUM}" ]] && "${CHROMIUM}" --version >/dev/null 2>&1; }

if [[ -x "${CHROMIUM}" ]]; then
  printf '%s\n' "${CHROMIUM}"
  exit 0
fi

if [[ "$(id -u)" != "0" ]]; then
  setup_die "${CHROMIUM} not found. Install Debian's chromium as root:
    sudo apt-get update && sudo apt-get install -y chromium
  (or set CHROMIUM_PATH to an existing chromium executable)"
fi
command -v apt-get >/dev/null 2>&1 ||
  setup_die "${CHROMIUM} not found and apt-get is unavailable; install chromium or set CHROMIUM_PATH"

setup_lock chromium
if ! [[ -x "${CHROMIUM}" ]]; then
  setup_log "installing Debian chromium with apt-get (one-off, ~100 MB)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2 || setup_die "apt-get update failed"
  apt-get install -y --no-install-recommends chromium >&2 || setup_die "apt-get install chromium failed"
fi
runs || setup_die "${CHROMIUM} is installed but '${CHROMIUM} --version' fails"
setup_log "$("${CHROMIUM}" --version 2>/dev/null)"
printf '%s\n' "${CHROMIUM}"
