"""Part 1's table: the median of each load's rounds, its ratio to the baseline of the same database and
connections, and whether it meets its goal. Input: the JSON lines bench/run.sh wrote, one per load run."""
import json
import statistics
import sys
from collections import defaultdict

runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
rounds, duration = sys.argv[2], sys.argv[3]
groups = defaultdict(list)
for run in runs:
    groups[(run["db"], run["connections"], run["name"])].append(run)


def median(db, connections, name, field):
    return statistics.median(r[field] for r in groups[(db, connections, name)])


NAMES = {
    "baseline": "baseline: one raw durable insert per request",
    "appends": "notes on one incident (one chain)",
    "spread": "notes spread over 200 incidents",
    "reports": "anomaly reports (each opens an incident: 4 events)",
}
print("| database | connections | load | req/s | ratio | p50 | p99 | p50 ratio | server CPU ms/req | load average | goal |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for db, connections in sorted({(k[0], k[1]) for k in groups}, key=lambda k: (k[0] != "sqlite", k[1])):
    base_rps = median(db, connections, "baseline", "rps")
    base_p50 = median(db, connections, "baseline", "p50")
    for name in ("baseline", "appends", "spread", "reports"):
        if (db, connections, name) not in groups:
            continue
        rps, p50, p99 = (median(db, connections, name, f) for f in ("rps", "p50", "p99"))
        cpu = median(db, connections, name, "cpu")
        loads = "/".join(f"{r['load']:.1f}" for r in groups[(db, connections, name)])
        errors = sum(r["errors"] for r in groups[(db, connections, name)])
        goal = ""
        if name != "baseline":
            ratio_ok = rps / base_rps >= 0.5
            if connections == 1:
                goal = "met" if p50 / base_p50 <= 2 else f"not met (latency {p50 / base_p50:.1f}× the baseline's; goal 2×)"
            else:
                tail_ok = p99 < 50
                goal = "met" if ratio_ok and tail_ok else "not met (" + ", ".join(
                    ([] if ratio_ok else [f"ratio {rps / base_rps:.2f} < 0.5"]) + ([] if tail_ok else [f"p99 {p99:.0f} ms ≥ 50"])) + ")"
            if errors:
                goal += f"; {errors} non-2xx"
        print(f"| {db} | {connections} | {NAMES[name]} | {rps:,.0f} | {rps / base_rps:.2f} | {p50:.2f} | {p99:.2f} | "
              f"{p50 / base_p50:.1f} | {cpu:.2f} | {loads} | {goal} |")
print()
print(f"Medians of {rounds} alternating rounds of {duration} each (wrk, one thread); ratio: requests per second to the "
      "baseline's on the same database at the same connections; p50 ratio: the median latency to the baseline's. "
      "Goals: at 16 and 64 connections a ratio of at least 0.5 with p99 under 50 ms; at one connection a median "
      "latency within twice the baseline's. Load average: the machine's 1-minute load average after each round.")
