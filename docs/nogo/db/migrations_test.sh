#!/bin/sh
# Sample: db/migrations_test.sh. Runs `tenantvet sql` over the migrations; fails on findings.
exec "$1" sql "$2"
