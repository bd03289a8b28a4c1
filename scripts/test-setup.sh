#!/usr/bin/env bash
# Installs the Debian packages the tests start on loopback: nginx (for the live scans),
# openssl, and Postgres (the tests run its initdb and pg_ctl as the postgres user); and
# testssl.sh, the reference the TLS probe's speed is measured against. Services are never
# started here: each test starts its own on 127.0.0.1 and stops it. Package post-install
# scripts are kept from starting system services.
set -euo pipefail

need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v testssl >/dev/null 2>&1 || need+=(testssl.sh)
# The HTML report's test drives Debian's chromium with playwright-core; no browser is downloaded.
[ -x /usr/bin/chromium ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && { echo "test-setup: nginx, openssl, postgresql, testssl.sh and chromium are present"; exit 0; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# A policy-rc.d that answers 101 keeps the packages' post-install from starting nginx on
# port 80 of every address, and Postgres's default cluster on 5432.
policy=/usr/sbin/policy-rc.d
had_policy=0
[ -e "$policy" ] && had_policy=1
if [ "$had_policy" -eq 0 ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod +x "$policy"
fi

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
if ! $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
  # Debian releases without nginx-light ship the same server as plain nginx.
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]/nginx-light/nginx}" >/dev/null
fi

[ "$had_policy" -eq 0 ] && $sudo rm -f "$policy"
echo "test-setup: installed ${need[*]}"
