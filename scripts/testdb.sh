#!/usr/bin/env bash
# Starts the local PostgreSQL 15 cluster (installing it when missing) and creates the
# test administrator role and database the runtime tests use. Idempotent.
# Prints the export line for TENANTVET_TEST_DATABASE_URL on stdout.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d /usr/lib/postgresql ]; then
  echo "installing postgresql" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$ver main$"; then
  pg_createcluster "$ver" main >&2
fi
pg_ctlcluster "$ver" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p 5432 >&2

psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -qAt $*"; }
# The test administrator creates the schema owner and application roles of each test itself;
# it is not a superuser, so nothing the tests do can bypass row level security by accident.
psql_admin "-c \"DO \\\$\\\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tenantvet_admin') THEN
    CREATE ROLE tenantvet_admin LOGIN CREATEROLE CREATEDB PASSWORD 'tenantvet';
  END IF;
END \\\$\\\$;\"" >&2
# tenantvet db's tests need a role with BYPASSRLS, which only a superuser can create: this one
# cannot log in and has no members, so it changes nothing until a test grants it to a role it
# made (CREATEROLE may grant it on PostgreSQL 15; from 16 on that takes ADMIN OPTION, given here
# without the right to SET ROLE to it or inherit from it).
psql_admin "-c \"DO \\\$\\\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tenantvet_bypassrls') THEN
    CREATE ROLE tenantvet_bypassrls NOLOGIN BYPASSRLS;
  END IF;
  IF current_setting('server_version_num')::int >= 160000 THEN
    EXECUTE 'GRANT tenantvet_bypassrls TO tenantvet_admin WITH ADMIN TRUE, INHERIT FALSE, SET FALSE';
  END IF;
END \\\$\\\$;\"" >&2
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname = 'tenantvet_test'\"")" != 1 ]; then
  psql_admin "-c 'CREATE DATABASE tenantvet_test OWNER tenantvet_admin'" >&2
fi
psql_admin "-d tenantvet_test -c 'CREATE EXTENSION IF NOT EXISTS pgcrypto'" >&2 || true
echo "export TENANTVET_TEST_DATABASE_URL='postgres://tenantvet_admin:tenantvet@127.0.0.1:5432/tenantvet_test?sslmode=disable'"
