"""Write the lines of an events.jsonl before a start instant: the history `vigil train` learns from.

usage: split_history.py EVENTS START OUT

`vigil simulate` writes events in time order and `@timestamp` as RFC 3339 UTC with milliseconds
(2026-11-01T23:59:59.973Z), so the first line at or after START ends the history. The lines are
copied as they are (bytes, not re-encoded JSON).
"""
import json
import sys
from datetime import datetime, timezone


def instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def main(events, start, out):
    start_at = instant(start)
    kept = 0
    with open(events, "rb") as src, open(out, "wb") as dst:
        for line in src:
            if instant(json.loads(line)["@timestamp"]) >= start_at:
                break
            dst.write(line)
            kept += 1
    print(f"history: {kept:,} events before {start} -> {out}")
    if kept == 0:
        sys.exit("split_history: no event before the start: nothing to train on")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
