#!/bin/sh
# Install, start and prepare PostgreSQL for the chainmatch store tests (Debian).
# Afterwards: export CHAINMATCH_TEST_POSTGRES=postgres://chainmatch:chainmatch@127.0.0.1:5432/chainmatch_test?sslmode=disable
set -eu
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$ver main"; then
	pg_createcluster "$ver" main
fi
pg_ctlcluster "$ver" main start || true   # already running is fine
for i in 1 2 3 4 5 6 7 8 9 10; do
	su postgres -c "pg_isready -q -h 127.0.0.1 -p 5432" && break
	sleep 1
done
su postgres -c "psql -v ON_ERROR_STOP=1 -q" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'chainmatch') THEN
    CREATE ROLE chainmatch LOGIN PASSWORD 'chainmatch' CREATEDB;
  END IF;
END $$;
SQL
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'chainmatch_test'\"" | grep -q 1 ||
	su postgres -c "createdb -O chainmatch chainmatch_test"
echo "CHAINMATCH_TEST_POSTGRES=postgres://chainmatch:chainmatch@127.0.0.1:5432/chainmatch_test?sslmode=disable"
