#!/bin/sh
# Run once by the postgres image when the primary's data volume is created (docker-entrypoint-initdb.d):
# lets the read-only replica of the `scale` profile stream the WAL as the database owner.
set -e
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
