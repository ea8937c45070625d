#!/usr/bin/env python3
"""Prints the markdown tables of docs/results/*.md from the run outputs (best.json, results.json, ulira.json).

usage: tables.py tuning TUNED_DIR DEFAULT_BENCH_DIRS TUNED_BENCH_DIRS   (comma-separated bench output dirs)
       tables.py ulira ULIRA_DIR
"""
import json
import os
import sys


def f(v, d=3):
    return "n/a" if v is None else f"{v:.{d}f}"


def hp_text(hp):
    short = {"optimizer.learning_rate": "lr", "optimizer.weight_decay": "wd", "optimizer.momentum": "mom",
             "batch_size": "batch", "num_epochs": "epochs"}
    parts = []
    for k, v in hp.items():
        if k == "optimizer.momentum":
            continue
        parts.append(f"{short.get(k, k)}={v:.3g}" if isinstance(v, float) else f"{short.get(k, k)}={v}")
    return ", ".join(parts)


def tuning(tuned_dir, default_dir, tuned_bench_dir):
    print("| method | trials (failed) | best score (seed, trial) | tuned hyperparameters |")
    print("|---|---|---|---|")
    for m in sorted(os.listdir(tuned_dir)):
        p = os.path.join(tuned_dir, m, "best.json")
        if not os.path.exists(p):
            continue
        b = json.load(open(p))
        failed = sum(s["failed"] for s in b["per_seed"])
        per_seed = ", ".join(str(s["trials"]) for s in b["per_seed"])
        print(f"| {b['method']} | {b['trials']} = {per_seed} ({failed}) | {f(b['score'], 4)} ({b['seed']}, {b['trial']}) | "
              f"{hp_text(b['hyperparameters'])} |")
    print()
    rows = {}
    for label, dirs in (("default", default_dir), ("tuned", tuned_bench_dir)):
        for d in dirs.split(","):
            for r in json.load(open(os.path.join(d, "results.json")))["summary"]:
                rows.setdefault(r["method"], {}).setdefault(label, r)
    for label in ("default", "tuned"):  # rank the methods of all runs together: RetDev asc, then Indisc desc
        ranked = sorted((by[label] for m, by in rows.items() if label in by and m not in ("Original", "Retrain")
                         and by[label]["ret_dev"] is not None),
                        key=lambda r: (r["ret_dev"], -(r["indiscernibility"] or 0)))
        for i, r in enumerate(ranked, 1):
            r["joint_rank"] = i
    print("| method | HPs | RA | FA | TA | RetDev | Indisc | T-MIA | RTE | s | rank |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for m, by in rows.items():
        for label in ("default", "tuned"):
            r = by.get(label)
            if r is None or (label == "tuned" and m in ("Original", "Retrain")):
                continue
            print(f"| {m} | {label if m not in ('Original', 'Retrain') else '-'} | {f(r['retain_accuracy'])} | "
                  f"{f(r['forget_accuracy'])} | {f(r['test_accuracy'])} | {f(r['ret_dev'])} | "
                  f"{f(r['indiscernibility'])} | {f(r['mia'])} | {f(r['rte'], 1)} | {f(r['seconds'], 1)} | "
                  f"{r.get('joint_rank', '-')} |")


def ulira(d):
    u = json.load(open(os.path.join(d, "ulira.json")))
    print("| method | balanced acc. | AUC | TPR@1% FPR | TPR@0.1% FPR | mean P(member) forgotten / never | targets "
          "| parity balanced acc. | parity AUC | s per model |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for m in u["methods"]:
        if m.get("error"):
            print(f"| {m['method']} | failed: {m['error']} |")
            continue
        s, p = m["standard"], m["parity"]
        print(f"| {m['method']} | {f(s['balanced_accuracy'])} | {f(s['auc'])} | {f(s['tpr_at_1pct_fpr'])} | "
              f"{f(s['tpr_at_0.1pct_fpr'])} | {f(s['mean_p_member_forgotten'])} / {f(s['mean_p_member_never'])} | "
              f"{s['targets']} | {f(p['balanced_accuracy'])} | {f(p['auc'])} | {f(m['mean_seconds'], 1)} |")
    lay = u["layout"]
    print(f"\nlayout: pool {lay['pool_size']}, dev {lay['dev_size']}, {lay['splits']} splits x {lay['forget_sets']} "
          f"forget sets; shadow models trained {lay['shadow_models_trained']}, reused {lay['shadow_models_reused']} "
          f"({f(lay['shadow_training_seconds'], 0)} s of training); wall {f(u['wall_seconds'], 0)} s")


if __name__ == "__main__":
    {"tuning": tuning, "ulira": ulira}[sys.argv[1]](*sys.argv[2:])
