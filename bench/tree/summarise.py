#!/usr/bin/env python
"""Merge result files of generate_and_measure.py into one SQLite-vs-PostgreSQL markdown table.

    .venv/bin/python bench/tree/summarise.py bench/tree/results/sqlite-scale1.json \\
        bench/tree/results/postgres-scale1.json [more.json ...] > bench/tree/results/summary-scale1.md

Rows are (part, variant, measurement); a later file's row replaces an earlier one for the same
database, so a --reuse --only run can refresh some parts of a full run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(paths: list[str]) -> None:
    cells: dict[tuple[str, str, str], dict[str, str]] = {}
    order: list[tuple[str, str, str]] = []
    for path in paths:
        data = json.loads(Path(path).read_text())
        db = data["args"]["db"]
        for row in data["measurements"]:
            key = (row["group"], row["variant"], row["label"])
            if key not in cells:
                cells[key] = {}
                order.append(key)
            cells[key][db] = f"{row['p50_ms']:,.1f} / {row['p95_ms']:,.1f}"
            cells[key]["result"] = str(row["result"])
    print("| part | variant | measurement | SQLite p50 / p95 ms | PostgreSQL p50 / p95 ms | result |")
    print("|---|---|---|---:|---:|---|")
    for key in sorted(order, key=lambda k: (k[0], k[1] != "app", order.index(k))):
        group, variant, label = key
        row = cells[key]
        sqlite, postgres = row.get("sqlite", "–"), row.get("postgres", "–")
        print(f"| {group} | {variant} | {label} | {sqlite} | {postgres} | {row['result']} |")


if __name__ == "__main__":
    main(sys.argv[1:])
