#!/usr/bin/python3
"""Golden values for toolgym's built-in GPT, computed by PyTorch.

Builds a tiny GPT-2-layout model (vocab 64, ctx 16, d 32, 2 layers, 2 heads) in float64 with
Hugging Face GPT-2 tensor names and layout (Conv1D weights stored (in, out)), runs one masked
batch (2 x 8, the second row right-padded), and writes:

  src/model/fixtures/gpt-golden.json   index: config, batch, loss, lrs, step losses, tensor offsets
  src/model/fixtures/gpt-golden.bin    float32 little-endian: weights, logits, logprobs, gradients

and the same for the model with smeared keys (ModelConfig.smearKeys: k'_t = g k_t + (1-g) k_{t-1}
per head, g = sigmoid(h.N.attn.smear), k'_0 = k_0) as gpt-golden-smear.json / .bin, and for the
model with a copy head (ModelConfig.copyHead) as gpt-golden-copy.json / .bin, and with a copy head
whose keys also read the next state (ModelConfig.copyKeyNext) as gpt-golden-copy-next.json / .bin,
and with both and the suffix-match bias (ModelConfig.copyMatch) as gpt-golden-copy-match.json / .bin,
and with all three and a gate that reads what the head points at (ModelConfig.copyGatePointed) as
gpt-golden-copy-gate.json / .bin.

The TypeScript test (src/model/gpt-golden.test.ts) loads them, so CI needs no PyTorch.
Regenerate with:  /usr/bin/python3 scripts/torch-golden.py
(Debian: apt-get install -y python3-torch)
"""
import json
import math
import os
import struct

import torch
import torch.nn.functional as F

VOCAB, CTX, D, LAYERS, HEADS = 64, 16, 32, 2, 2
B, T = 2, 8
STEPS, WARMUP, MAX_LR, MIN_LR = 10, 3, 1e-2, 1e-3
BETAS, EPS, WEIGHT_DECAY, CLIP = (0.9, 0.95), 1e-8, 0.1, 1.0

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "..", "src", "model", "fixtures")


SMEAR = False  # set by main() for the second fixture
COPY = False  # and for the third
COPY_NEXT = False  # and, with COPY, for the fourth
COPY_MATCH = 0  # and, with both, the fifth: levels of the suffix-match bias
COPY_POINTED = False  # and, with all three, the sixth


def parameter_shapes():
    """HF GPT-2 names and shapes, in the order toolgym's parameterLayout uses."""
    shapes = [("wte.weight", (VOCAB, D)), ("wpe.weight", (CTX, D))]
    for i in range(LAYERS):
        p = f"h.{i}."
        shapes += [
            (p + "ln_1.weight", (D,)), (p + "ln_1.bias", (D,)),
            (p + "attn.c_attn.weight", (D, 3 * D)), (p + "attn.c_attn.bias", (3 * D,)),
            (p + "attn.c_proj.weight", (D, D)), (p + "attn.c_proj.bias", (D,)),
        ]
        if SMEAR:
            shapes += [(p + "attn.smear", (HEADS,))]
        shapes += [
            (p + "ln_2.weight", (D,)), (p + "ln_2.bias", (D,)),
            (p + "mlp.c_fc.weight", (D, 4 * D)), (p + "mlp.c_fc.bias", (4 * D,)),
            (p + "mlp.c_proj.weight", (4 * D, D)), (p + "mlp.c_proj.bias", (D,)),
        ]
    shapes += [("ln_f.weight", (D,)), ("ln_f.bias", (D,))]
    if COPY:
        shapes += [("copy.q.weight", (D, D)), ("copy.k.weight", (D, D)),
                   ("copy.gate.weight", (D,)), ("copy.gate.bias", (1,))]
        if COPY_NEXT:
            shapes += [("copy.kn.weight", (D, D))]
        if COPY_MATCH > 0:
            shapes += [("copy.match.bias", (COPY_MATCH,))]
        if COPY_POINTED:
            shapes += [("copy.gate.pointed.weight", (D,))]
    return shapes


