#!/usr/bin/env bash
# Installs Debian's Chromium for the HTML report's browser test (playwright-core drives it; no tool
# downloads its own browser). Idempotent; needs root or passwordless sudo.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq chromium >/dev/null
command -v chromium
