#!/bin/sh
# The streaming replica of the `scale` profile: on its first start, copies the primary (pg_basebackup -R
# writes standby.signal and primary_conninfo), then runs as a hot standby that serves read-only queries.
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    until gosu postgres env PGPASSWORD="$POSTGRES_PASSWORD" \
        pg_basebackup --host=db --username="$POSTGRES_USER" --pgdata="$PGDATA" \
        --write-recovery-conf --wal-method=stream --checkpoint=fast; do
        echo "waiting for the primary..."
        rm -rf "${PGDATA:?}"/*
        sleep 2
    done
fi
exec docker-entrypoint.sh postgres -c hot_standby=on
