#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the TLS tests, from the server binaries of Debian's postgresql
# package (initdb and pg_ctl used directly, no pg_ctlcluster).
#
#   cluster.sh init  DIR PORT   initdb into DIR/data; listen on 127.0.0.1:PORT only, ssl=on, trust auth,
#                               connections logged to DIR/run/server.log; the certificate is DIR/pki/server-before.*
#   cluster.sh start DIR        start and wait until it accepts connections
#   cluster.sh use   DIR STATE  install DIR/pki/server-STATE.{crt,key} (before, after, impostor, wronghost)
#                               and reload the configuration (new connections get the new certificate)
#   cluster.sh stop  DIR        stop (immediate); a stopped or missing cluster is not an error
#
# Run as root, the server runs as `nobody` (initdb refuses root). Needs PGBIN or /usr/lib/postgresql/*/bin.
set -euo pipefail

cmd=${1:?usage: cluster.sh init|start|use|stop DIR ...}
dir=${2:?usage: cluster.sh $cmd DIR ...}

bin=${PGBIN:-}
if [ -z "$bin" ]; then
  for b in /usr/lib/postgresql/*/bin; do [ -x "$b/initdb" ] && bin=$b; done
fi
[ -n "$bin" ] && [ -x "$bin/pg_ctl" ] || { echo "cluster.sh: PostgreSQL server binaries not found (set PGBIN)" >&2; exit 3; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

case $cmd in
  init)
    port=${3:?usage: cluster.sh init DIR PORT}
    mkdir -p "$dir/data" "$dir/run"
    if [ "$(id -u)" = 0 ]; then
      chmod 755 "$dir"
      chown nobody "$dir/data" "$dir/run"
    fi
    chmod 700 "$dir/data"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync --no-instructions -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/run'
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
log_connections = on
log_disconnections = off
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 30
shared_buffers = 16MB
EOF
    # TLS and plaintext are both accepted: a client that falls back to plaintext is seen connecting.
    cat >"$dir/data/pg_hba.conf" <<EOF
hostssl   all all 127.0.0.1/32 trust
hostnossl all all 127.0.0.1/32 trust
EOF
    "$0" use "$dir" before --no-reload
    ;;
  start)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/run/server.log" -w -t 30 start >/dev/null
    ;;
  use)
    state=${3:?usage: cluster.sh use DIR STATE}
    install -m 600 "$dir/pki/server-$state.crt" "$dir/data/server.crt"
    install -m 600 "$dir/pki/server-$state.key" "$dir/data/server.key"
    if [ "$(id -u)" = 0 ]; then chown nobody "$dir/data/server.crt" "$dir/data/server.key"; fi
    if [ "${4:-}" != --no-reload ]; then as_owner "$bin/pg_ctl" -D "$dir/data" reload >/dev/null; fi
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    ;;
  *)
    echo "cluster.sh: unknown command $cmd" >&2
    exit 2
    ;;
esac