def make_params(gen):
    """Random weights, larger than GPT-2's init and with non-trivial biases and LayerNorm gains,
    so every term of every layer shows in the outputs and gradients."""
    params = {}
    for name, shape in parameter_shapes():
        if name in ("copy.q.weight", "copy.k.weight", "copy.kn.weight"):
            t = 0.5 * torch.randn(shape, generator=gen, dtype=torch.float64)
        elif name.startswith("copy.gate") or name == "copy.match.bias":  # incl. gate.pointed
            t = 0.5 * torch.randn(shape, generator=gen, dtype=torch.float64)
        elif name.startswith("ln") or ".ln_" in name:
            base = 1.0 if name.endswith("weight") else 0.0
            t = base + 0.1 * torch.randn(shape, generator=gen, dtype=torch.float64)
        elif name.endswith("smear"):
            t = torch.randn(shape, generator=gen, dtype=torch.float64)
        elif name.endswith("bias"):
            t = 0.05 * torch.randn(shape, generator=gen, dtype=torch.float64)
        else:
            t = 0.1 * torch.randn(shape, generator=gen, dtype=torch.float64)
        # Round through float32: the fixture stores float32, and both sides must start equal.
        params[name] = t.float().double().requires_grad_(True)
    return params


def forward(params, tokens):
    """Logits (B, T, V) of the GPT-2 layout, written out op by op like the TypeScript engine."""
    bsz, tlen = tokens.shape
    hd = D // HEADS
    x = params["wte.weight"][tokens] + params["wpe.weight"][:tlen]
    causal = torch.ones(tlen, tlen, dtype=torch.bool).tril()
    for i in range(LAYERS):
        p = f"h.{i}."
        h = F.layer_norm(x, (D,), params[p + "ln_1.weight"], params[p + "ln_1.bias"], eps=1e-5)
        qkv = h @ params[p + "attn.c_attn.weight"] + params[p + "attn.c_attn.bias"]
        q, k, v = qkv.split(D, dim=2)
        if SMEAR:
            g = torch.sigmoid(params[p + "attn.smear"]).repeat_interleave(hd)
            k = torch.cat([k[:, :1], g * k[:, 1:] + (1 - g) * k[:, :-1]], dim=1)
        q, k, v = (t.view(bsz, tlen, HEADS, hd).transpose(1, 2) for t in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hd)
        att = att.masked_fill(~causal, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).reshape(bsz, tlen, D)
        x = x + y @ params[p + "attn.c_proj.weight"] + params[p + "attn.c_proj.bias"]
        h = F.layer_norm(x, (D,), params[p + "ln_2.weight"], params[p + "ln_2.bias"], eps=1e-5)
        h = F.gelu(h @ params[p + "mlp.c_fc.weight"] + params[p + "mlp.c_fc.bias"], approximate="tanh")
        x = x + h @ params[p + "mlp.c_proj.weight"] + params[p + "mlp.c_proj.bias"]
    x = F.layer_norm(x, (D,), params["ln_f.weight"], params["ln_f.bias"], eps=1e-5)
    return x @ params["wte.weight"].T, x


