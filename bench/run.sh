#!/usr/bin/env bash
# Sonae's benchmarks. Prints every figure and writes them to bench/results/latest.md.
#   1. Load over HTTP on SQLite: event appends and anomaly reports, against a baseline endpoint that does one
#      raw SQLite insert per request, in the same run, at the same concurrency.
#   2. `sonae verify` over one million events and their audit entries: time and peak memory.
#   3. The incident API (state, and the latest page of events) on an incident with 100,000 events.
#   4. The emergency binder PDF of a 500-person, 2,000-asset hospital, against an empty hospital's.
#   6. Appends with 0, 2 and 20 open workspaces of the incident appended to (headless Chromium), and 5 s after the
#      pages were closed: req/s, p99 and the server's CPU time per append.
# Needs wrk and time (apt-get install wrk time); part 6 needs /usr/bin/chromium. About fifteen minutes on two cores
# (part 6 alone about eight).
#   BENCH_DURATION=10s  length of each load run      BENCH_CONNECTIONS=16  concurrent connections
#   BENCH_ROUNDS=3      alternating rounds of baseline and Sonae (medians are reported)
#   BENCH_PARTS="1 2 3" which parts to run
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
duration=${BENCH_DURATION:-10s}
rounds=${BENCH_ROUNDS:-3}      # the load pairs run in alternating rounds; the report gives each figure's median
connections=${BENCH_CONNECTIONS:-16}
parts=${BENCH_PARTS:-"1 2 3 4 6"}
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

part2() {
  echo "2. sonae verify over 1,000,000 events and their 1,000,000 audit entries (seeding first)"
  dotnet "$bench" seed --db "$work/big.db" --incidents 10 --events-per-incident 90000 --big-incident 100000 > "$work/seed.txt"
  local times=() peaks=() start end summary audit
  for run in 1 2 3; do
    start=$(date +%s.%N)
    ( cd "$work" && /usr/bin/time -f "%M" -o "verify-$run.rss" dotnet "$sonae" verify --lang en --Sonae:Storage:SqlitePath="$work/big.db" > "verify-$run.txt" )
    end=$(date +%s.%N)
    times+=("$(python3 -c "print(f'{$end - $start:.2f}')")")
    peaks+=("$(( $(cat "$work/verify-$run.rss") / 1024 ))")
  done
  summary=$(grep -m1 "incident(s)" "$work/verify-1.txt")
  audit=$(tail -n 1 "$work/verify-1.txt")
  {
    echo ""
    echo "## 2. \`sonae verify\` over one million events with their audit entries"
    echo ""
    echo "Seconds per run (whole process, start to exit): ${times[*]}; peak memory (MB): ${peaks[*]}. $summary $audit (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
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

part6() {
  echo "6. appends with 0, 2 and 20 open workspaces of the incident (and 5 s after they were closed)"
  [ -x /usr/bin/chromium ] || { echo "part 6 needs Chromium at /usr/bin/chromium"; exit 1; }
  # Its many steps (a server, a browser, two loads) each stop the run when they fail: say which.
  trap 'echo "part 6 stopped at line $LINENO: $BASH_COMMAND; the server said:" >&2; tail -n 30 "$work/sonae-$port.log" >&2' ERR
  local port=${BENCH_WORKSPACES_PORT:-5106} db="$work/workspaces.db" key server pages
  ( cd "$work" && dotnet "$sonae" org add "閲覧負荷病院" --Sonae:Storage:SqlitePath="$db" > workspaces-keys.txt )
  key=$(awk '$1 == "security-officer" { print $2 }' "$work/workspaces-keys.txt")
  local note_body='{"text":"負荷試験のメモ: 電子カルテ端末の状態を確認し、ログを保全した。"}'
  local ticks; ticks=$(getconf CLK_TCK)
  cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
  measure() { # url server-pid -> one JSON line: the load's, with the server's CPU ms per append
    local before after line
    before=$(cpu "$2"); line=$(load "$1" POST "$note_body" "$key"); after=$(cpu "$2")
    python3 -c "import json,sys; r=json.loads(sys.argv[1]); r['cpu']=round(($after-$before)*1000/$ticks/max(r['requests'],1),2); r['load']=open('/proc/loadavg').read().split()[0]; print(json.dumps(r))" "$line"
  }
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
      measure "$url" "$server" >> "$work/workspaces-$pages.jsonl"
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
      measure "$url" "$server" >> "$work/workspaces-$pages-closed.jsonl"
      # The next measure's server takes the same port: this one must be gone first (it may take a while to stop).
      stop_servers; wait "$server" 2>/dev/null || true
    done
  done
  workspace_row() { # jsonl label -> one row of the table
    local m; m=$(median < "$1")
    local cpus; cpus=$(python3 -c "import json,sys; print(', '.join(str(json.loads(l)['cpu']) for l in open(sys.argv[1]) if l.strip()))" "$1")
    local loads; loads=$(python3 -c "import json,sys; print(', '.join(json.loads(l)['load'] for l in open(sys.argv[1]) if l.strip()))" "$1")
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

for part in $parts; do "part$part"; done
echo ""
echo "written to bench/results/latest.md"
