#!/usr/bin/env bash
# Sonae's benchmarks. Prints every figure and writes them to bench/results/latest.md.
#   1. Load over HTTP on SQLite and on PostgreSQL, at 1, 16 and 64 connections: notes appended to one incident and
#      spread over 200, and anomaly reports, against a baseline endpoint that does one raw durable insert per request
#      on the same database, in alternating rounds of the same run; the machine's load average beside each round.
#   2. `sonae verify` and `sonae export` at 100,000 and 1,000,000 events (with their audit entries): time and peak
#      memory of the whole process, export against a plain dump of the same rows by sqlite3.
#   3. The incident API (state, and the latest page of events) on an incident with 100,000 events.
#   4. The emergency binder PDF of a 500-person, 2,000-asset hospital, against an empty hospital's.
#   5. The pages: the home page with one open incident of 10 to 1,000,000 events, ten open incidents, and 50,000 past
#      incidents, against an empty hospital's; the workspace of incidents of 10k to 1M events against a 10-event one's.
#   6. Appends with 0, 2 and 20 open workspaces of the incident appended to (headless Chromium), and 5 s after the
#      pages were closed: req/s, p99 and the server's CPU time per append.
#   7. 5,000 staff acknowledging one notice through their personal links, against the same burst of raw inserts.
#   9. The published single file (./publish.sh): its size, and its cold start to the first 200 from /health on an
#      existing database against a bare ASP.NET Core app (bench/Bare) published the same way, in alternating runs.
#  10. Several servers (deploy/cluster.sh: PostgreSQL with a streaming replica, nginx in front): appends and reads
#      with 1, 2 and 3 servers in the same run, as ratios against one.
# Needs wrk, time, sqlite3 and PostgreSQL (apt-get install wrk time sqlite3 postgresql); part 6 needs /usr/bin/chromium,
# part 10 nginx.
# About thirty-five minutes on two cores.
#   BENCH_DURATION=6s   length of each load run      BENCH_CONNECTIONS=16  concurrent connections (parts 3 on)
#   BENCH_ROUNDS=3      alternating rounds of baseline and Sonae (medians are reported)
#   BENCH_LOAD_CONNECTIONS="1 16 64"  BENCH_DATABASES="sqlite postgres"  BENCH_WARMUP=20s  (part 1)
#   BENCH_COLD_RUNS=9   cold starts of each in part 9
#   BENCH_CLUSTER_SERVERS="1 2 3"  BENCH_CLUSTER_CONNECTIONS=32  BENCH_CLUSTER_HOSPITALS=1
#   BENCH_CLUSTER_SERVER_CPU=   off unless set (e.g. 0.35; cgroup v1, as root)  (part 10; see cap_servers and part10)
#   BENCH_PARTS="1 2 3" which parts to run            BENCH_PAGES_PORT=5111  first of part 5's eight ports
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
duration=${BENCH_DURATION:-6s}
warmup=${BENCH_WARMUP:-20s}   # load before the measured rounds, so that they measure compiled code, not the compiler
rounds=${BENCH_ROUNDS:-3}      # the load pairs run in alternating rounds; the report gives each figure's median
connections=${BENCH_CONNECTIONS:-16}  # the other parts' connections (part 1 takes BENCH_LOAD_CONNECTIONS)
parts=${BENCH_PARTS:-"1 2 3 4 5 6 7 8 9 10"}
work=$(mktemp -d /tmp/sonae-bench.XXXXXX)
results="$root/bench/results"
results_file="$results/latest.md"
mkdir -p "$results"
pids=()
stop_servers() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; pids=(); }
# Part 10's cluster (PostgreSQL, servers, nginx) is stopped on any exit once its start began, before $work goes.
cluster_up=""
stop_cluster() { [ -n "$cluster_up" ] || return 0; cluster_up=""; deploy/cluster.sh stop > /dev/null || true; uncap_servers; }
trap 'stop_servers; stop_cluster; [ "$(type -t stop_postgres)" = function ] && stop_postgres; rm -rf "$work"' EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install time"; exit 1; }
echo "building (Release)"
dotnet build Sonae.slnx -c Release -nologo -v quiet -clp:ErrorsOnly
sonae="$root/src/Sonae.Web/bin/Release/net10.0/sonae.dll"
bench="$root/bench/Sonae.Bench/bin/Release/net10.0/Sonae.Bench.dll"
echo "# Benchmark results ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m))" > "$results_file"
echo "" >> "$results_file"
echo "Command: \`bench/run.sh\` (wrk: 1 thread, $connections connections unless said, $duration per run). Latencies in ms." >> "$results_file"

wait_up() { for _ in $(seq 1 100); do curl -sf "$1/health" >/dev/null && return 0; sleep 0.2; done; echo "server at $1 did not start"; exit 1; }
load() { # url method body key [connections] -> one JSON line: rps, p50, p95, p99, requests, errors
  WRK_METHOD=$2 WRK_BODY=$3 WRK_KEY=$4 wrk -t1 -c"${5:-$connections}" -d"$duration" -s bench/report.lua "$1" | tail -n 1
}
warm() { WRK_METHOD=$2 WRK_BODY=$3 WRK_KEY=$4 wrk -t1 -c4 -d3s -s bench/report.lua "$1" > /dev/null; }
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
row() { echo "| $1 | $(field "$2" rps) | $(field "$2" p50) | $(field "$2" p95) | $(field "$2" p99) | $(field "$2" errors) |"; }
median() { # JSON lines on stdin -> one JSON line with each field's median (errors: the sum)
  python3 -c '
import json, statistics, sys
runs = [json.loads(l) for l in sys.stdin if l.strip()]
out = {k: round(statistics.median(r[k] for r in runs), 2) for k in ("rps", "p50", "p95", "p99")}
out["errors"] = sum(r["errors"] for r in runs); out["runs"] = len(runs)
print(json.dumps(out))'
}
serve() { # port database -> starts sonae in the background
  ( cd "$work" && exec dotnet "$sonae" --urls "http://127.0.0.1:$1" --Sonae:Storage:SqlitePath="$2" --Sonae:Limits:ReportsPerMinute=100000000 > "sonae-$1.log" 2>&1 ) & pids+=($!)
  wait_up "http://127.0.0.1:$1"
}

