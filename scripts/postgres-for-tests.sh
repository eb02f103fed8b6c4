#!/usr/bin/env bash
# Installs PostgreSQL from Debian's packages (when missing) and starts it on 127.0.0.1:5432 with the password
# "postgres" for the postgres user, so the integration suite can also run on PostgreSQL:
#   export WHARF_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres"
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | grep -q "^${version} main"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | grep -q "^${version} main 5432 online"; then
  pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 30); do
  if su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done
su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
echo "PostgreSQL ${version} is running on 127.0.0.1:5432"