def copy_logprobs(params, z, logits, tokens, targets):
    """log p(y) of the copy head's mixture: g softmax(logits) + (1 - g) sum of attention weights
    on the earlier positions j < t whose next token x_{j+1} is the target; g = 1 at t = 0."""
    bsz, tlen = tokens.shape
    q, k = z @ params["copy.q.weight"], z @ params["copy.k.weight"]
    if COPY_NEXT:
        # k_j also reads z_{j+1}, the state of the token it would copy (none for the last j).
        nxt_state = torch.cat([z[:, 1:], torch.zeros_like(z[:, :1])], 1)
        k = k + nxt_state @ params["copy.kn.weight"]
    strict = torch.ones(tlen, tlen, dtype=torch.bool).tril(-1)
    scores = (q @ k.transpose(-2, -1)) / math.sqrt(D)
    if COPY_MATCH > 0:
        scores = scores + match_bias(params["copy.match.bias"], tokens)
    scores = scores.masked_fill(~strict, float("-inf"))
    scores[:, 0, 0] = 0.0  # row 0 has no candidates: a finite dummy, weighted 0 below
    alpha = scores.softmax(-1) * strict
    nxt = torch.cat([tokens[:, 1:], torch.full((bsz, 1), -1, dtype=tokens.dtype)], 1)
    match = (nxt[:, None, :] == targets[:, :, None]) & strict
    pc = (alpha * match).sum(-1)
    gate = z @ params["copy.gate.weight"] + params["copy.gate.bias"]
    if COPY_POINTED:
        # The gate reads the states pointed at: sum_j alpha_j z_{j+1} . w_p (none past the end).
        u_next = torch.cat([z[:, 1:], torch.zeros_like(z[:, :1])], 1) @ params["copy.gate.pointed.weight"]
        gate = gate + (alpha * u_next[:, None, :]).sum(-1)
    g = torch.sigmoid(gate)
    g = torch.cat([torch.ones(bsz, 1, dtype=g.dtype), g[:, 1:]], 1)
    pv = logits.softmax(-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1)
    return torch.log(g * pv + (1 - g) * pc)


def match_bias(weights, tokens):
    """(B, T, T) bias of score j at row t: w_1 + ... + w_m, m the number of ids that end at both t
    and j alike (tokens[t - i] == tokens[j - i] for i < m, j - i >= 0), at most len(weights)."""
    bsz, tlen = tokens.shape
    levels = torch.zeros(bsz, tlen, tlen, len(weights), dtype=torch.float64)
    for b in range(bsz):
        for t in range(tlen):
            for j in range(t):
                m = 0
                while m < len(weights) and j - m >= 0 and tokens[b, t - m] == tokens[b, j - m]:
                    levels[b, t, j, m] = 1.0
                    m += 1
    return levels @ weights


def masked_loss(params, tokens, targets, mask):
    logits, z = forward(params, tokens)
    if COPY:
        logprobs = copy_logprobs(params, z, logits, tokens, targets) * mask
    else:
        logprobs = logits.log_softmax(-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1) * mask
    return -(logprobs.sum() / mask.sum()), logits, logprobs


def lr_at(step):
    """Linear warm-up to MAX_LR over WARMUP steps, then cosine decay to MIN_LR at STEPS."""
    if step < WARMUP:
        return MAX_LR * (step + 1) / WARMUP
    if step >= STEPS:
        return MIN_LR
    ratio = (step - WARMUP) / (STEPS - WARMUP)
    return MIN_LR + 0.5 * (1 + math.cos(math.pi * ratio)) * (MAX_LR - MIN_LR)