start_postgres() { # a throwaway PostgreSQL server for the run, durable as shipped (fsync and synchronous commit on)
  [ -n "${pg_url:-}" ] && return 0
  pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1)")
  [ -x "$pgbin/pg_ctl" ] || { echo "PostgreSQL is missing: apt-get install postgresql"; exit 1; }
  mkdir -p "$work/pg"; chmod 0755 "$work"  # the postgres user must reach its folder
  as_postgres() { if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$work/pg"; runuser -u postgres -- "$@"; else "$@"; fi; }
  as_postgres "$pgbin/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 > /dev/null
  as_postgres "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w \
    -o "-p 5499 -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB" start > /dev/null
  stop_postgres() { as_postgres "$pgbin/pg_ctl" -D "$work/pg/data" -m immediate -w stop > /dev/null 2>&1 || true; }
  pg_url="Host=127.0.0.1;Port=5499;Username=postgres"
}
loadavg() { cut -d' ' -f1 /proc/loadavg; }
cpu_of() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # user + system time of a process, in clock ticks

# One load run, told as a JSON line with its database, connections and round, the machine's 1-minute load average
# when it ended, and the server's CPU per request (user + system, ms).
measure() { # name db connections round server-pid url method body key [paths]
  local before after out
  before=$(cpu_of "$5")
  out=$(WRK_METHOD=$7 WRK_BODY=$8 WRK_KEY=$9 WRK_PATHS=${10:-} wrk -t1 -c"$3" -d"$duration" -s bench/report.lua "$6" | tail -n 1)
  after=$(cpu_of "$5")
  python3 -c '
import json, sys
r = json.loads(sys.argv[1]); ticks = int(sys.argv[7]) - int(sys.argv[6])
r.update(name=sys.argv[2], db=sys.argv[3], connections=int(sys.argv[4]), round=int(sys.argv[5]), load=float(sys.argv[8]),
         cpu=round(ticks * 1000 / int(sys.argv[9]) / max(r["requests"], 1), 3))
print(json.dumps(r))' "$out" "$1" "$2" "$3" "$4" "$before" "$after" "$(loadavg)" "$(getconf CLK_TCK)"
}

part1() {
  local all_connections=${BENCH_LOAD_CONNECTIONS:-"1 16 64"} databases=${BENCH_DATABASES:-"sqlite postgres"}
  echo "1. load: appends and anomaly reports against a raw durable insert, on $databases, at $all_connections connections, $duration each"
  : > "$work/load.jsonl"
  local db port sonae_pid baseline_pid key staff incident note_body report_body sonae_args baseline_args conns round i verified=""
  note_body='{"text":"負荷試験のメモ: 電子カルテ端末の状態を確認し、ログを保全した。"}'
  report_body='{"department":"3階西病棟","location":"ナースステーション","device":"PC-3W-01","signs":["slow-or-frozen"],"description":"画面が固まる"}'
  for db in $databases; do
    if [ "$db" = postgres ]; then
      start_postgres
      sonae_args=(--Sonae:Storage:Provider=Postgres "--Sonae:Storage:ConnectionString=$pg_url;Database=sonae_bench")
      baseline_args=(--postgres "$pg_url;Database=postgres")
    else
      sonae_args=("--Sonae:Storage:SqlitePath=$work/load.db")
      baseline_args=(--db "$work/baseline.db")
    fi
    port=$([ "$db" = postgres ] && echo 5112 || echo 5102)
    dotnet "$bench" baseline --urls http://127.0.0.1:$((port - 1)) "${baseline_args[@]}" & baseline_pid=$!; pids+=($baseline_pid)
    wait_up "http://127.0.0.1:$((port - 1))"
    ( cd "$work" && dotnet "$sonae" org add "負荷試験病院" "${sonae_args[@]}" > "keys-$db.txt" )
    key=$(awk '$1 == "security-officer" { print $2 }' "$work/keys-$db.txt")
    staff=$(awk '$1 == "staff" { print $2 }' "$work/keys-$db.txt")
    # The limits a hospital runs with would refuse a benchmark's thousands of reports a minute from one key: raised for the run.
    ( cd "$work" && exec dotnet "$sonae" --urls "http://127.0.0.1:$port" "${sonae_args[@]}" --Sonae:Limits:ReportsPerMinute=100000000 > "sonae-$port.log" 2>&1 ) & sonae_pid=$!; pids+=($sonae_pid)
    wait_up "http://127.0.0.1:$port"
    : > "$work/paths-$db.txt"
    for i in $(seq 1 200); do
      incident=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/incidents" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
        -d "{\"title\":\"負荷試験 $i\",\"source\":\"alert\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["incidentId"])')
      echo "/api/v1/incidents/$incident/notes" >> "$work/paths-$db.txt"
    done
    local one="http://127.0.0.1:$port$(head -n 1 "$work/paths-$db.txt")"
    # Warm until the just-in-time compiler has settled (tiered compilation goes on for tens of seconds under load).
    WRK_METHOD=POST WRK_BODY="$note_body" WRK_KEY=$key wrk -t1 -c16 -d"$warmup" -s bench/report.lua "$one" > /dev/null
    WRK_METHOD=POST WRK_BODY="$report_body" WRK_KEY=$staff wrk -t1 -c16 -d5s -s bench/report.lua "http://127.0.0.1:$port/api/v1/anomaly-reports" > /dev/null
    WRK_METHOD=POST WRK_BODY="$note_body" wrk -t1 -c16 -d5s -s bench/report.lua "http://127.0.0.1:$((port - 1))/insert" > /dev/null
    for conns in $all_connections; do
      for round in $(seq 1 "$rounds"); do
        echo "   $db, $conns connection(s), round $round of $rounds (load average $(loadavg))"
        measure baseline "$db" "$conns" "$round" "$baseline_pid" "http://127.0.0.1:$((port - 1))/insert" POST "$note_body" "" >> "$work/load.jsonl"
        measure appends "$db" "$conns" "$round" "$sonae_pid" "$one" POST "$note_body" "$key" >> "$work/load.jsonl"
        measure spread "$db" "$conns" "$round" "$sonae_pid" "http://127.0.0.1:$port" POST "$note_body" "$key" "$work/paths-$db.txt" >> "$work/load.jsonl"
        measure reports "$db" "$conns" "$round" "$sonae_pid" "http://127.0.0.1:$port/api/v1/anomaly-reports" POST "$report_body" "$staff" >> "$work/load.jsonl"
      done
    done
    stop_servers
    verified+="$db: $(cd "$work" && dotnet "$sonae" verify --lang en "${sonae_args[@]}" | tail -n 1) "
  done
  {
    echo ""
    echo "## 1. Load over HTTP: appends and anomaly reports against a raw durable insert"
    echo ""
    python3 bench/load_table.py "$work/load.jsonl" "$rounds" "$duration"
    echo ""
    echo "After the load (\`sonae verify\`): $verified"
  } | tee -a "$results_file"
  [ "$(type -t stop_postgres)" = function ] && stop_postgres
  pg_url=""
}

