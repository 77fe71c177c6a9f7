#!/usr/bin/env bash
# A private PostgreSQL server for the PostgreSQL sink's tests (and CI).
#
#   url="$(Tests/postgres-server.sh start DIR)"   # prints postgresql://eddy@127.0.0.1:PORT/eddy
#   EDDY_POSTGRES_URL="$url" swift test
#   Tests/postgres-server.sh stop DIR
#
# The URL is also written to DIR/url; the tests read .build-postgres/url of the package when
# EDDY_POSTGRES_URL is not set, so `Tests/postgres-server.sh start .build-postgres` once is
# enough for `swift test` (DIR must be reachable by the 'postgres' user when run as root).
#
# start installs PostgreSQL if it is missing (Debian's package, with apt-get), makes a
# cluster in DIR/data (DIR: a new empty or missing folder), and starts it on a free port of
# 127.0.0.1, its socket in DIR. The superuser 'eddy' logs in without a password; any other
# role over TCP needs its password (scram-sha-256), so tests can check password handling.
# fsync is off: the tests kill Eddy, never the server. As root, the server runs as the
# 'postgres' user (initdb refuses root). Messages go to stderr, the URL alone to stdout.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action="$1"
dir="$2"

if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi

bindir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  d="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
  if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return; fi
}

# Runs a command as the cluster's owner: the caller, or 'postgres' when the caller is root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}

case "$action" in
start)
  bin="$(bindir)"
  if [ -z "$bin" ]; then
    echo "postgres-server: installing PostgreSQL (apt-get install postgresql)" >&2
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q >&2
    $SUDO apt-get install -y -q postgresql >&2
    bin="$(bindir)"
    [ -n "$bin" ] || { echo "postgres-server: no initdb after installing postgresql" >&2; exit 1; }
  fi
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
  fi
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ -e "$dir/data" ]; then echo "postgres-server: $dir/data exists: give a new folder" >&2; exit 1; fi
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    # The owner must reach the folder: every folder above it must let others through.
    as_owner test -w "$dir" || { echo "postgres-server: user postgres cannot write $dir (a folder above it is closed): choose a folder under /tmp" >&2; exit 1; }
  fi
  as_owner "$bin/initdb" -D "$dir/data" -U eddy --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
    || as_owner "$bin/initdb" -D "$dir/data" -U eddy --auth=trust --encoding=UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner sh -c "cat > '$dir/data/pg_hba.conf'" <<'EOF'
local all all              trust
host  all eddy 127.0.0.1/32 trust
host  all eddy ::1/128      trust
host  all all  127.0.0.1/32 scram-sha-256
host  all all  ::1/128      scram-sha-256
EOF
  started=""
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    # Taken if something answers there.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" \
      start >&2; then
      started=yes
      break
    fi
    echo "postgres-server: port $port did not work, trying another" >&2
  done
  if [ -z "$started" ]; then cat "$dir/server.log" >&2 || true; exit 1; fi
  echo "$port" >"$dir/port"
  echo "postgresql://eddy@127.0.0.1:$port/eddy" >"$dir/url"
  as_owner "$bin/psql" -X -q -h "$dir" -p "$port" -U eddy -d postgres -c "CREATE DATABASE eddy" >&2
  echo "postgresql://eddy@127.0.0.1:$port/eddy"
  ;;
stop)
  bin="$(bindir)"
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
  fi
  rm -rf "$dir"
  ;;
*)
  usage
  ;;
esac
