#!/usr/bin/python3
"""How soon does a model of the built-in size learn to copy from its context?

The probe behind `ModelConfig.smearKeys`. A GPT-2-layout model of the recipe's size (d 128,
4 layers, 4 heads, learned positions, AdamW at lr 1e-3) is trained from scratch on a pure copy
task: a random segment of 10-40 tokens (vocabulary 256), random filler, a separator, then the
segment again; the loss and the accuracy count only the repetition, which can be predicted only
by copying (an induction circuit: "find the earlier occurrence of this token, emit what followed
it"). Modes:

  learned   GPT-2 attention (the built-in model without smeared keys)
  rope      rotary position embeddings on q and k, for comparison
  smear     smeared keys: k'_t = g k_t + (1 - g) k_{t-1} per head, g = sigmoid(s), s learned

Writes one JSON summary: per mode, loss and copy accuracy every 100 steps, and the first step
whose accuracy reached 0.5.

  /usr/bin/python3 scripts/experiments/induction-probe.py [--steps 1500] [--modes learned,smear]
      [--out runs/exp/induction-probe.json]

(Debian: apt-get install -y python3-torch; 2 CPU threads, about 1 s a step.)
"""
import argparse
import json
import math
import os
import time

import torch
import torch.nn.functional as F

V, C, L, H, T, B = 256, 128, 4, 4, 160, 32


class Block(torch.nn.Module):
    def __init__(self, mode):
        super().__init__()
        self.mode = mode
        self.ln1, self.ln2 = torch.nn.LayerNorm(C), torch.nn.LayerNorm(C)
        self.qkv, self.proj = torch.nn.Linear(C, 3 * C), torch.nn.Linear(C, C)
        self.fc, self.fc2 = torch.nn.Linear(C, 4 * C), torch.nn.Linear(4 * C, C)
        self.smear = torch.nn.Parameter(torch.zeros(H, 1, 1))

    def forward(self, x, cos, sin):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(C, 2)
        q, k, v = (z.view(b, t, H, C // H).transpose(1, 2) for z in (q, k, v))
        if self.mode == "rope":
            def rot(z):
                z1, z2 = z[..., ::2], z[..., 1::2]
                return torch.stack((z1 * cos - z2 * sin, z1 * sin + z2 * cos), -1).flatten(-2)
            q, k = rot(q), rot(k)
        if self.mode == "smear":
            g = torch.sigmoid(self.smear)
            k = torch.cat([k[:, :, :1], g * k[:, :, 1:] + (1 - g) * k[:, :, :-1]], 2)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(C // H)
        att = att.masked_fill(torch.triu(torch.ones(t, t, dtype=torch.bool), 1), -1e9).softmax(-1)
        x = x + self.proj((att @ v).transpose(1, 2).reshape(b, t, C))
        return x + self.fc2(F.gelu(self.fc(self.ln2(x))))


class Model(torch.nn.Module):
    def __init__(self, mode):
        super().__init__()
        self.wte, self.wpe = torch.nn.Embedding(V, C), torch.nn.Embedding(T, C)
        self.blocks = torch.nn.ModuleList([Block(mode) for _ in range(L)])
        self.ln = torch.nn.LayerNorm(C)
        for name, p in self.named_parameters():
            if p.dim() > 1 and not name.endswith("smear"):
                torch.nn.init.normal_(p, 0, 0.02)

    def forward(self, idx):
        t = idx.shape[1]
        x = self.wte(idx) + self.wpe(torch.arange(t))
        d = C // H
        ang = torch.arange(t)[:, None] * (1 / (10000 ** (torch.arange(0, d, 2).float() / d)))[None]
        for block in self.blocks:
            x = block(x, ang.cos(), ang.sin())
        return self.ln(x) @ self.wte.weight.T


def batch(gen):
    n = int(torch.randint(10, 40, (1,), generator=gen))
    seg = torch.randint(2, V, (B, n), generator=gen)
    filler = torch.randint(2, V, (B, T - 2 * n - 1), generator=gen)
    x = torch.cat([seg, filler, torch.ones(B, 1, dtype=torch.long), seg], 1)
    mask = torch.zeros(B, T)
    mask[:, T - n:] = 1
    return x, mask


def run(mode, steps, lr):
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    model = Model(mode)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.95), weight_decay=0.1)
    curve, first_half, started = [], None, time.time()
    for step in range(steps + 1):
        x, mask = batch(gen)
        logits, tgt, mk = model(x[:, :-1]), x[:, 1:], mask[:, 1:]
        nll = F.cross_entropy(logits.reshape(-1, V), tgt.reshape(-1), reduction="none")
        loss = (nll * mk.reshape(-1)).sum() / mk.sum()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % 100 == 0:
            acc = float(((logits.argmax(-1) == tgt).float() * mk).sum() / mk.sum())
            curve.append({"step": step, "loss": round(loss.item(), 3), "copy_accuracy": round(acc, 3)})
            print(mode, curve[-1], f"{time.time() - started:.0f}s", flush=True)
            if first_half is None and acc >= 0.5:
                first_half = step
    return {"curve": curve, "first_step_accuracy_0_5": first_half, "seconds": round(time.time() - started)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--modes", default="learned,smear")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--out", default="runs/exp/induction-probe.json")
    args = parser.parse_args()
    torch.set_num_threads(2)
    summary = {
        "task": f"copy a random segment of 10-40 tokens (vocab {V}) after filler, context {T}",
        "model": {"dModel": C, "nLayer": L, "nHead": H, "lr": args.lr, "batch": B},
        "modes": {mode: run(mode, args.steps, args.lr) for mode in args.modes.split(",")},
    }
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    os.replace(tmp, args.out)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
