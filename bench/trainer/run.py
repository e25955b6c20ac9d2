"""Tokens/s of the trainer's SFT step next to a minimal plain PyTorch loop, measured in one run.

Both train the same model from the same weights on the same batches with the same AdamW settings.
The trainer is timed from its own step events (full loop iterations: batching, padding, masking,
clipping, logging); the plain loop is forward, cross-entropy, backward, step on ready-made tensors.
The first --warmup steps of every run are not timed (allocator and caches settle). Repetitions
alternate which side goes first.

usage: /usr/bin/python3 bench/trainer/run.py [--preset small] [--reps 4] [--steps 6] [--warmup 2] [--threads N] ...
"""

import argparse
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import trainer  # noqa: E402,F401  (before torch: it sets the OpenMP wait policy both sides then share)
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from trainer.checkpoint import load_model, save_native  # noqa: E402
from trainer.data import BatchOrder  # noqa: E402
from trainer.loop import TrainConfig, train  # noqa: E402
from trainer.model import LlamaForCausalLM, preset_config  # noqa: E402
from trainer.sft import SFT  # noqa: E402

LR, BETAS, WEIGHT_DECAY = 1e-3, (0.9, 0.95), 0.1


class StepClock(io.TextIOBase):
    """Stands in for stdout and notes when each step event arrives."""

    def __init__(self):
        self.times = []

    def write(self, text):
        for line in text.splitlines():
            if json.loads(line).get("event") == "step":
                self.times.append(time.perf_counter())
        return len(text)


def trainer_step_times(model_dir, data, out, args) -> list:
    clock = StepClock()
    config = TrainConfig(model=model_dir, train_file=data, out=out, steps=args.warmup + args.steps,
                         batch_size=args.batch_size, lr=LR, warmup_steps=0, adam_beta1=BETAS[0],
                         adam_beta2=BETAS[1], weight_decay=WEIGHT_DECAY, threads=args.threads, backend="native",
                         keep_checkpoints=1)
    with redirect_stdout(clock), redirect_stderr(io.StringIO()):
        train(config)
    return [b - a for a, b in zip(clock.times, clock.times[1:])][args.warmup - 1:]  # events end steps


def plain_step_times(model_dir, data, args) -> list:
    torch.set_num_threads(args.threads)
    model = load_model(model_dir, "native").module.train()
    params = list(model.parameters())
    optimizer = torch.optim.AdamW([{"params": [p for p in params if p.dim() >= 2], "weight_decay": WEIGHT_DECAY},
                                   {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}],
                                  lr=LR, betas=BETAS)
    sft = SFT(model.config.to_hf())
    examples = sft.read(data)
    order = BatchOrder(len(examples), args.batch_size, seed=0)
    batches = []
    for step in range(args.warmup + args.steps):
        batch = sft.collate([examples[i] for i in order.indices(step)])
        batches.append((batch["inputs"], batch["targets"].masked_fill(~batch["select"], -100)))
    times = []
    for inputs, labels in batches:
        t0 = time.perf_counter()
        logits = model(inputs)
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), labels.view(-1), ignore_index=-100)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        times.append(time.perf_counter() - t0)
    return times[args.warmup:]


def write_data(path, args, loss_fraction) -> None:
    rng = random.Random(0)
    prompt = round(args.seq_len * (1 - loss_fraction))
    with open(path, "w") as f:
        for _ in range(args.batch_size * (args.warmup + args.steps)):
            ids = [rng.randrange(args.vocab_size) for _ in range(args.seq_len)]
            f.write(json.dumps({"input_ids": ids, "loss_mask": [0] * prompt + [1] * (args.seq_len - prompt)}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="small")
    parser.add_argument("--vocab-size", type=int, default=8192)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--seq-len", type=int, default=256)
    parser.add_argument("--steps", type=int, default=6, help="timed steps per run")
    parser.add_argument("--warmup", type=int, default=2, help="untimed steps at the start of each run (at least 1)")
    parser.add_argument("--reps", type=int, default=4)
    parser.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    model_dir = os.path.join(tmp.name, "model")
    torch.manual_seed(0)
    model = LlamaForCausalLM(preset_config(args.preset, args.vocab_size))
    save_native(model, model_dir)
    tokens = args.batch_size * (args.seq_len - 1)  # inputs per step: the last token is only a label
    print(f"trainer bench: preset {args.preset} ({model.num_parameters() / 1e6:.1f}M parameters), "
          f"batch {args.batch_size} x {args.seq_len} tokens, {args.reps} reps x {args.steps} timed steps, "
          f"{args.threads} threads, torch {torch.__version__}")
    print(f"{'loss on':<16}{'trainer tok/s':>15}{'plain tok/s':>13}{'ratio':>7}{'ratio of best steps':>21}")
    for loss_fraction in (1.0, 0.25):
        data = os.path.join(tmp.name, f"data-{loss_fraction}.jsonl")
        write_data(data, args, loss_fraction)
        times = {"trainer": [], "plain": []}
        for rep in range(args.reps):
            sides = [("trainer", lambda: trainer_step_times(model_dir, data, os.path.join(tmp.name, "out"), args)),
                     ("plain", lambda: plain_step_times(model_dir, data, args))]
            for side, measure in sides if rep % 2 == 0 else sides[::-1]:
                times[side] += measure()
        median = {side: tokens / statistics.median(t) for side, t in times.items()}
        best = {side: tokens / min(t) for side, t in times.items()}  # least disturbed by other processes
        label = f"{loss_fraction:.0%} of tokens"
        print(f"{label:<16}{median['trainer']:>15,.0f}{median['plain']:>13,.0f}"
              f"{median['trainer'] / median['plain']:>7.2f}{best['trainer'] / best['plain']:>21.2f}", flush=True)
    tmp.cleanup()


if __name__ == "__main__":
    main()