def main(smear=False, copy=False, copy_next=False, copy_match=0, copy_pointed=False):
    global SMEAR, COPY, COPY_NEXT, COPY_MATCH, COPY_POINTED
    SMEAR, COPY, COPY_NEXT, COPY_MATCH = smear, copy, copy_next, copy_match
    COPY_POINTED = copy_pointed
    fixture = ("gpt-golden-smear" if smear else "gpt-golden-copy-gate" if copy_pointed
               else "gpt-golden-copy-match" if copy_match
               else "gpt-golden-copy-next" if copy_next
               else "gpt-golden-copy" if copy else "gpt-golden")
    # The sixth draws its own values: with 1234's, one of its ten AdamW steps moved a weight whose
    # gradient float32 and float64 put on either side of 0 (Adam's first steps move every weight by
    # about the rate, whatever its gradient's size), and the grad norms parted by 1e-3 at step 2.
    # Its gradients at the start agree to 2e-6 either way.
    gen = torch.Generator().manual_seed(1235 if copy_pointed else 1234)
    params = make_params(gen)
    tokens = torch.randint(0, VOCAB, (B, T), generator=gen)
    targets = torch.randint(0, VOCAB, (B, T), generator=gen)
    if copy:
        # Few distinct ids, targets the next ids: most rows have earlier positions to copy from.
        tokens = torch.randint(0, 6, (B, T), generator=gen)
        if copy_match:
            # Spans that come again, so that matches of every length meet copyable targets.
            tokens = torch.cat([tokens[:, :3], tokens[:, :3], tokens[:, 6:]], 1)
        targets = torch.cat([tokens[:, 1:], torch.randint(0, 6, (B, 1), generator=gen)], 1)
    mask = torch.ones(B, T, dtype=torch.float64)
    mask[1, 5:] = 0  # the second sequence is 5 tokens long, right-padded
    targets[1, 5:] = 0

    loss, logits, logprobs = masked_loss(params, tokens, targets, mask)
    loss.backward()
    grads = {name: params[name].grad.detach().clone() for name, _ in parameter_shapes()}
    initial = {name: params[name].detach().clone() for name, _ in parameter_shapes()}

    # AdamW: decay on 2-D weights only (nanoGPT), global-norm clipping, warm-up + cosine schedule.
    decay = [params[n] for n, s in parameter_shapes() if len(s) >= 2]
    no_decay = [params[n] for n, s in parameter_shapes() if len(s) < 2]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": WEIGHT_DECAY}, {"params": no_decay, "weight_decay": 0.0}],
        lr=MAX_LR, betas=BETAS, eps=EPS,
    )
    step_losses, grad_norms, lrs = [], [], []
    for step in range(STEPS):
        opt.zero_grad(set_to_none=True)
        step_loss, _, _ = masked_loss(params, tokens, targets, mask)
        step_loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(list(params.values()), CLIP)
        lr = lr_at(step)
        for group in opt.param_groups:
            group["lr"] = lr
        opt.step()
        step_losses.append(step_loss.item())
        grad_norms.append(norm.item())
        lrs.append(lr)
    final_loss = masked_loss(params, tokens, targets, mask)[0].item()

    blobs, index, offset = [], {}, 0

    def put(key, tensor):
        nonlocal offset
        flat = tensor.detach().reshape(-1).float().tolist()
        index[key] = {"offset": offset, "shape": list(tensor.shape)}
        blobs.append(struct.pack(f"<{len(flat)}f", *flat))
        offset += len(flat)

    for name, _ in parameter_shapes():
        put("param:" + name, initial[name])
    put("logits", logits)
    put("logprobs", logprobs)
    for name, _ in parameter_shapes():
        put("grad:" + name, grads[name])

    meta = {
        "generator": "scripts/torch-golden.py",
        "torch": torch.__version__,
        "config": {"vocabSize": VOCAB, "ctx": CTX, "dModel": D, "nLayer": LAYERS, "nHead": HEADS,
                   **({"smearKeys": True} if smear else {}), **({"copyHead": True} if copy else {}),
                   **({"copyKeyNext": True} if copy_next else {}),
                   **({"copyMatch": copy_match} if copy_match else {}),
                   **({"copyGatePointed": True} if copy_pointed else {})},
        "B": B, "T": T,
        "tokens": tokens.reshape(-1).tolist(),
        "targets": targets.reshape(-1).tolist(),
        "mask": mask.reshape(-1).int().tolist(),
        "loss": loss.item(),
        "adamw": {
            "steps": STEPS, "warmupSteps": WARMUP, "maxLr": MAX_LR, "minLr": MIN_LR,
            "beta1": BETAS[0], "beta2": BETAS[1], "eps": EPS, "weightDecay": WEIGHT_DECAY,
            "clip": CLIP, "lrs": lrs, "losses": step_losses, "gradNorms": grad_norms,
            "finalLoss": final_loss,
        },
        "tensors": index,
    }
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, fixture + ".bin"), "wb") as f:
        f.write(b"".join(blobs))
    with open(os.path.join(OUT_DIR, fixture + ".json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    print(f"{fixture}: wrote {offset} floats; loss {loss.item():.6f}; losses {step_losses[0]:.4f} -> {final_loss:.4f}")


if __name__ == "__main__":
    main()
    main(smear=True)
    main(copy=True)
    main(copy=True, copy_next=True)
    main(copy=True, copy_next=True, copy_match=3)
    main(copy=True, copy_next=True, copy_match=3, copy_pointed=True)
