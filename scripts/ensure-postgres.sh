#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 for the tests of the second store
# backend: starts Debian's cluster when it is not running, installing Debian's `postgresql` first
# when it is missing, and lets the local user postgres in without a password (trust, on localhost
# only). Each test run then makes a database of its own and drops it (test/postgres/).
set -euo pipefail
pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "PostgreSQL is not running on 127.0.0.1:5432 and starting it needs root" >&2
  exit 1
fi
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq postgresql >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null
    apt-get install -y -qq postgresql >/dev/null
  }
fi
version=$(ls /etc/postgresql | sort -V | tail -n 1)
hba="/etc/postgresql/$version/main/pg_hba.conf"
if ! grep -q '^host all postgres 127.0.0.1/32 trust' "$hba"; then
  sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
fi
pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null ||
  pg_ctlcluster --skip-systemctl-redirect "$version" main reload
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p 5432 -q && exit 0
  sleep 1
done
echo "PostgreSQL did not come up on 127.0.0.1:5432" >&2
exit 1
