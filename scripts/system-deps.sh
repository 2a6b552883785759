#!/usr/bin/env bash
# Installs the Debian packages spiegel's full test suite needs, when missing:
# PostgreSQL (server-mode tests), Chromium (browser tests), Pango (WeasyPrint PDFs),
# fonts, poppler (PDF checks) and Java 17 (the Spark engine of `spiegel team report`). Safe to run again; needs root (apt-get).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
need=()
command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v java >/dev/null 2>&1 || [ -n "${JAVA_HOME:-}" ] || need+=(openjdk-17-jre-headless)
if [ ${#need[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${need[*]}"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
