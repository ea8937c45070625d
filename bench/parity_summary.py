#!/usr/bin/env python3
"""Summarises the RESULT lines of bench/engine-parity: per model and phase, each engine's median wall seconds
with the spread (min-max, count), the median process CPU seconds, and the ratios ours/PyTorch. The last line is
the one the issue fixes: ratio_djl_over_pytorch small-cnn=<x> resnet18=<y> (medians of per-epoch wall time)."""
import statistics
import sys
from collections import defaultdict


def parse(path):
    wall, cpu = defaultdict(list), defaultdict(list)
    with open(path) as f:
        for line in f:
            if not line.startswith("RESULT "):
                continue
            kv = dict(p.split("=", 1) for p in line.split()[1:])
            key = (kv["model"], kv["phase"], kv["engine"])
            wall[key].append(float(kv["seconds"]))
            cpu[key].append(float(kv["cpu"]))
    return wall, cpu


def cell(v):
    return f"{statistics.median(v):.3f} ({min(v):.3f}-{max(v):.3f}, {len(v)})"


def main(path):
    wall, cpu = parse(path)
    ratios = {}
    ours = [e for e in ("djl", "djl-baseline", "djl-variant") if any(k[2] == e for k in wall)]
    print(f"{'model':<10} {'phase':<6} {'ours':<13} {'ours wall s: median (min-max, n)':<33} "
          f"{'pytorch wall s':<33} {'ratio':>6}   {'cpu s ours/pt':<14} {'cpu ratio':>9}")
    for model in ("small-cnn", "resnet18"):
        for phase in ("train", "infer"):
            for engine in ours:
                d, p = (model, phase, engine), (model, phase, "pytorch")
                if not wall.get(d) or not wall.get(p):
                    print(f"{model:<10} {phase:<6} {engine:<13} missing results")
                    continue
                ratio = statistics.median(wall[d]) / statistics.median(wall[p])
                if phase == "train" and engine == "djl":
                    ratios[model] = ratio
                cd, cp = statistics.median(cpu[d]), statistics.median(cpu[p])
                print(f"{model:<10} {phase:<6} {engine:<13} {cell(wall[d]):<33} {cell(wall[p]):<33} {ratio:>6.3f}   "
                      f"{f'{cd:.2f}/{cp:.2f}':<14} {cd / cp:>9.3f}")
    print("ratio_djl_over_pytorch " + " ".join(
        f"{m}={ratios[m]:.3f}" if m in ratios else f"{m}=nan" for m in ("small-cnn", "resnet18")))


if __name__ == "__main__":
    main(sys.argv[1])
