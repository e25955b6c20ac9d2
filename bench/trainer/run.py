"""Tokens/s of the trainer's SFT step next to a minimal plain PyTorch loop, measured in one run.

Both train the same model from the same weights on the same batches with the same AdamW settings.
The trainer runs its real loop (`trainer.loop.train`: batching, padding, masking, clipping,
logging); the plain loop is forward, cross-entropy, backward, step on ready-made tensors. The two
alternate step by step: each time the trainer reports a step, one plain step runs before the
trainer goes on, so a burst of load from other processes hits both sides alike. The trainer's
step time is the time between its step events less the plain step run in between. The first
--warmup steps of every run are not timed.

usage: /usr/bin/python3 bench/trainer/run.py [--preset small] [--reps 3] [--steps 8] [--warmup 2] [--threads N]
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


def plain_loop(model_dir: str, data: str, steps: int, batch_size: int):
    """A step function for the plain loop: each call trains on the next batch and returns seconds."""
    model = load_model(model_dir, "native").module.train()
    params = list(model.parameters())
    optimizer = torch.optim.AdamW([{"params": [p for p in params if p.dim() >= 2], "weight_decay": WEIGHT_DECAY},
                                   {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}],
                                  lr=LR, betas=BETAS)
    sft = SFT(model.config.to_hf())
    examples = sft.read(data)
    order = BatchOrder(len(examples), batch_size, seed=0)  # the trainer's order: the same batches
    batches = []
    for step in range(steps):
        batch = sft.collate([examples[i] for i in order.indices(step)])
        batches.append((batch["inputs"], batch["targets"].masked_fill(~batch["select"], -100)))
    batches = iter(batches)

    def step() -> float:
        inputs, labels = next(batches)
        t0 = time.perf_counter()
        logits = model(inputs)
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), labels.view(-1), ignore_index=-100)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return time.perf_counter() - t0

    return step


class Interleaver(io.TextIOBase):
    """Stands in for the trainer's stdout; runs one plain step at every trainer step event."""

    def __init__(self, plain_step):
        self.plain_step, self.trainer_times, self.plain_times, self.resumed = plain_step, [], [], None

    def write(self, text):
        for line in text.splitlines():
            if json.loads(line).get("event") == "step":
                if self.resumed is not None:
                    self.trainer_times.append(time.perf_counter() - self.resumed)
                self.plain_times.append(self.plain_step())
                self.resumed = time.perf_counter()
        return len(text)


def measure(model_dir: str, data: str, out: str, args) -> tuple:
    """(trainer step times, plain step times) of one run of each, warm-up steps dropped."""
    steps = args.warmup + args.steps
    interleaver = Interleaver(plain_loop(model_dir, data, steps, args.batch_size))
    config = TrainConfig(model=model_dir, train_file=data, out=out, steps=steps, batch_size=args.batch_size,
                         lr=LR, warmup_steps=0, adam_beta1=BETAS[0], adam_beta2=BETAS[1],
                         weight_decay=WEIGHT_DECAY, threads=args.threads, backend="native", keep_checkpoints=1)
    with redirect_stdout(interleaver), redirect_stderr(io.StringIO()):
        train(config)
    # trainer_times[i] is step i + 2 (the first starts at step 1's event); plain_times[i] is step i + 1
    return interleaver.trainer_times[args.warmup - 1:], interleaver.plain_times[args.warmup:]


def write_data(path: str, args, loss_fraction: float) -> None:
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
    parser.add_argument("--steps", type=int, default=8, help="timed steps per run")
    parser.add_argument("--warmup", type=int, default=2, help="untimed steps at the start of each run (at least 1)")
    parser.add_argument("--reps", type=int, default=3)
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
        ours, plain = [], []
        for _ in range(args.reps):
            trainer_times, plain_times = measure(model_dir, data, os.path.join(tmp.name, "out"), args)
            ours += trainer_times
            plain += plain_times
        median = tokens / statistics.median(ours), tokens / statistics.median(plain)
        best = tokens / min(ours), tokens / min(plain)  # least disturbed by other processes
        label = f"{loss_fraction:.0%} of tokens"
        print(f"{label:<16}{median[0]:>15,.0f}{median[1]:>13,.0f}{median[0] / median[1]:>7.2f}"
              f"{best[0] / best[1]:>21.2f}", flush=True)
    tmp.cleanup()


if __name__ == "__main__":
    main()
