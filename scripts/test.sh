#!/usr/bin/env bash
# The README's test command (`npm test`): provisions the tool chain (cached), type-checks, then runs every suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f scripts/setup.sh ]; then
  bash scripts/setup.sh
fi
npx tsc --noEmit -p .
npx vitest run "$@"
