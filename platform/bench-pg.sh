#!/usr/bin/env bash
# platform/bench-pg.sh -- a throwaway PostgreSQL (+ PgBouncer in transaction
# pooling) for `wmsctl bench sync` / `wmsctl bench server`, which never start
# a database themselves (wmsctl is an admin tool: it does not initdb or run
# processes as another user; the tests' harness tests/common/wms_pgtest does
# that for ctest only).
#
#   platform/bench-pg.sh run WMSCTL [bench args...]
#       start a cluster + bouncer, run `WMSCTL bench sync --dsn .. --bouncer-dsn ..
#       [bench args]`, stop and remove everything (also on Ctrl-C)
#   platform/bench-pg.sh start        start one and print the DSNs (kept running)
#   platform/bench-pg.sh stop DIR     stop and remove the one in DIR
#
# The cluster lives in a mktemp directory under /tmp, listens on a unix socket
# there and on a free 127.0.0.1 port; as root it runs as user postgres.  It is
# durable (fsync on: the push figures include commits), max_connections 300.
# PgBouncer trusts the users in its auth file: postgres and the bench's
# terminal roles wms_t_B01 .. wms_t_B64.
set -euo pipefail

bindir=""
for d in /usr/lib/postgresql/*/bin /usr/local/bin; do
  if [ -x "$d/initdb" ]; then bindir=$d; break; fi
done
# 77: skipped (the smoke test in ctest counts it as such)
[ -n "$bindir" ] || { echo "bench-pg: no PostgreSQL binaries (platform/deps.sh test)" >&2; exit 77; }

free_port() {
  python3 - <<'EOF' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
EOF
}

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir port bport
  dir=$(mktemp -d /tmp/wmsbench.XXXXXX)
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
  port=$(free_port)
  bport=$(free_port)
  as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=trust \
    -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
  as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB" \
    start >/dev/null
  if [ -x /usr/sbin/pgbouncer ]; then
    {
      echo '"postgres" ""'
      for i in $(seq -w 1 64); do echo "\"wms_t_B$i\" \"\""; done
    } >"$dir/userlist.txt"
    cat >"$dir/pgbouncer.ini" <<EOF
[databases]
* = host=$dir port=$port
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bport
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
max_db_connections = 50
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
admin_users = postgres
ignore_startup_parameters = extra_float_digits
EOF
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"/pgbouncer.ini "$dir"/userlist.txt; fi
    as_pg /usr/sbin/pgbouncer -d -q "$dir/pgbouncer.ini"
  else
    bport=0
  fi
  echo "$dir $port $bport"
}

stop() {
  local dir=$1
  [ -d "$dir/data" ] || { echo "bench-pg: $dir is not a bench cluster" >&2; return 1; }
  if [ -f "$dir/pgbouncer.pid" ]; then kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true; fi
  as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start)
    read -r dir port bport < <(start)
    echo "dir:         $dir"
    echo "--dsn        'host=$dir port=$port user=postgres dbname=postgres'"
    [ "$bport" = 0 ] || echo "--bouncer-dsn 'host=127.0.0.1 port=$bport dbname=postgres'"
    echo "stop with:   $0 stop $dir"
    ;;
  stop)
    stop "${2:?usage: $0 stop DIR}"
    ;;
  run)
    wmsctl=${2:?usage: $0 run WMSCTL [bench sync args]}
    shift 2
    read -r dir port bport < <(start)
    trap 'stop "$dir"' EXIT INT TERM
    extra=()
    [ "$bport" = 0 ] || extra=(--bouncer-dsn "host=127.0.0.1 port=$bport dbname=postgres")
    "$wmsctl" bench sync --dsn "host=$dir port=$port user=postgres dbname=postgres" "${extra[@]}" "$@"
    ;;
  *)
    echo "usage: $0 run WMSCTL [args] | start | stop DIR" >&2
    exit 2
    ;;
esac
