#!/usr/bin/env bash
# Sonae's benchmarks. Prints every figure and writes them to bench/results/latest.md.
#   1. Load over HTTP on SQLite: event appends and anomaly reports, against a baseline endpoint that does one
#      raw SQLite insert per request, in the same run, at the same concurrency.
#   2. `sonae verify` and `sonae export` at 100,000 and 1,000,000 events (with their audit entries): time and peak
#      memory of the whole process, export against a plain dump of the same rows by sqlite3.
#   3. The incident API (state, and the latest page of events) on an incident with 100,000 events.
#   4. The emergency binder PDF of a 500-person, 2,000-asset hospital, against an empty hospital's.
# Needs wrk, time and sqlite3 (apt-get install wrk time sqlite3). About ten minutes on two cores.
#   BENCH_DURATION=10s  length of each load run      BENCH_CONNECTIONS=16  concurrent connections
#   BENCH_ROUNDS=3      alternating rounds of baseline and Sonae (medians are reported)
#   BENCH_PARTS="1 2 3" which parts to run
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
duration=${BENCH_DURATION:-10s}
rounds=${BENCH_ROUNDS:-3}      # the load pairs run in alternating rounds; the report gives each figure's median
connections=${BENCH_CONNECTIONS:-16}
parts=${BENCH_PARTS:-"1 2 3 4"}
work=$(mktemp -d /tmp/sonae-bench.XXXXXX)
results="$root/bench/results"
results_file="$results/latest.md"
mkdir -p "$results"
pids=()
stop_servers() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; pids=(); }
trap 'stop_servers; rm -rf "$work"' EXIT

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

part1() {
  echo "1. load: $connections connections, $duration each"
  dotnet "$bench" baseline --urls http://127.0.0.1:5101 --db "$work/baseline.db" & pids+=($!)
  wait_up http://127.0.0.1:5101
  ( cd "$work" && dotnet "$sonae" org add "負荷試験病院" --Sonae:Storage:SqlitePath="$work/sonae.db" > keys.txt )
  local key staff incident note_body report_body baseline appends baseline2 reports
  key=$(awk '$1 == "security-officer" { print $2 }' "$work/keys.txt")
  staff=$(awk '$1 == "staff" { print $2 }' "$work/keys.txt")
  serve 5102 "$work/sonae.db"
  incident=$(curl -sf -X POST http://127.0.0.1:5102/api/v1/incidents -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d '{"title":"負荷試験","source":"alert"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["incidentId"])')
  note_body='{"text":"負荷試験のメモ: 電子カルテ端末の状態を確認し、ログを保全した。"}'
  report_body='{"department":"3階西病棟","location":"ナースステーション","device":"PC-3W-01","signs":["slow-or-frozen"],"description":"画面が固まる"}'
  warm "http://127.0.0.1:5102/api/v1/incidents/$incident/notes" POST "$note_body" "$key"
  warm http://127.0.0.1:5101/insert POST "$note_body" ""
  : > "$work/baseline.jsonl"; : > "$work/appends.jsonl"; : > "$work/baseline2.jsonl"; : > "$work/reports.jsonl"
  for round in $(seq 1 "$rounds"); do
    echo "   round $round of $rounds"
    load http://127.0.0.1:5101/insert POST "$note_body" "" >> "$work/baseline.jsonl"
    load "http://127.0.0.1:5102/api/v1/incidents/$incident/notes" POST "$note_body" "$key" >> "$work/appends.jsonl"
    load http://127.0.0.1:5101/insert POST "$report_body" "" >> "$work/baseline2.jsonl"
    load http://127.0.0.1:5102/api/v1/anomaly-reports POST "$report_body" "$staff" >> "$work/reports.jsonl"
  done
  baseline=$(median < "$work/baseline.jsonl"); appends=$(median < "$work/appends.jsonl")
  baseline2=$(median < "$work/baseline2.jsonl"); reports=$(median < "$work/reports.jsonl")
  local ratio_appends ratio_reports verified
  ratio_appends=$(python3 -c "print(f'{$(field "$appends" rps) / $(field "$baseline" rps):.2f}')")
  ratio_reports=$(python3 -c "print(f'{$(field "$reports" rps) / $(field "$baseline2" rps):.2f}')")
  stop_servers
  verified=$(cd "$work" && dotnet "$sonae" verify --lang en --Sonae:Storage:SqlitePath="$work/sonae.db" | tail -n 1)
  {
    echo ""
    echo "## 1. Load over HTTP on SQLite"
    echo ""
    echo "| load | req/s | p50 | p95 | p99 | non-2xx |"
    echo "|---|---|---|---|---|---|"
    row "baseline: one raw SQLite insert per request (note body)" "$baseline"
    row "event appends: notes on one incident (one chain)" "$appends"
    row "baseline: one raw SQLite insert per request (report body)" "$baseline2"
    row "anomaly reports: each opens an incident (4 events)" "$reports"
    echo ""
    echo "Medians of $rounds alternating rounds of $duration each. Ratio to the baseline: event appends **$ratio_appends**, anomaly reports **$ratio_reports**."
    echo "After the load: $verified"
  } | tee -a "$results_file"
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

for part in $parts; do "part$part"; done
echo ""
echo "written to bench/results/latest.md"
