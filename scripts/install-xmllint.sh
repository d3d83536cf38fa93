#!/usr/bin/env bash
# Installs xmllint (Debian's libxml2-utils) for the JUnit XML schema test (test/e2e/report-files.test.ts).
# Idempotent; needs root or passwordless sudo.
set -euo pipefail
if command -v xmllint >/dev/null 2>&1; then exit 0; fi
SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq libxml2-utils >/dev/null
command -v xmllint
