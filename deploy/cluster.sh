#!/usr/bin/env bash
# Several Sonae servers on PostgreSQL, on this machine's loopback, as a hospital group runs them on several machines:
# a PostgreSQL primary and its streaming replica, N Sonae servers, and nginx in front. Used by the benchmark
# (bench/run.sh part 10) and for trying several servers by hand; not a production layout (one machine, trust
# authentication).
#   deploy/cluster.sh start [N]   start (or keep) PostgreSQL and its replica, N servers (3 by default) and nginx
#   deploy/cluster.sh use N       nginx sends to the first N servers only (the others keep running)
#   deploy/cluster.sh stop        stop all of it and remove its folder
# Settings (environment): CLUSTER_DIR=/tmp/sonae-cluster  CLUSTER_PORT=8480 (nginx)  CLUSTER_PG_PORT=5520 (the
# replica on the next port)  CLUSTER_SERVER_PORT=5531 (servers on the following ports)  SONAE=path of the published
# sonae executable, or SONAE_DLL=sonae.dll run with dotnet (the Release build by default)  SONAE_ARGS=more settings.
# Needs PostgreSQL (apt-get install postgresql) and nginx (apt-get install nginx); run as root or as postgres.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${CLUSTER_DIR:-/tmp/sonae-cluster}
port=${CLUSTER_PORT:-8480}
pg_port=${CLUSTER_PG_PORT:-5520}
replica_port=$((pg_port + 1))
server_port=${CLUSTER_SERVER_PORT:-5531}
dll=${SONAE_DLL:-$root/src/Sonae.Web/bin/Release/net10.0/sonae.dll}
pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1)")
nginx=$(command -v nginx || echo /usr/sbin/nginx)

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
database() { echo "Host=127.0.0.1;Port=$1;Username=postgres;Database=sonae"; }
sonae() { if [ -n "${SONAE:-}" ]; then "$SONAE" "$@"; else dotnet "$dll" "$@"; fi; }
exec_sonae() { if [ -n "${SONAE:-}" ]; then exec "$SONAE" "$@"; else exec dotnet "$dll" "$@"; fi; }

start_postgres() {
  [ -x "$pgbin/pg_ctl" ] || { echo "PostgreSQL is missing: apt-get install postgresql"; exit 1; }
  mkdir -p "$dir"; chmod 0755 "$dir"
  if ! as_postgres "$pgbin/pg_ctl" -D "$dir/pg/primary" status > /dev/null 2>&1; then
    rm -rf "$dir/pg"; mkdir -p "$dir/pg"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir/pg"
    as_postgres "$pgbin/initdb" -D "$dir/pg/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 > /dev/null
    # Durable as shipped (fsync, synchronous commit); the replica streams asynchronously (what it lags by, /health says).
    as_postgres "$pgbin/pg_ctl" -D "$dir/pg/primary" -l "$dir/pg/primary.log" -w \
      -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB -c wal_level=replica" start > /dev/null
    as_postgres "$pgbin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE sonae" > /dev/null
    as_postgres "$pgbin/pg_basebackup" -h 127.0.0.1 -p "$pg_port" -U postgres -D "$dir/pg/replica" -R -X stream
    as_postgres "$pgbin/pg_ctl" -D "$dir/pg/replica" -l "$dir/pg/replica.log" -w \
      -o "-p $replica_port -k $dir/pg -c listen_addresses=127.0.0.1 -c max_connections=300 -c hot_standby=on" start > /dev/null
    echo "PostgreSQL primary on 127.0.0.1:$pg_port, streaming replica on 127.0.0.1:$replica_port"
  fi
}

