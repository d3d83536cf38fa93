#!/usr/bin/env bash
# Installs the AWS CLI, boto3, jq and curl (Debian packages) for the "any client" tests
# (test/integration/sandbox-clients.test.ts), which drive the TIP chain through the sandbox's proxy mode.
# Idempotent; needs root or passwordless sudo. Note: the tests need clients that know CreateTokenWithIAM
# and AssumeRole ProvidedContexts (botocore >= 1.33, AWS CLI >= 1.31 / 2.14); older ones are skipped by
# the tests with a message saying so.
set -euo pipefail
need=()
command -v aws >/dev/null 2>&1 || need+=(awscli)
python3 -c "import boto3" >/dev/null 2>&1 || need+=(python3-boto3)
command -v jq >/dev/null 2>&1 || need+=(jq)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq "${need[@]}" >/dev/null
command -v aws