# One line of a table of whole-process runs: the label, then three runs of the command given, each timed from start
# to exit, with the processor time it took (user + system: what the machine's other work does not change much), its
# peak memory (/usr/bin/time) and the machine's 1-minute load average as it started.
#   timed LABEL OUTPUT COMMAND... (the command's standard output goes to OUTPUT)
#   -> "| label | s, s, s | cpu s, cpu s, cpu s | MB, MB, MB | load, load, load |"
timed() {
  local label=$1 out=$2 times=() cpus=() peaks=() loads=() start end run
  shift 2
  for run in 1 2 3; do
    loads+=("$(cut -d' ' -f1 /proc/loadavg)")
    start=$(date +%s.%N)
    ( cd "$work" && /usr/bin/time -f "%M %U %S" -o "$work/timed.rss" "$@" > "$out" 2> "$out.err" )
    end=$(date +%s.%N)
    times+=("$(python3 -c "print(f'{$end - $start:.2f}')")")
    read -r rss user system < <(tail -n 1 "$work/timed.rss")
    cpus+=("$(python3 -c "print(f'{$user + $system:.2f}')")")
    peaks+=("$(( rss / 1024 ))")
  done
  echo "| $label | $(joined "${times[@]}") | $(joined "${cpus[@]}") | $(joined "${peaks[@]}") | $(joined "${loads[@]}") |"
}
joined() { local first=$1; shift; printf '%s' "$first"; printf ', %s' "$@"; }
middle() { python3 -c "import statistics, sys; print(statistics.median(float(t) for t in sys.argv[1].split('|')[2].split(',')))" "$1"; } # a timed line's median

part2() {
  echo "2. sonae verify and sonae export at 100,000 and 1,000,000 events (seeding first: about four minutes)"
  command -v sqlite3 >/dev/null || { echo "sqlite3 is missing (the plain dump export is compared with): apt-get install sqlite3"; exit 1; }
  # 100,000 events in one incident; 1,000,000 in eleven (ten of 90,000 and one of 100,000); 1,000,000 in one. Each
  # event has its audit entry, chained as the server chains them.
  dotnet "$bench" seed --db "$work/small.db" --incidents 0 --events-per-incident 0 --big-incident 100000 > "$work/seed-small.txt" 2> /dev/null
  dotnet "$bench" seed --db "$work/big.db" --incidents 10 --events-per-incident 90000 --big-incident 100000 > "$work/seed.txt" 2> /dev/null
  dotnet "$bench" seed --db "$work/long.db" --incidents 0 --events-per-incident 0 --big-incident 1000000 > "$work/seed-long.txt" 2> /dev/null
  local small long verify_small verify_big dump_small export_small dump_long export_long summary audit same_small same_long
  small=$(sed -n 's/^incident=//p' "$work/seed-small.txt" | tr '[:lower:]' '[:upper:]')
  long=$(sed -n 's/^incident=//p' "$work/seed-long.txt" | tr '[:lower:]' '[:upper:]')
  verify_small=$(timed "\`sonae verify\`: 100,000 events (1 incident) + 100,000 audit entries" "$work/verify-small.txt" \
    dotnet "$sonae" verify --lang en --Sonae:Storage:SqlitePath="$work/small.db")
  verify_big=$(timed "\`sonae verify\`: 1,000,000 events (11 incidents) + 1,000,000 audit entries" "$work/verify-big.txt" \
    dotnet "$sonae" verify --lang en --Sonae:Storage:SqlitePath="$work/big.db")
  # The baseline: the same rows, in the same order, written out by SQLite's own shell.
  dump_small=$(timed "baseline: \`sqlite3\` dump of the same 100,000 texts" "$work/dump-small.jsonl" \
    sqlite3 "$work/small.db" "SELECT Body FROM IncidentEvents WHERE IncidentId = '$small' ORDER BY Seq")
  export_small=$(timed "\`sonae export\` of the 100,000-event incident" "$work/export-small.jsonl" \
    dotnet "$sonae" export --incident 1 --lang en --Sonae:Storage:SqlitePath="$work/small.db")
  dump_long=$(timed "baseline: \`sqlite3\` dump of the same 1,000,000 texts" "$work/dump-long.jsonl" \
    sqlite3 "$work/long.db" "SELECT Body FROM IncidentEvents WHERE IncidentId = '$long' ORDER BY Seq")
  export_long=$(timed "\`sonae export\` of a 1,000,000-event incident" "$work/export-long.jsonl" \
    dotnet "$sonae" export --incident 1 --lang en --Sonae:Storage:SqlitePath="$work/long.db")
  cmp -s "$work/dump-small.jsonl" "$work/export-small.jsonl" && same_small=yes || same_small=NO
  cmp -s "$work/dump-long.jsonl" "$work/export-long.jsonl" && same_long=yes || same_long=NO
  summary=$(grep -m1 "incident(s)" "$work/verify-big.txt")
  audit=$(tail -n 1 "$work/verify-big.txt")
  {
    echo ""
    echo "## 2. \`sonae verify\` and \`sonae export\` (goals: verify 1,000,000 events with their audit entries in < 3 s and < 200 MB; export near a plain dump)"
    echo ""
    echo "| run (whole process, start to exit) | seconds | processor seconds (user + system) | peak memory (MB) | load average (1 min) at start |"
    echo "|---|---|---|---|---|"
    echo "$verify_small"
    echo "$verify_big"
    echo "$dump_small"
    echo "$export_small"
    echo "$dump_long"
    echo "$export_long"
    echo ""
    echo "Export to plain dump, medians: 100,000 events **$(python3 -c "print(f'{$(middle "$export_small") / $(middle "$dump_small"):.1f}')")×**, 1,000,000 events **$(python3 -c "print(f'{$(middle "$export_long") / $(middle "$dump_long"):.1f}')")×**; the export is the dump byte for byte: $same_small, $same_long. 1,000,000 events: $summary $audit"
  } | tee -a "$results_file"
}

