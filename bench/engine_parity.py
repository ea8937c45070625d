#!/usr/bin/env python3
"""The PyTorch half of bench/engine-parity.

Same models as unlearning-core (SmallCnn and torchvision's ResNet-18, written here in plain torch so that
torchvision is not needed), same data (the tensors exported by EngineParity --export), same batch size, thread
count, SGD (lr 0.01, momentum 0.9, weight decay 5e-4) and loop: shuffled batches, grey -> 3 channels,
forward in train mode, mean cross-entropy, backward, optimizer step, loss.item() per step (our Trainer reads
the loss once per step too). Inference: eval mode, no_grad, batches of 512, logits copied to host memory.

Prints: RESULT engine=pytorch model=M phase=train|infer rep=i n=N seconds=s ...
"""
import argparse
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class SmallCnn(nn.Module):
    """unlearning-core's SmallCnn: 3 x (conv3x3 no bias - BN - ReLU - maxpool 2), global avg pool, fc."""

    def __init__(self, classes=10, channels=3):
        super().__init__()
        widths = [32, 64, 128]
        blocks = []
        cin = channels
        for w in widths:
            blocks.append(nn.Sequential(nn.Conv2d(cin, w, 3, 1, 1, bias=False), nn.BatchNorm2d(w)))
            cin = w
        self.blocks = nn.ModuleList(blocks)
        self.fc = nn.Linear(cin, classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        for b in self.blocks:
            x = F.max_pool2d(F.relu(b(x)), 2)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.fc(x)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        identity = x if self.downsample is None else self.downsample(x)
        return F.relu(out + identity)


class ResNet18(nn.Module):
    """torchvision.models.resnet18(num_classes=10): 7x7/2 stem, 3x3/2 max-pool, 4 stages of 2 BasicBlocks."""

    def __init__(self, classes=10, channels=3):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        layers = []
        cin = 64
        for stage, w in enumerate([64, 128, 256, 512]):
            stride = 1 if stage == 0 else 2
            layers.append(nn.Sequential(BasicBlock(cin, w, stride), BasicBlock(w, w, 1)))
            cin = w
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(512, classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        x = self.layers(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.fc(x)


MODELS = {"small-cnn": SmallCnn, "resnet18": ResNet18}


def load(data_dir, part, size):
    x = np.fromfile(os.path.join(data_dir, part + "_x.f32"), dtype="<f4").reshape(-1, 1, size, size)
    y = np.load(os.path.join(data_dir, part + "_y.npy"))
    return torch.from_numpy(x.copy()), torch.from_numpy(y.astype(np.int64))


def batches(x, y, batch, generator=None):
    n = x.shape[0]
    order = torch.randperm(n, generator=generator) if generator is not None else torch.arange(n)
    for start in range(0, n, batch):
        idx = order[start:start + batch]
        yield x[idx].repeat(1, 3, 1, 1), y[idx]


def train_epoch(model, opt, x, y, batch, generator, max_steps=None):
    model.train()
    total, steps = 0.0, 0
    for xb, yb in batches(x, y, batch, generator):
        opt.zero_grad()
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item()
        steps += 1
        if max_steps is not None and steps >= max_steps:
            break
    return total / max(1, steps)


def predict(model, x, y, batch=512):
    model.eval()
    chunks = []
    with torch.no_grad():
        for xb, _ in batches(x, y, batch):
            chunks.append(model(xb).numpy())
    logits = np.concatenate(chunks)
    return float((logits.argmax(1) == y.numpy()).mean())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--models", default="small-cnn,resnet18")
    ap.add_argument("--sizes", default="")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--warmup-steps", type=int, default=3)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--image-size", type=int, default=32)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    x, y = load(a.data, "train", a.image_size)
    tx, ty = load(a.data, "test", a.image_size)
    sizes = {k: int(v) for k, v in (kv.split("=") for kv in a.sizes.split(",") if kv)}
    print(f"INFO engine=pytorch torch {torch.__version__} threads={torch.get_num_threads()} "
          f"interop={torch.get_num_interop_threads()} train={x.shape[0]} test={tx.shape[0]}", flush=True)
    for name in a.models.split(","):
        n = sizes.get(name, x.shape[0])
        xs, ys = x[:n], y[:n]
        model = MODELS[name]()
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
        gen = torch.Generator().manual_seed(7)
        train_epoch(model, opt, xs, ys, a.batch, gen, max_steps=a.warmup_steps)
        for e in range(a.epochs):
            t0, c0 = time.perf_counter(), time.process_time()
            loss = train_epoch(model, opt, xs, ys, a.batch, gen)
            s, c = time.perf_counter() - t0, time.process_time() - c0
            print(f"RESULT engine=pytorch model={name} phase=train rep={e} n={n} seconds={s:.4f} cpu={c:.4f} "
                  f"loss={loss:.4f}", flush=True)
        for r in range(a.epochs):
            t0, c0 = time.perf_counter(), time.process_time()
            acc = predict(model, tx, ty)
            s, c = time.perf_counter() - t0, time.process_time() - c0
            print(f"RESULT engine=pytorch model={name} phase=infer rep={r} n={tx.shape[0]} seconds={s:.4f} cpu={c:.4f} "
                  f"acc={acc:.4f}", flush=True)


if __name__ == "__main__":
    main()
