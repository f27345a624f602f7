#!/usr/bin/env bash
# Installs ShellCheck (Debian's `shellcheck` package) for the ShellCheck rule's tests; under
# CI=true those tests fail when it is missing. Idempotent; needs root only when installing.
set -euo pipefail
if command -v shellcheck >/dev/null 2>&1; then
  echo "shellcheck already installed: $(shellcheck --version | sed -n 's/^version: //p')"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "shellcheck is missing and installing it needs root (apt-get install shellcheck)" >&2
  exit 1
fi
DEBIAN_FRONTEND=noninteractive apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends shellcheck
echo "installed shellcheck $(shellcheck --version | sed -n 's/^version: //p')"
