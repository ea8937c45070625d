#!/usr/bin/env python3
"""PyTorch side of ByoEndToEndIT (pipeline-e2e): a user's model, data and subject mapping made outside DeepUnlearn.

  byo_model.py create DIR                writes DIR/data/ (an NPY dataset: dataset.json, train/ and test/ shards
                                         with sample ids), trains DeepUnlearn's small-cnn layout in PyTorch on the
                                         first 150 training samples and writes DIR/model.safetensors, the id lists
                                         DIR/train_ids.txt and DIR/held_out_ids.txt, DIR/probe.safetensors
                                         ({"x": normalised inputs, "logits": eval-mode logits}) and the subject
                                         mappings DIR/subjects.csv (good) and DIR/bad_subjects.csv (bad rows)
  byo_model.py check WEIGHTS PROBE       loads WEIGHTS strictly, runs PROBE's x in eval mode and prints JSON with
                                         the largest difference to PROBE's logits

Needs Debian's python3-torch and python3-numpy; safetensors are read and written by torch_roundtrip.py
(unlearning-core's round-trip test), which must be on PYTHONPATH.
"""
import json
import os
import sys

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from torch_roundtrip import load_safetensors, save_safetensors

CLASSES = 3
SIZE = 16
N_TRAIN, N_TEST, TRAINED = 180, 45, 150
MEAN, STD = 0.5, 0.25
ALICE = "alice@example.com"


class SmallCnn(nn.Module):
    """DeepUnlearn's small-cnn with its state_dict names: block1..3.{conv,bn}, fc (docs/architecture.md)."""

    def __init__(self, classes):
        super().__init__()
        cin = 3
        for i, width in enumerate([32, 64, 128]):
            block = nn.Module()
            block.conv = nn.Conv2d(cin, width, 3, 1, 1, bias=False)
            block.bn = nn.BatchNorm2d(width)
            setattr(self, "block%d" % (i + 1), block)
            cin = width
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        for i in range(3):
            block = getattr(self, "block%d" % (i + 1))
            x = F.max_pool2d(F.relu(block.bn(block.conv(x))), 2)
        return self.fc(x.mean((2, 3)))


def images(rng, labels):
    """Class c: a bright band in channel c at a class-specific row, plus noise; uint8 (N, 3, H, W)."""
    x = rng.integers(0, 90, size=(len(labels), 3, SIZE, SIZE))
    for i, c in enumerate(labels):
        x[i, c, 4 * c:4 * c + 5, :] += 150
    return np.clip(x, 0, 255).astype(np.uint8)


def normalise(x):
    return (torch.from_numpy(x).float() / 255.0 - MEAN) / STD


def create(out):
    rng = np.random.default_rng(17)
    torch.manual_seed(17)
    data = os.path.join(out, "data")
    y_train = rng.integers(0, CLASSES, N_TRAIN)
    y_test = rng.integers(0, CLASSES, N_TEST)
    x_train, x_test = images(rng, y_train), images(rng, y_test)
    ids_train = np.arange(5000, 5000 + N_TRAIN, dtype=np.int64)
    ids_test = np.arange(6000, 6000 + N_TEST, dtype=np.int64)
    for part, x, y, ids in (("train", x_train, y_train, ids_train), ("test", x_test, y_test, ids_test)):
        os.makedirs(os.path.join(data, part), exist_ok=True)
        np.save(os.path.join(data, part, "images-000.npy"), x)
        np.save(os.path.join(data, part, "labels-000.npy"), y.astype(np.int64))
        np.save(os.path.join(data, part, "ids-000.npy"), ids)
    with open(os.path.join(data, "dataset.json"), "w") as f:
        json.dump({"numClasses": CLASSES, "mean": [MEAN] * 3, "std": [STD] * 3}, f)

    model = SmallCnn(CLASSES)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    xt, yt = normalise(x_train[:TRAINED]), torch.from_numpy(y_train[:TRAINED]).long()
    model.train()
    for _ in range(6):
        for b in range(0, TRAINED, 30):
            opt.zero_grad()
            F.cross_entropy(model(xt[b:b + 30]), yt[b:b + 30]).backward()
            opt.step()
    model.eval()
    probe = torch.cat([normalise(x_test[:6]), torch.randn(2, 3, SIZE, SIZE)])
    with torch.no_grad():
        logits = model(probe)
        accuracy = (model(normalise(x_test)).argmax(1).numpy() == y_test).mean()
    save_safetensors(model.state_dict(), os.path.join(out, "model.safetensors"), {"format": "pt"})
    save_safetensors({"x": probe, "logits": logits}, os.path.join(out, "probe.safetensors"))
    with open(os.path.join(out, "train_ids.txt"), "w") as f:
        f.write("\n".join(str(i) for i in ids_train[:TRAINED]) + "\n")
    with open(os.path.join(out, "held_out_ids.txt"), "w") as f:
        f.write("\n".join(str(i) for i in ids_train[TRAINED:]) + "\n")
    # alice owns 12 trained samples; bob 10; everyone else one sample each (as customers would)
    with open(os.path.join(out, "subjects.csv"), "w") as f:
        f.write("sample_id,subject_id\n")
        for k, sid in enumerate(ids_train):
            owner = ALICE if k < 12 else "bob" if k < 22 else "customer-%d" % k
            f.write("%d,%s\n" % (sid, owner))
    with open(os.path.join(out, "bad_subjects.csv"), "w") as f:
        f.write("sample_id,subject_id\n")
        f.write("5000,%s\n" % ALICE)     # row 2: fine
        f.write("abc,eve\n")             # row 3: not an integer
        f.write("7777,eve\n")            # row 4: not in the dataset
        f.write("5000,mallory\n")        # row 5: sample listed twice
        f.write("5001,\n")               # row 6: empty subject id
    print(json.dumps({"torch": torch.__version__, "trained": TRAINED, "test_accuracy": float(accuracy),
                      "max_abs_logit": logits.abs().max().item()}))


def check(weights, probe):
    model = SmallCnn(CLASSES)
    model.load_state_dict(load_safetensors(weights), strict=True)
    model.eval()
    p = load_safetensors(probe)
    with torch.no_grad():
        logits = model(p["x"])
    print(json.dumps({"torch": torch.__version__, "max_abs_diff": (logits - p["logits"]).abs().max().item(),
                      "max_abs_logit": p["logits"].abs().max().item()}))


if __name__ == "__main__":
    torch.set_num_threads(1)
    if len(sys.argv) == 3 and sys.argv[1] == "create":
        create(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