part3() {
  echo "3. incident API on an incident with 100,000 events"
  [ -f "$work/big.db" ] || dotnet "$bench" seed --db "$work/big.db" --incidents 0 --events-per-incident 0 --big-incident 100000 > "$work/seed.txt"
  local key big state page
  key=$(sed -n 's/^key=//p' "$work/seed.txt"); big=$(sed -n 's/^incident=//p' "$work/seed.txt")
  serve 5103 "$work/big.db"
  warm "http://127.0.0.1:5103/api/v1/incidents/$big" GET "" "$key"
  state=$(load "http://127.0.0.1:5103/api/v1/incidents/$big" GET "" "$key" 4)
  page=$(load "http://127.0.0.1:5103/api/v1/incidents/$big/events" GET "" "$key" 4)
  stop_servers
  {
    echo ""
    echo "## 3. An incident with 100,000 events (4 connections)"
    echo ""
    echo "| request | req/s | p50 | p95 | p99 | non-2xx |"
    echo "|---|---|---|---|---|---|"
    row "GET /api/v1/incidents/{id} (state, every step)" "$state"
    row "GET /api/v1/incidents/{id}/events (latest page of 100)" "$page"
  } | tee -a "$results_file"
}

part4() {
  echo "4. the emergency binder of a hospital of 500 people and 2,000 assets, against an empty hospital's"
  dotnet "$bench" large-hospital --out "$work/large" --people 500 --assets 2000
  ( cd "$work" && dotnet "$sonae" org add "空の病院" --Sonae:Storage:SqlitePath="$work/empty.db" > empty-keys.txt )
  ( cd "$work" && dotnet "$sonae" org add "大規模病院" --Sonae:Storage:SqlitePath="$work/large.db" > large-keys.txt )
  local key section empty_times=() large_times=() warm_empty warm_large start end
  key=$(awk '$1 == "security-officer" { print $2 }' "$work/large-keys.txt")
  serve 5104 "$work/large.db"
  for section in people parties network inventory; do
    curl -sf -X PUT "http://127.0.0.1:5104/api/v1/preparedness/$section" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
      --data-binary "@$work/large/$section.json" > /dev/null
  done
  # Warm: the running server, with its browser started, serving the PDF (the second request on).
  curl -sf -o /dev/null "http://127.0.0.1:5104/binder.pdf" -H "Authorization: Bearer $key"
  warm_large=$(for run in 1 2 3; do curl -sf -o "$work/large.pdf" -w '%{time_total}\n' "http://127.0.0.1:5104/binder.pdf" -H "Authorization: Bearer $key"; done | sort -n | sed -n 2p)
  stop_servers
  serve 5105 "$work/empty.db"
  key=$(awk '$1 == "security-officer" { print $2 }' "$work/empty-keys.txt")
  curl -sf -o /dev/null "http://127.0.0.1:5105/binder.pdf" -H "Authorization: Bearer $key"
  warm_empty=$(for run in 1 2 3; do curl -sf -o "$work/empty.pdf" -w '%{time_total}\n' "http://127.0.0.1:5105/binder.pdf" -H "Authorization: Bearer $key"; done | sort -n | sed -n 2p)
  stop_servers
  # Cold: `sonae binder --out` as a weekly job runs it, whole process (start, database, Chromium, PDF, exit).
  for run in 1 2 3; do
    for which in empty large; do
      start=$(date +%s.%N)
      ( cd "$work" && dotnet "$sonae" binder --out "$work/cli-$which.pdf" --url http://sonae.hospital.test:5000 --lang en --Sonae:Storage:SqlitePath="$work/$which.db" > /dev/null )
      end=$(date +%s.%N)
      if [ "$which" = empty ]; then empty_times+=("$(python3 -c "print(f'{$end - $start:.2f}')")"); else large_times+=("$(python3 -c "print(f'{$end - $start:.2f}')")"); fi
    done
  done
  local pages_large pages_empty
  pages_large=$(pdfinfo "$work/cli-large.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
  pages_empty=$(pdfinfo "$work/cli-empty.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
  {
    echo ""
    echo "## 4. The emergency binder (goal: under 5 s for 500 people and 2,000 assets)"
    echo ""
    echo "| binder | pages | \`sonae binder --out\` (whole process, s) | GET /binder.pdf on a running server (median of 3, s) |"
    echo "|---|---|---|---|"
    echo "| empty hospital (baseline) | ${pages_empty:-?} | ${empty_times[*]} | $warm_empty |"
    echo "| 500 people, 60 parties, 2,000 assets (200 listed), 12 segments, 10 lines | ${pages_large:-?} | ${large_times[*]} | $warm_large |"
    echo ""
    echo "Ratio, large to empty (running server): $(python3 -c "print(f'{$warm_large / $warm_empty:.2f}')")."
  } | tee -a "$results_file"
}

part5() {
  echo "5. the pages: home and workspace at 10 to 1,000,000 events, ten open incidents, 50,000 past incidents (seeding first)"
  # Each hospital in a database of its own, so that nothing one reads is another's: (name, seed options).
  local hospitals=(
    "empty|--incidents 0 --big-incident 0"
    "one10|--incidents 0 --big-incident 10"
    "one10k|--incidents 0 --big-incident 10000"
    "one100k|--incidents 0 --big-incident 100000"
    "one1m|--incidents 0 --big-incident 1000000"
    "ten10|--incidents 10 --events-per-incident 10 --big-incident 0"
    "ten100k|--incidents 10 --events-per-incident 100000 --big-incident 0"
    "past|--incidents 0 --big-incident 0 --past-incidents 50000"
  )
  local port=${BENCH_PAGES_PORT:-5111} entry name options
  declare -A ports keys numbers
  for entry in "${hospitals[@]}"; do
    name=${entry%%|*}; options=${entry#*|}
    # shellcheck disable=SC2086
    dotnet "$bench" seed --db "$work/pages-$name.db" $options > "$work/pages-$name.txt"
    keys[$name]=$(sed -n 's/^key=//p' "$work/pages-$name.txt"); numbers[$name]=$(sed -n 's/^number=//p' "$work/pages-$name.txt")
    ports[$name]=$port
    serve "$port" "$work/pages-$name.db"
    port=$((port + 1))
  done
  # (label, hospital, page): the first of each group is its baseline.
  local loads=(
    "home: an empty hospital (baseline)|empty|/"
    "home: one open incident of 10 events|one10|/"
    "home: one open incident of 10,000 events|one10k|/"
    "home: one open incident of 100,000 events|one100k|/"
    "home: one open incident of 1,000,000 events|one1m|/"
    "home: ten open incidents of 10 events|ten10|/"
    "home: ten open incidents of 100,000 events|ten100k|/"
    "home: 50,000 past incidents, none open|past|/"
    "workspace: an incident of 10 events (baseline)|one10|/incidents/N"
    "workspace: an incident of 10,000 events|one10k|/incidents/N"
    "workspace: an incident of 100,000 events|one100k|/incidents/N"
    "workspace: an incident of 1,000,000 events|one1m|/incidents/N"
  )
  local i label hospital page url
  local urls=()
  for i in "${!loads[@]}"; do
    IFS='|' read -r label hospital page <<< "${loads[$i]}"
    url="http://127.0.0.1:${ports[$hospital]}${page/N/${numbers[$hospital]}}"
    urls[$i]=$url
    warm "$url" GET "" "${keys[$hospital]}"
    : > "$work/pages-load-$i.jsonl"
  done
  local round
  for round in $(seq 1 "$rounds"); do
    echo "   round $round of $rounds ($(cut -d' ' -f1-3 /proc/loadavg))"
    for i in "${!loads[@]}"; do
      IFS='|' read -r label hospital page <<< "${loads[$i]}"
      # A page slower than wrk's 2 s would count as a timeout, not a latency: waited for up to 60 s.
      WRK_METHOD=GET WRK_BODY="" WRK_KEY="${keys[$hospital]}" wrk -t1 -c4 -d"$duration" --timeout 60s -s bench/report.lua "${urls[$i]}" | tail -n 1 >> "$work/pages-load-$i.jsonl"
    done
  done
  stop_servers
  local result base50="" base95=""
  {
    echo ""
    echo "## 5. The pages (4 connections; goals: home within 1.5× of an empty hospital's, workspace p95 < 100 ms)"
    echo ""
    echo "| page | req/s | p50 | p95 | p99 | non-2xx | p50, p95 to its baseline |"
    echo "|---|---|---|---|---|---|---|"
    for i in "${!loads[@]}"; do
      IFS='|' read -r label hospital page <<< "${loads[$i]}"
      result=$(median < "$work/pages-load-$i.jsonl")
      [[ $label == *"(baseline)"* ]] && { base50=$(field "$result" p50); base95=$(field "$result" p95); }
      echo "$(row "$label" "$result") $(python3 -c "print(f'{$(field "$result" p50) / $base50:.2f}, {$(field "$result" p95) / $base95:.2f}')") |"
    done
    echo ""
    echo "Medians of $rounds rounds of $duration per page, the pages taking turns in each round; signed in with an API key of every role (the home shows everything). Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  } | tee -a "$results_file"
}

part6() {
  echo "6. appends with 0, 2 and 20 open workspaces of the incident (and 5 s after they were closed)"
  [ -x /usr/bin/chromium ] || { echo "part 6 needs Chromium at /usr/bin/chromium"; exit 1; }
  # Its many steps (a server, a browser, two loads) each stop the run when they fail: say which.
  trap 'echo "part 6 stopped at line $LINENO: $BASH_COMMAND; the server said:" >&2; tail -n 30 "$work/sonae-$port.log" >&2' ERR
  local port=${BENCH_WORKSPACES_PORT:-5106} db="$work/workspaces.db" key server pages
  ( cd "$work" && dotnet "$sonae" org add "閲覧負荷病院" --Sonae:Storage:SqlitePath="$db" > workspaces-keys.txt )
  key=$(awk '$1 == "security-officer" { print $2 }' "$work/workspaces-keys.txt")
  local note_body='{"text":"負荷試験のメモ: 電子カルテ端末の状態を確認し、ログを保全した。"}'
  measure_appends() { measure appends sqlite "$connections" "$round" "$2" "$1" POST "$note_body" "$key"; } # url server-pid
  for round in $(seq 1 "$rounds"); do
    for pages in 0 2 20; do
      echo "   round $round of $rounds: $pages open workspaces"
      # A server and an incident of its own for each measure: pages closed in one measure must not cost in the next.
      serve "$port" "$db"; server=${pids[-1]}
      local made number id
      made=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/incidents" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"title":"閲覧負荷","source":"alert"}')
      id=$(field "$made" incidentId); number=$(field "$made" number)
      local url="http://127.0.0.1:$port/api/v1/incidents/$id/notes"
      # Warm at full load, twice, so that the first measure does not pay for the JIT's second tier.
      load "$url" POST "$note_body" "$key" > /dev/null
      load "$url" POST "$note_body" "$key" > /dev/null
      if [ "$pages" -gt 0 ]; then
        dotnet "$bench" workspaces --url "http://127.0.0.1:$port" --key "$key" --incident "$number" --pages "$pages" > "$work/pages-$pages.txt" 2>&1 &
        local viewer=$!
        for _ in $(seq 1 600); do grep -q '^open' "$work/pages-$pages.txt" && break; kill -0 "$viewer" 2>/dev/null || break; sleep 0.2; done
        grep -q '^open' "$work/pages-$pages.txt" || { cat "$work/pages-$pages.txt"; echo "the workspaces did not open"; exit 1; }
        sleep 2
      fi
      measure_appends "$url" "$server" >> "$work/workspaces-$pages.jsonl"
      if [ "$pages" -gt 0 ]; then
        sleep 1
        local last
        last=$(curl -sf --max-time 30 "http://127.0.0.1:$port/api/v1/incidents/$id" -H "Authorization: Bearer $key" | python3 -c 'import json,sys; print(json.load(sys.stdin)["lastSeq"])' || echo "?")
        kill -0 "$viewer" 2>/dev/null || { cat "$work/pages-$pages.txt"; echo "the workspaces' browser stopped during the measure"; exit 1; }
        kill -TERM "$viewer"; wait "$viewer" || true
        python3 -c '
import re, sys
lines = [l for l in open(sys.argv[1]) if l.startswith("page last-seq=")]
seqs = [int(re.search(r"last-seq=(\d+)", l).group(1)) for l in lines]
shown = [int(re.search(r"changes-shown=(\d+)", l).group(1)) for l in lines]
print(f"- round {sys.argv[2]}, {sys.argv[3]} pages ({len(lines)} answered): each showed {min(shown)}–{max(shown)} changes during the measure; the last event they show: {min(seqs)}–{max(seqs)}, of the incident'"'"'s {sys.argv[4]}")
' "$work/pages-$pages.txt" "$round" "$pages" "$last" | tee -a "$work/workspaces-pages.txt"
      fi
      # The same measure again 5 s later: after the pages were closed, or with none (the machine's noise between two measures).
      sleep 5
      measure_appends "$url" "$server" >> "$work/workspaces-$pages-closed.jsonl"
      # The next measure's server takes the same port: this one must be gone first (it may take a while to stop).
      stop_servers; wait "$server" 2>/dev/null || true
    done
  done
  workspace_row() { # jsonl label -> one row of the table
    local m; m=$(median < "$1")
    local cpus; cpus=$(python3 -c "import json,sys; print(', '.join(str(json.loads(l)['cpu']) for l in open(sys.argv[1]) if l.strip()))" "$1")
    local loads; loads=$(python3 -c "import json,sys; print(', '.join(str(json.loads(l)['load']) for l in open(sys.argv[1]) if l.strip()))" "$1")
    local cpu_median; cpu_median=$(python3 -c "import json,statistics,sys; print(round(statistics.median(json.loads(l)['cpu'] for l in open(sys.argv[1]) if l.strip()), 2))" "$1")
    echo "| $2 | $(field "$m" rps) | $(field "$m" p99) | $cpu_median ($cpus) | $loads |"
  }
  {
    echo ""
    echo "## 6. Appends with open workspaces (notes on the incident the pages show, $connections connections)"
    echo ""
    echo "| open workspaces of the incident | req/s | p99 | server CPU ms per append: median (each round) | load average (each round) |"
    echo "|---|---|---|---|---|"
    workspace_row "$work/workspaces-0.jsonl" "none"
    workspace_row "$work/workspaces-0-closed.jsonl" "none, measured again 5 s later"
    workspace_row "$work/workspaces-2.jsonl" "2"
    workspace_row "$work/workspaces-2-closed.jsonl" "2, 5 s after they were closed"
    workspace_row "$work/workspaces-20.jsonl" "20"
    workspace_row "$work/workspaces-20-closed.jsonl" "20, 5 s after they were closed"
    echo ""
    echo "Medians of $rounds rounds of $duration each; each measure on a fresh server and incident. The pages run in headless Chromium on the same cores (their CPU is not the server's). What the pages showed (their \`data-last-seq\` changes, read when they were closed):"
    echo ""
    cat "$work/workspaces-pages.txt"
  } | tee -a "$results_file"
}

part7() {
  local databases=${BENCH_DATABASES:-"sqlite postgres"} people=${BENCH_ACK_PEOPLE:-5000} concurrency=${BENCH_ACK_CONCURRENCY:-64}
  echo "7. acknowledgements: $people staff acknowledging one notice through their links, $concurrency at a time, on $databases"
  : > "$work/acks.jsonl"
  local db port sonae_args baseline_args key round
  for db in $databases; do
    for round in $(seq 1 "$rounds"); do
      if [ "$db" = postgres ]; then
        start_postgres
        sonae_args=(--Sonae:Storage:Provider=Postgres "--Sonae:Storage:ConnectionString=$pg_url;Database=sonae_acks_$round")
        baseline_args=(--postgres "$pg_url;Database=postgres")
      else
        sonae_args=("--Sonae:Storage:SqlitePath=$work/acks-$round.db")
        baseline_args=(--db "$work/acks-baseline-$round.db")
      fi
      port=$([ "$db" = postgres ] && echo 5132 || echo 5122)
      dotnet "$bench" baseline --urls http://127.0.0.1:$((port - 1)) "${baseline_args[@]}" & pids+=($!)
      wait_up "http://127.0.0.1:$((port - 1))"
      ( cd "$work" && dotnet "$sonae" org add "確認負荷試験病院 $round" "${sonae_args[@]}" > "ack-keys-$db-$round.txt" )
      key=$(awk '$1 == "security-officer" { print $2 }' "$work/ack-keys-$db-$round.txt")
      ( cd "$work" && exec dotnet "$sonae" --urls "http://127.0.0.1:$port" "${sonae_args[@]}" > "sonae-acks-$port.log" 2>&1 ) & pids+=($!)
      wait_up "http://127.0.0.1:$port"
      echo "   $db, round $round of $rounds (load average $(loadavg))"
      dotnet "$bench" acknowledgements --url "http://127.0.0.1:$port" --key "$key" --people "$people" --concurrency "$concurrency" \
        --baseline "http://127.0.0.1:$((port - 1))" | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); r["db"]=sys.argv[1]; r["load"]=sys.argv[2]; print(json.dumps(r))' "$db" "$(loadavg)" >> "$work/acks.jsonl"
      stop_servers
    done
  done
  {
    echo ""
    echo "## 7. Acknowledgements: $people staff acknowledging one notice through their personal links ($concurrency at a time)"
    echo ""
    echo "| database | all accepted in (s) | p50 | p95 | p99 | max | errors | acknowledged (server's count) | baseline: same burst of raw inserts (s) | baseline p99 | load |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    python3 -c '
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    r["acked"] = str(r["acknowledged"]) + " of " + str(r["people"])
    keys = ("db", "seconds", "p50", "p95", "p99", "max", "errors", "acked", "baselineSeconds", "baselineP99", "load")
    print("| " + " | ".join(str(r[k]) for k in keys) + " |")' "$work/acks.jsonl"
    echo ""
    echo "Each round on a fresh server and database: the people record of $people staff saved, one stop-use notice sent to everyone, every link posted once (\`POST /api/v1/acknowledgements/{token}\`). Goal: all accepted within 10 s, none lost, p99 under 200 ms."
  } | tee -a "$results_file"
  [ "$(type -t stop_postgres)" = function ] && stop_postgres
  pg_url=""
}

part8() {
  local databases=${BENCH_DATABASES:-"sqlite postgres"} sources=${BENCH_ALERT_SOURCES:-10} per_minute=${BENCH_ALERTS_PER_MINUTE:-1000} minutes=${BENCH_ALERT_MINUTES:-5}
  echo "8. alerts: $per_minute alerts a minute from $sources monitoring sources for $minutes minutes, on $databases"
  : > "$work/alerts.jsonl"
  local db port sonae_args baseline_args key round
  for db in $databases; do
    for round in $(seq 1 "$rounds"); do
      if [ "$db" = postgres ]; then
        start_postgres
        sonae_args=(--Sonae:Storage:Provider=Postgres "--Sonae:Storage:ConnectionString=$pg_url;Database=sonae_alerts_$round")
        baseline_args=(--postgres "$pg_url;Database=postgres")
      else
        sonae_args=("--Sonae:Storage:SqlitePath=$work/alerts-$round.db")
        baseline_args=(--db "$work/alerts-baseline-$round.db")
      fi
      port=$([ "$db" = postgres ] && echo 5142 || echo 5152)
      dotnet "$bench" baseline --urls http://127.0.0.1:$((port - 1)) "${baseline_args[@]}" & pids+=($!)
      wait_up "http://127.0.0.1:$((port - 1))"
      ( cd "$work" && dotnet "$sonae" org add "監視負荷試験病院 $round" "${sonae_args[@]}" > "alert-keys-$db-$round.txt" )
      key=$(awk '$1 == "security-officer" { print $2 }' "$work/alert-keys-$db-$round.txt")
      ( cd "$work" && exec dotnet "$sonae" --urls "http://127.0.0.1:$port" "${sonae_args[@]}" > "sonae-alerts-$port.log" 2>&1 ) & pids+=($!)
      wait_up "http://127.0.0.1:$port"
      echo "   $db, round $round of $rounds (load average $(loadavg))"
      dotnet "$bench" alerts --url "http://127.0.0.1:$port" --key "$key" --sources "$sources" --per-minute "$per_minute" --minutes "$minutes" \
        --baseline "http://127.0.0.1:$((port - 1))" | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); r["db"]=sys.argv[1]; r["load"]=sys.argv[2]; print(json.dumps(r))' "$db" "$(loadavg)" >> "$work/alerts.jsonl" \
        || echo "   (the goal was not met this round: see the table)"
      stop_servers
    done
  done
  {
    echo ""
    echo "## 8. Monitoring alerts: $per_minute a minute from $sources sources for $minutes minutes"
    echo ""
    echo "| database | sent | accepted | errors | counted by the server | incidents opened | p50 | p95 | p99 | max | baseline p99 (raw insert, same schedule) | load |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    python3 -c '
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    keys = ("db", "sent", "accepted", "errors", "counted", "incidents", "p50", "p95", "p99", "max", "baselineP99", "load")
    print("| " + " | ".join(str(r[k]) for k in keys) + " |")' "$work/alerts.jsonl"
    echo ""
    echo "Each round on a fresh server and database: $sources sources (Alertmanager, Zabbix and generic in turn), each alert posted at its time on a fixed schedule whatever the answers before it (open loop), 25 groups on 50 hosts per source, every seventh alert resolved. Goal: every alert accepted and counted (none lost), p99 under 100 ms."
  } | tee -a "$results_file"
  [ "$(type -t stop_postgres)" = function ] && stop_postgres
  pg_url=""
}

# Seconds from starting a published executable to its first 200 from /health, then stops it.
cold_start() { # port log executable [args] -> seconds
  local port=$1 log=$2 start pid; shift 2
  start=$(date +%s.%N)
  "$@" --urls "http://127.0.0.1:$port" > "$log" 2>&1 & pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do
    kill -0 "$pid" 2>/dev/null || { echo "$1 exited before answering /health:" >&2; tail -n 20 "$log" >&2; exit 1; }
    sleep 0.01
  done
  python3 -c 'import sys, time; print(round(time.time() - float(sys.argv[1]), 3))' "$start"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

part9() {
  local runs=${BENCH_COLD_RUNS:-9} rid i sonae_s bare_s
  rid="linux-$(case "$(uname -m)" in aarch64) echo arm64 ;; *) echo x64 ;; esac)"
  echo "9. the single file ($rid): size, and cold start to /health on an existing database against a bare app, $runs runs each"
  ./publish.sh "$rid" > /dev/null
  dotnet publish bench/Bare/Bare.csproj -c Release -r "$rid" -p:PublishSingleFile=true -o "$work/bare" -nologo -v quiet -clp:ErrorsOnly
  local file="$root/publish/$rid/sonae" size bare_size
  size=$(du -m "$file" | cut -f1); bare_size=$(du -m "$work/bare/bare" | cut -f1)
  mkdir -p "$work/cold"
  # An existing database with one hospital; the first start of each also unpacks the file (not counted).
  export DOTNET_BUNDLE_EXTRACT_BASE_DIR="$work/extract"
  ( cd "$work/cold" && "$file" org add "起動試験病院" > /dev/null )
  ( cd "$work/cold" && cold_start 5191 "$work/cold.log" "$file" > /dev/null )
  cold_start 5192 "$work/bare.log" "$work/bare/bare" > /dev/null
  : > "$work/cold.jsonl"
  for i in $(seq 1 "$runs"); do
    sonae_s=$(cd "$work/cold" && cold_start 5191 "$work/cold.log" "$file")
    bare_s=$(cold_start 5192 "$work/bare.log" "$work/bare/bare")
    echo "{\"sonae\": $sonae_s, \"bare\": $bare_s, \"load\": $(loadavg)}" >> "$work/cold.jsonl"
    echo "   run $i: sonae ${sonae_s}s, bare ${bare_s}s (load average $(loadavg))"
  done
  unset DOTNET_BUNDLE_EXTRACT_BASE_DIR
  {
    echo ""
    echo "## 9. The single file: size and cold start"
    echo ""
    echo "| file | size (MB) | cold start to /health, median (s) | min | max |"
    echo "|---|---|---|---|---|"
    python3 -c '
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
for name, size in (("sonae", sys.argv[2]), ("bare", sys.argv[3])):
    t = [r[name] for r in runs]
    print(f"| {name} | {size} | {statistics.median(t):.3f} | {min(t):.3f} | {max(t):.3f} |")
ratios = [r["sonae"] / r["bare"] for r in runs]
load = statistics.median(r["load"] for r in runs)
print()
print(f"Ratio sonae/bare: {statistics.median(ratios):.2f} (median of {len(runs)} pairs; min {min(ratios):.2f}, max {max(ratios):.2f}); load average {load}.")' "$work/cold.jsonl" "$size" "$bare_size"
    echo ""
    echo "Each run a new process on an existing SQLite database with one hospital (migrations applied), already unpacked (DOTNET_BUNDLE_EXTRACT_BASE_DIR), timed from exec to the first 200 from /health; sonae and the bare app (bench/Bare, published the same way) alternate. Goal: sonae ≤ 1.5 s."
  } | tee -a "$results_file"
}

# BENCH_CLUSTER_SERVER_CPU (off by default; e.g. 0.35) puts each Sonae server of part 10 in a cgroup of its own capped at that share of one
# core (cgroup v1 cpu controller, as root): the servers, not PostgreSQL, nginx and wrk on the same two cores, are then
# the limit, as they are when each server has a machine of its own; the ratios show whether servers add throughput.
server_cpu=${BENCH_CLUSTER_SERVER_CPU:-}
# Checked before any part runs: a cap that cannot be set must not be found after half an hour, nor with a cluster up.
check_cgroup() {
  [ -n "$server_cpu" ] || return 0
  [ -w /sys/fs/cgroup/cpu ] || { echo "BENCH_CLUSTER_SERVER_CPU needs the cgroup v1 cpu controller at /sys/fs/cgroup/cpu, writable (root)" >&2; exit 1; }
}
cap_servers() {
  [ -n "$server_cpu" ] || return 0
  local quota; quota=$(python3 -c "print(int(float('$server_cpu') * 100000))")
  for pidfile in "$work"/cluster/run/sonae-*.pid; do
    local group; group=/sys/fs/cgroup/cpu/sonae-bench-$(basename "$pidfile" .pid)
    mkdir -p "$group"
    echo 100000 > "$group/cpu.cfs_period_us"
    echo "$quota" > "$group/cpu.cfs_quota_us"
    cat "$pidfile" > "$group/cgroup.procs"
  done
}
uncap_servers() {
  [ -n "$server_cpu" ] || return 0
  for group in /sys/fs/cgroup/cpu/sonae-bench-*; do [ -d "$group" ] && rmdir "$group" 2>/dev/null || true; done
}

part10() {
  local counts=${BENCH_CLUSTER_SERVERS:-"1 2 3"} conns=${BENCH_CLUSTER_CONNECTIONS:-32} hospitals=${BENCH_CLUSTER_HOSPITALS:-1} n round key incident note_body
  echo "10. several servers: appends and reads through nginx to $counts Sonae server(s) on one PostgreSQL with a streaming replica, $conns connections"
  note_body='{"text":"負荷試験のメモ: 電子カルテ端末の状態を確認し、ログを保全した。"}'
  : > "$work/cluster.jsonl"
  chmod 0755 "$work"  # the postgres user must reach the cluster's folder
  export CLUSTER_DIR="$work/cluster" CLUSTER_PORT=5480 CLUSTER_PG_PORT=5520 CLUSTER_SERVER_PORT=5531 SONAE_DLL="$sonae" \
    SONAE_ARGS="--Sonae:Limits:ReportsPerMinute=100000000"
  local most=0; for n in $counts; do [ "$n" -gt "$most" ] && most=$n; done
  cluster_up=1
  deploy/cluster.sh start "$most"
  cap_servers
  key=$(awk '$1 == "security-officer" { print $2 }' "$work/cluster/keys.txt")
  # BENCH_CLUSTER_HOSPITALS=8: the 200 incidents spread over that many hospitals (a vendor hosting several), each
  # request with its hospital's key. A hospital's appends share its audit chain, one commit after another on any server.
  local keys=("$key") h
  for h in $(seq 2 "$hospitals"); do
    keys+=("$(cd "$work" && dotnet "$sonae" org add "クラスタ試験病院 $h" --Sonae:Storage:Provider=Postgres \
      "--ConnectionStrings:Sonae=Host=127.0.0.1;Port=5520;Username=postgres;Database=sonae" | awk '$1 == "security-officer" { print $2 }')")
  done
  : > "$work/cluster-notes.txt"; : > "$work/cluster-reads.txt"
  for i in $(seq 1 200); do
    local own=${keys[$(( (i - 1) % hospitals ))]}
    incident=$(curl -sf -X POST "http://127.0.0.1:5480/api/v1/incidents" -H "Authorization: Bearer $own" -H 'Content-Type: application/json' \
      -d "{\"title\":\"負荷試験 $i\",\"source\":\"alert\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["incidentId"])')
    echo "/api/v1/incidents/$incident/notes $own" >> "$work/cluster-notes.txt"
    echo "/api/v1/incidents/$incident $own" >> "$work/cluster-reads.txt"
  done
  # Every server warmed (tiered compilation), through nginx with all of them behind it.
  WRK_METHOD=POST WRK_BODY="$note_body" WRK_KEY=$key WRK_PATHS="$work/cluster-notes.txt" wrk -t1 -c"$conns" -d"$warmup" -s bench/report.lua http://127.0.0.1:5480 > /dev/null
  WRK_KEY=$key WRK_PATHS="$work/cluster-reads.txt" wrk -t1 -c"$conns" -d5s -s bench/report.lua http://127.0.0.1:5480 > /dev/null
  local first; first=$(cat "$work/cluster/run/sonae-5531.pid")
  for round in $(seq 1 "$rounds"); do
    for n in $counts; do
      deploy/cluster.sh use "$n" > /dev/null
      echo "   $n server(s), round $round of $rounds (load average $(loadavg))"
      measure appends "$n" "$conns" "$round" "$first" http://127.0.0.1:5480 POST "$note_body" "$key" "$work/cluster-notes.txt" >> "$work/cluster.jsonl"
      measure reads "$n" "$conns" "$round" "$first" http://127.0.0.1:5480 GET "" "$key" "$work/cluster-reads.txt" >> "$work/cluster.jsonl"
    done
  done
  local verified; verified=$(cd "$work" && dotnet "$sonae" verify --lang en --Sonae:Storage:Provider=Postgres \
    "--ConnectionStrings:Sonae=Host=127.0.0.1;Port=5520;Username=postgres;Database=sonae" | tail -n 1)
  stop_cluster
  {
    echo ""
    echo "## 10. Several servers behind nginx on PostgreSQL: appends and reads with $counts server(s)${server_cpu:+, each server capped at $server_cpu of a core}, $hospitals hospital(s)"
    echo ""
    echo "| servers | appends/s | ratio | p99 | errors | reads/s | ratio | p99 | errors | load |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    python3 -c '
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
def med(name, n, key): return statistics.median(r[key] for r in runs if r["name"] == name and r["db"] == n)
counts = sorted({r["db"] for r in runs}, key=int)
base = {name: med(name, counts[0], "rps") for name in ("appends", "reads")}
for n in counts:
    cells = []
    for name in ("appends", "reads"):
        rps = med(name, n, "rps")
        errors = sum(r["errors"] for r in runs if r["name"] == name and r["db"] == n)
        p99 = med(name, n, "p99")
        cells += [f"{rps:.0f}", f"{rps / base[name]:.2f}x", f"{p99:.1f}", str(errors)]
    load = max(r["load"] for r in runs if r["db"] == n)
    print(f"| {n} | " + " | ".join(cells) + f" | {load} |")' "$work/cluster.jsonl"
    echo ""
    echo "Medians of $rounds alternating rounds, $duration each, wrk with $conns connections through nginx (least_conn) spread over 200 incidents of $hospitals hospital(s); appends are notes, reads the incident's state (from the primary, as every API read). After the load (\`sonae verify\`): $verified"
  } | tee -a "$results_file"
}

case " $parts " in *" 10 "*) check_cgroup ;; esac
for part in $parts; do "part$part"; done
echo ""
echo "written to bench/results/latest.md"
