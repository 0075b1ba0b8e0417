"""From a cputime.py log of a whole run (both databases): CPU per database, and what the
PostgreSQL run would cost with --backend-tests-only (the ids in backend-tests.ids).

    python bench/tests-speed/policy.py run.jsonl bench/tests-speed/backend-tests.ids
"""

import json
import sys
from collections import defaultdict

with open(sys.argv[1]) as log:
    rows = [json.loads(line) for line in log]
with open(sys.argv[2]) as ids:
    backend = {line.strip() for line in ids if line.strip()}
cost = defaultdict(lambda: [0, 0.0, 0.0])
for r in rows:
    c = cost[r.get("vendor", "?")]
    c[0] += 1
    c[1] += r["cpu"]
    c[2] += r["db"]
for vendor, (n, cpu, db) in sorted(cost.items()):
    print(f"{vendor}: {n} tests, pytest cpu {cpu:.0f} s, server cpu {db:.0f} s")
pg = [r for r in rows if r.get("vendor") == "postgresql"]
kept = [r for r in pg if r["id"] in backend]
print(
    f"postgresql, --backend-tests-only: {len(kept)} of {len(pg)} tests, "
    f"pytest cpu {sum(r['cpu'] for r in kept):.0f} s, server cpu {sum(r['db'] for r in kept):.0f} s"
)
