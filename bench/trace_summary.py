#!/usr/bin/env python3
"""Ranks the operators of a PyTorch autograd-profiler Chrome trace (DJL's JniUtils.stopProfile or
torch.autograd.profiler's export_chrome_trace) by self time: each event's duration minus its nested children's
on the same thread. Usage: trace_summary.py TRACE.json STEPS [TOP] -> ms per step per operator."""
import json
import sys
from collections import defaultdict


def self_times(events):
    by_thread = defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and "dur" in e:
            by_thread[e.get("tid")].append(e)
    totals, counts = defaultdict(float), defaultdict(int)
    for evs in by_thread.values():
        evs.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []  # [end, name, child_time]
        for e in evs:
            ts, dur = float(e["ts"]), float(e["dur"])
            while stack and stack[-1][0] <= ts:
                end, name, child, own = stack.pop()
                totals[name] += own - child
            if stack:
                stack[-1][2] += dur
            stack.append([ts + dur, e["name"], 0.0, dur])
            counts[e["name"]] += 1
        while stack:
            end, name, child, own = stack.pop()
            totals[name] += own - child
    return totals, counts


def main(path, steps, top=25):
    with open(path) as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    totals, counts = self_times(events)
    grand = sum(totals.values())
    print(f"{'operator':<48} {'self ms/step':>12} {'calls/step':>10}")
    for name, t in sorted(totals.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{name[:48]:<48} {t / 1e3 / steps:>12.2f} {counts[name] / steps:>10.1f}")
    print(f"{'total':<48} {grand / 1e3 / steps:>12.2f} {sum(counts.values()) / steps:>10.1f}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 25)
