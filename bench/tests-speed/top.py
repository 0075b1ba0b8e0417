"""Summarise a cputime.py log: totals, by file, the slowest tests (by CPU + database CPU)."""

import json
import sys
from collections import defaultdict

with open(sys.argv[1]) as log:
    rows = [json.loads(line) for line in log]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
if len(sys.argv) > 3:  # only one database's rows: sqlite or postgresql
    rows = [r for r in rows if r.get("vendor") == sys.argv[3]]
cost = lambda r: r["cpu"] + r["db"]  # noqa: E731
print(
    f"{len(rows)} tests; wall {sum(r['wall'] for r in rows):.0f} s, "
    f"cpu {sum(r['cpu'] for r in rows):.0f} s, db {sum(r['db'] for r in rows):.0f} s"
)
files = defaultdict(lambda: [0, 0.0, 0.0])
for r in rows:
    f = files[r["id"].split("::")[0]]
    f[0] += 1
    f[1] += cost(r)
    f[2] += r["wall"]
print("\nby file (cpu+db, wall):")
for name, (count, c, w) in sorted(files.items(), key=lambda kv: -kv[1][1])[:n]:
    print(f"  {c:7.1f} {w:7.1f}  {count:4d}  {name}")
print(f"\nslowest {n} tests (cpu+db, cpu, db, wall):")
for r in sorted(rows, key=lambda r: -cost(r))[:n]:
    print(f"  {cost(r):6.2f} {r['cpu']:6.2f} {r['db']:5.2f} {r['wall']:7.2f}  {r['id']}")
