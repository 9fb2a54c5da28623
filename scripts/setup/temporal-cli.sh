#!/usr/bin/env bash
# Provide a working Temporal CLI (`temporal`), used for `temporal server start-dev`.
#
# Resolution order (first hit wins); the path is printed as the LAST line on stdout:
#   1. $TEMPORAL_CLI, if set and executable;
#   2. `temporal` on PATH (if `temporal --version` runs);
#   3. the user cache  ${ENCOURS_CACHE:-~/.cache/encours}/bin/temporal  (if `--version` runs);
#   4. build it:  GOBIN=<cache>/bin go install github.com/temporalio/cli/cmd/temporal@v1.5.1
#      (later tags carry a replace directive in go.mod and cannot be `go install`ed);
#      if another `go install` of the CLI is already running, wait for it instead;
#   5. last resort, only if reachable: the official release archive;
#   6. otherwise fail with instructions.
# Serialised with flock so parallel callers never build twice.
set -euo pipefail

# shellcheck source=scripts/setup/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CLI_VERSION="1.5.1"
CLI_MODULE="github.com/temporalio/cli/cmd/temporal"
BIN_DIR="${ENCOURS_CACHE}/bin"
CACHED="${BIN_DIR}/temporal"

runs() { [[ -x "$1" ]] && "$1" --version >/dev/null 2>&1; }
found() {
  printf '%s\n' "$1"
  exit 0
}

# 1. explicit override
if [[ -n "${TEMPORAL_CLI:-}" ]]; then
  [[ -x "${TEMPORAL_CLI}" ]] || setup_die "TEMPORAL_CLI=${TEMPORAL_CLI} is not an executable file"
  found "${TEMPORAL_CLI}"
fi

# 2. on PATH
if on_path="$(command -v temporal 2>/dev/null)"; then
  if runs "${on_path}"; then found "${on_path}"; fi
  setup_log "ignoring ${on_path}: 'temporal --version' fails"
fi

# 3. user cache (fast path, no lock)
if runs "${CACHED}"; then found "${CACHED}"; fi

setup_lock temporal-cli
if runs "${CACHED}"; then found "${CACHED}"; fi # built by another caller while we waited

# 4a. a go install started outside this script (e.g. a provisioning step) may be running: wait for it.
other_install_pids() { pgrep -f "go install .*temporalio/cli/cmd/temporal" 2>/dev/null || true; }
if [[ -n "$(other_install_pids)" ]]; then
  setup_log "a 'go install ${CLI_MODULE}' is already running (pid $(other_install_pids | tr '\n' ' ')); waiting for it (can take several minutes)..."
  waited=0
  while [[ -n "$(other_install_pids)" ]]; do
    sleep 5
    waited=$((waited + 5))
    if ((waited % 60 == 0)); then setup_log "  still building... ${waited}s"; fi
    if ((waited >= ${ENCOURS_GO_INSTALL_WAIT:-1800})); then
      setup_log "  gave up waiting after ${waited}s"
      break
    fi
  done
  if runs "${CACHED}"; then
    setup_log "the running go install produced ${CACHED}"
    found "${CACHED}"
  fi
fi

# 4b. build it ourselves.
if command -v go >/dev/null 2>&1; then
  setup_log "building Temporal CLI v${CLI_VERSION} with $(go version | cut -d' ' -f3) (first run only; several minutes)..."
  setup_log "  GOBIN=${BIN_DIR} go install -ldflags '-s -w -X ...Version=${CLI_VERSION}' ${CLI_MODULE}@v${CLI_VERSION}"
  mkdir -p "${BIN_DIR}"
  tmp_bin="$(mktemp -d "${BIN_DIR}/.build.XXXXXX")"
  # Run outside any module (the repo has no go.mod, but be safe) and force module mode.
  if (cd "${tmp_bin}" && GOBIN="${tmp_bin}" GOFLAGS="-mod=mod" GO111MODULE=on \
    go install -ldflags "-s -w -X github.com/temporalio/cli/temporalcli.Version=${CLI_VERSION}" \
      "${CLI_MODULE}@v${CLI_VERSION}" >&2); then
    mv -f "${tmp_bin}/temporal" "${CACHED}"
    rm -rf "${tmp_bin}"
    if runs "${CACHED}"; then found "${CACHED}"; fi
    setup_log "built ${CACHED} but 'temporal --version' fails"
  else
    rm -rf "${tmp_bin}"
    setup_log "go install failed (is the Go module proxy reachable? GOPROXY=$(go env GOPROXY))"
  fi
else
  setup_log "Go is not installed; cannot build the Temporal CLI from source"
fi

# 5. last resort: official release archive, only when reachable (never needed where Go works).
case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch="" ;;
esac
os="$(uname -s | tr '[:upper:]' '[:lower:]')"
if [[ -n "${arch}" ]] && command -v curl >/dev/null 2>&1 && command -v tar >/dev/null 2>&1; then
  url="https://github.com/temporalio/cli/releases/download/v${CLI_VERSION}/temporal_cli_${CLI_VERSION}_${os}_${arch}.tar.gz"
  if curl -fsIL --max-time 5 -o /dev/null "${url}" 2>/dev/null; then
    setup_log "downloading ${url}"
    mkdir -p "${BIN_DIR}"
    tmp_dl="$(mktemp -d "${BIN_DIR}/.dl.XXXXXX")"
    if curl -fsSL --max-time 300 "${url}" | tar -xz -C "${tmp_dl}" temporal; then
      mv -f "${tmp_dl}/temporal" "${CACHED}"
      rm -rf "${tmp_dl}"
      if runs "${CACHED}"; then found "${CACHED}"; fi
    fi
    rm -rf "${tmp_dl}"
  fi
fi

setup_die "no working Temporal CLI.
  Either install Go >= 1.25 (https://go.dev/dl/; an older Go with GOTOOLCHAIN=auto fetches it via the module proxy) so that this script can run
    GOBIN=${BIN_DIR} go install ${CLI_MODULE}@v${CLI_VERSION}
  or install the CLI yourself and put 'temporal' on PATH, or point TEMPORAL_CLI at it:
    export TEMPORAL_CLI=/path/to/temporal"