start_servers() { # count
  local i p
  # One server migrates the new database (and makes its first organization) before the others start.
  sonae org add "クラスタ試験病院" --Sonae:Storage:Provider=Postgres "--ConnectionStrings:Sonae=$(database "$pg_port")" > "$dir/keys.txt" 2>&1 \
    || grep -q "security-officer" "$dir/keys.txt" || { cat "$dir/keys.txt"; exit 1; }
  mkdir -p "$dir/evidence" "$dir/run"
  for i in $(seq 1 "$1"); do
    p=$((server_port + i - 1))
    [ -f "$dir/run/sonae-$p.pid" ] && kill -0 "$(cat "$dir/run/sonae-$p.pid")" 2>/dev/null && continue
    # Each server: the primary for commands, the replica for lists, the shared evidence folder, nginx trusted.
    ( cd "$dir" && exec_sonae --urls "http://127.0.0.1:$p" \
        --Sonae:Storage:Provider=Postgres "--ConnectionStrings:Sonae=$(database "$pg_port")" \
        "--ConnectionStrings:SonaeReplica=$(database "$replica_port")" "--Sonae:Evidence:Path=$dir/evidence" \
        --Sonae:Proxy:Trusted=127.0.0.1 ${SONAE_ARGS:-} > "$dir/run/sonae-$p.log" 2>&1 ) &
    echo $! > "$dir/run/sonae-$p.pid"
  done
  for i in $(seq 1 "$1"); do
    p=$((server_port + i - 1))
    for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$p/health" > /dev/null && break; sleep 0.2; done
    curl -sf "http://127.0.0.1:$p/health" > /dev/null || { echo "server on $p did not start:"; tail -n 20 "$dir/run/sonae-$p.log"; exit 1; }
  done
  echo "$1 Sonae servers on 127.0.0.1:$server_port…$((server_port + $1 - 1)); keys of the first organization in $dir/keys.txt"
}

write_nginx() { # count
  local i servers=""
  for i in $(seq 1 "$1"); do servers+="    server 127.0.0.1:$((server_port + i - 1)) max_fails=1 fail_timeout=5s;"$'\n'; done
  cat > "$dir/nginx.conf" <<CONF
# Written by deploy/cluster.sh: $1 Sonae server(s) behind one address.
worker_processes 1;
pid $dir/run/nginx.pid;
error_log $dir/run/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_max_body_size 2m;
  # The API: each request to the server with the fewest open requests; any server answers any request (the
  # database holds all state), and a request to a server that died is tried on the next (only if nothing was sent).
  upstream sonae_api {
    least_conn;
$servers    keepalive 64;
  }
  # Pages and their live connection: a Blazor circuit lives in one server's memory, so one browser stays on one
  # server (by its address); if that server dies, the page reconnects to another and reloads.
  upstream sonae_pages {
    hash \$remote_addr consistent;
$servers  }
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:$port;
    proxy_http_version 1.1;
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    proxy_next_upstream error timeout;
    location /api/ {
      proxy_set_header Connection "";
      proxy_pass http://sonae_api;
    }
    location / {
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_read_timeout 1h;
      proxy_pass http://sonae_pages;
    }
  }
}
CONF
}

start_nginx() { # count
  [ -x "$nginx" ] || { echo "nginx is missing: apt-get install nginx"; exit 1; }
  write_nginx "$1"
  if [ -f "$dir/run/nginx.pid" ] && kill -0 "$(cat "$dir/run/nginx.pid")" 2>/dev/null; then
    "$nginx" -c "$dir/nginx.conf" -p "$dir" -s reload
  else
    "$nginx" -c "$dir/nginx.conf" -p "$dir"
  fi
  sleep 0.5
  curl -sf "http://127.0.0.1:$port/health" > /dev/null || { echo "nginx on $port does not reach Sonae"; cat "$dir/run/nginx-error.log"; exit 1; }
  echo "nginx on http://127.0.0.1:$port in front of $1 server(s)"
}

stop_all() {
  local f
  if [ -f "$dir/run/nginx.pid" ]; then kill "$(cat "$dir/run/nginx.pid")" 2>/dev/null || true; fi
  for f in "$dir"/run/sonae-*.pid; do [ -f "$f" ] && { kill "$(cat "$f")" 2>/dev/null || true; rm -f "$f"; }; done
  for f in replica primary; do
    [ -d "$dir/pg/$f" ] && as_postgres "$pgbin/pg_ctl" -D "$dir/pg/$f" -m fast -w stop > /dev/null 2>&1 || true
  done
  rm -rf "$dir"
  echo "cluster stopped"
}

case "${1:-}" in
  start) count=${2:-3}; start_postgres; start_servers "$count"; start_nginx "$count" ;;
  use) start_nginx "${2:?how many servers}" ;;
  stop) stop_all ;;
  *) echo "usage: deploy/cluster.sh start [N] | use N | stop"; exit 2 ;;
esac
