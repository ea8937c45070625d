#!/usr/bin/env python3
"""PyTorch counterpart of unlearning-core's perf.StepProfile: per-phase CPU time of the calling thread (run with
1 thread so the kernels run on it) and wall time of one training step of the same model, data and SGD.
Usage: step_profile.py DATA_DIR MODEL TRAIN_SIZE BATCH STEPS [TRACE.json] (the trace: autograd profiler, Chrome
format, as StepProfile writes it through DJL)."""
import resource
import sys
import time

import torch
import torch.nn.functional as F

from engine_parity import MODELS, load

PHASES = ["assemble", "forward", "backward", "read", "update", "free"]


def main(data_dir, model_name, n, batch, steps, trace=None):
    torch.set_num_threads(1)
    torch.manual_seed(0)
    x, y = load(data_dir, "train", 32)
    x, y = x[:n], y[:n]
    model = MODELS[model_name]()
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    gen = torch.Generator().manual_seed(7)
    cpu = [0.0] * len(PHASES)
    wall = [0.0] * len(PHASES)
    order = torch.randperm(n, generator=gen)
    pos = 0
    prof = None
    for s in range(-3, steps):
        if s == 0:
            faults = -resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            if trace:
                prof = torch.autograd.profiler.profile()
                prof.__enter__()
        c0, w0 = time.thread_time(), time.perf_counter()
        marks = []

        def lap():
            marks.append((time.thread_time(), time.perf_counter()))

        if pos + batch > n:
            order, pos = torch.randperm(n, generator=gen), 0
        idx = order[pos:pos + batch]
        pos += batch
        xb, yb = x[idx].repeat(1, 3, 1, 1), y[idx]
        lap()
        loss = F.cross_entropy(model(xb), yb)
        lap()
        loss.backward()
        lap()
        loss.item()
        lap()
        opt.step()
        opt.zero_grad()
        lap()
        del loss, xb, yb
        lap()
        if s >= 0:
            prev = (c0, w0)
            for i, (c, w) in enumerate(marks):
                cpu[i] += c - prev[0]
                wall[i] += w - prev[1]
                prev = (c, w)
    faults += resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    if prof is not None:
        prof.__exit__(None, None, None)
        prof.export_chrome_trace(trace)
    parts = " ".join(f"{p}={cpu[i] * 1e3 / steps:.2f}/{wall[i] * 1e3 / steps:.2f}" for i, p in enumerate(PHASES))
    print(f"PHASES engine=pytorch model={model_name} batch={batch} steps={steps} ms_per_step(cpu/wall): {parts} "
          f"total_cpu={sum(cpu) * 1e3 / steps:.2f} minor_faults_per_step={faults // steps}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]),
         sys.argv[6] if len(sys.argv) > 6 else None)
