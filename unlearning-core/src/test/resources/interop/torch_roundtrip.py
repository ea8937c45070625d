#!/usr/bin/env python3
"""PyTorch side of TorchRoundTripTest (unlearning-core): a ResNet-18 made and trained in PyTorch goes to
DeepUnlearn as safetensors, and DeepUnlearn's export comes back and must load with load_state_dict(strict=True).

  torch_roundtrip.py create DIR           trains resnet18(num_classes=10) for a few SGD steps on random data and
                                          writes DIR/model.safetensors (its state_dict) and DIR/probe.safetensors
                                          ({"x": inputs, "logits": the eval-mode logits on them})
  torch_roundtrip.py check WEIGHTS PROBE  loads WEIGHTS strictly into a fresh resnet18, runs PROBE's x in eval mode
                                          and prints JSON with the largest difference to PROBE's logits

Needs only Debian's python3-torch: torchvision's resnet18 when python3-torchvision is there, otherwise a copy
with the same module names. safetensors files are written and read here directly (8-byte little-endian header
length, JSON header, raw little-endian tensors), so the safetensors package is not needed either.
"""
import json
import struct
import sys

import torch
from torch import nn

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.int64: "I64", torch.int32: "I32"}
TORCH_DTYPES = {v: k for k, v in DTYPES.items()}
CLASSES = 10


def save_safetensors(tensors, path, metadata=None):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().cpu().contiguous()
        raw = t.numpy().tobytes() if t.dim() > 0 else t.reshape(1).numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = metadata
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head += b" " * ((8 - len(head) % 8) % 8)  # the format's 8-byte alignment of the data section
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for raw in blobs:
            f.write(raw)


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    base = 8 + n
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        begin, end = e["data_offsets"]
        t = torch.frombuffer(bytearray(data[base + begin:base + end]), dtype=TORCH_DTYPES[e["dtype"]])
        out[name] = t.reshape(e["shape"]).clone()
    return out


def resnet18():
    try:
        import torchvision
        return torchvision.models.resnet18(num_classes=CLASSES), "torchvision " + torchvision.__version__
    except ImportError:
        return MirrorResNet18(), "built-in mirror of torchvision's resnet18"


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + (x if self.downsample is None else self.downsample(x)))


class MirrorResNet18(nn.Module):
    """torchvision.models.resnet18's module tree (same state_dict keys), for machines without torchvision."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        cin = 64
        for i, cout in enumerate([64, 128, 256, 512]):
            stride = 1 if i == 0 else 2
            setattr(self, "layer%d" % (i + 1), nn.Sequential(BasicBlock(cin, cout, stride), BasicBlock(cout, cout, 1)))
            cin = cout
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, CLASSES)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def create(out_dir):
    torch.manual_seed(0)
    model, source = resnet18()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    model.train()
    steps = 3
    for _ in range(steps):  # a few steps: weights and BatchNorm statistics move away from their initial values
        x = torch.randn(16, 3, 32, 32)
        y = torch.randint(0, CLASSES, (16,))
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    with torch.no_grad():  # settle the BatchNorm running statistics (3 steps leave them near their init values)
        for _ in range(10):
            model(torch.randn(32, 3, 32, 32))
    model.eval()
    x = torch.randn(8, 3, 32, 32)
    with torch.no_grad():
        logits = model(x)
    save_safetensors(model.state_dict(), out_dir + "/model.safetensors", {"format": "pt"})
    save_safetensors({"x": x, "logits": logits}, out_dir + "/probe.safetensors")
    print(json.dumps({"model": source, "torch": torch.__version__, "train_steps": steps, "bn_batches": steps + 10,
                      "max_abs_logit": logits.abs().max().item()}))


def check(weights, probe):
    model, source = resnet18()
    state = load_safetensors(weights)
    model.load_state_dict(state, strict=True)  # every key present, none extra, every shape equal
    model.eval()
    p = load_safetensors(probe)
    with torch.no_grad():
        logits = model(p["x"])
    print(json.dumps({"model": source, "torch": torch.__version__,
                      "max_abs_diff": (logits - p["logits"]).abs().max().item(),
                      "max_abs_logit": p["logits"].abs().max().item(),
                      "bn1_num_batches_tracked": int(state["bn1.num_batches_tracked"])}))


if __name__ == "__main__":
    torch.set_num_threads(2)
    if len(sys.argv) == 3 and sys.argv[1] == "create":
        create(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
