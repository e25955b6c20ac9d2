"""Tokens/s of the trainer's SFT step next to a minimal plain PyTorch loop, measured in one run.

Both train the same model from the same weights on the same batches with the same AdamW settings.
The trainer runs its real loop (`trainer.loop.train`: batching, padding, masking, clipping,
logging); the plain loop is forward, cross-entropy, backward, step on ready-made tensors. The two
alternate step by step: each time the trainer reports a step, one plain step runs before the
trainer goes on, so a burst of load from other processes hits both sides alike. The trainer's
step time is the time between its step events less the plain step run in between. The first
--warmup steps of every run are not timed.

With --arch gemma3 the model is shaped like Gemma 3 270M (640 wide, 18 layers, 262,144 tokens;
randomly initialised with transformers' own classes) and both sides run it through transformers:
the trainer projects only loss positions onto the vocabulary, the plain loop takes transformers'
logits at every position. One line per precision (fp32, bf16 autocast) and mode (all weights,
LoRA), loss on 25% of the tokens.

With --objective dpo it times DPO instead, on pairs of a 600-token prompt and 40-token completions
that diverge after 10 tokens: the trainer's DPO (each pair one packed row, the shared prefix run
once) next to the plain computation it replaced (chosen and rejected as two padded sequences), the
same model and pairs, alternating step by step. Per mode it prints the median seconds of the
reference pass (forward, no grad) and of the policy step (forward and backward; the optimizer step
is the same either way and left out), and their ratio, shared / plain.

usage: .venv/bin/python bench/trainer/run.py [--preset small] [--reps 3] [--steps 8] [--warmup 2] [--threads N]
       .venv/bin/python bench/trainer/run.py --arch gemma3 [--layers 18] [--precisions fp32,bf16] [--modes full,lora]
       .venv/bin/python bench/trainer/run.py --arch gemma3 --objective dpo [--batch-size 2] [--steps 3]
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

from trainer.checkpoint import Lora, load_model, save_native  # noqa: E402
from trainer.data import BatchOrder, pad_right  # noqa: E402
from trainer.dpo import DPO, preference_loss  # noqa: E402
from trainer.loop import TrainConfig, train  # noqa: E402
from trainer.model import LlamaForCausalLM, preset_config  # noqa: E402
from trainer.sft import SFT  # noqa: E402

LR, BETAS, WEIGHT_DECAY = 1e-3, (0.9, 0.95), 0.1


def plain_loop(model_dir: str, data: str, steps: int, batch_size: int, run: dict):
    """A step function for the plain loop: each call trains on the next batch and returns seconds."""
    loaded = load_model(model_dir, run["backend"], run["lora"])
    model = loaded.module.train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW([{"params": [p for p in params if p.dim() >= 2], "weight_decay": WEIGHT_DECAY},
                                   {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}],
                                  lr=LR, betas=BETAS)
    sft = SFT(loaded.config)
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
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=run["precision"] == "bf16"):
            logits = model(inputs)  # (B, T, V): every position
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)).float(), labels.view(-1), ignore_index=-100)
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


def measure(model_dir: str, data: str, out: str, args, run: dict) -> tuple:
    """(trainer step times, plain step times) of one run of each, warm-up steps dropped."""
    steps = args.warmup + args.steps
    interleaver = Interleaver(plain_loop(model_dir, data, steps, args.batch_size, run))
    lora = run["lora"]
    config = TrainConfig(model=model_dir, train_file=data, out=out, steps=steps, batch_size=args.batch_size,
                         lr=LR, warmup_steps=0, adam_beta1=BETAS[0], adam_beta2=BETAS[1],
                         weight_decay=WEIGHT_DECAY, threads=args.threads, backend=run["backend"], keep_checkpoints=1,
                         precision=run["precision"], lora_r=lora.r if lora else 0,
                         lora_alpha=lora.alpha if lora else 16.0, lora_dropout=0.0,
                         lora_targets=",".join(lora.targets) if lora else TrainConfig.lora_targets)
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


def write_pairs(path: str, count: int, vocab_size: int, prompt=600, completion=40, shared=10) -> None:
    rng = random.Random(0)
    with open(path, "w") as f:
        for _ in range(count):
            head = [rng.randrange(vocab_size) for _ in range(prompt + shared)]
            chosen = head + [rng.randrange(vocab_size) for _ in range(completion - shared)]
            rejected = head + [(chosen[len(head)] + 1) % vocab_size] + [rng.randrange(vocab_size)
                                                                       for _ in range(completion - shared - 1)]
            mask = [0] * prompt + [1] * completion
            f.write(json.dumps({"chosen_ids": chosen, "chosen_mask": mask, "rejected_ids": rejected,
                                "rejected_mask": mask}) + "\n")


def plain_dpo_logps(model, examples: list):
    """DPO's summed log-probs (2P,) as computed before prefix sharing: chosen and rejected as 2P padded rows."""
    sides = [e["chosen"] for e in examples] + [e["rejected"] for e in examples]
    ids, mask = pad_right([s[0] for s in sides], 0), pad_right([s[1] for s in sides], False)  # (2P, T)
    select = mask[:, 1:]
    logits = model(ids[:, :-1], select=select)  # (N, V)
    token_logps = torch.gather(F.log_softmax(logits.float(), dim=-1), 1, ids[:, 1:][select][:, None])[:, 0]
    owner = torch.arange(len(sides))[:, None].expand_as(select)[select]
    return torch.zeros(len(sides)).index_add(0, owner, token_logps)


def dpo_bench(model_dir: str, tmp: str, args, run: dict) -> None:
    """One line: median seconds of the reference pass and the policy step, shared and plain."""
    loaded = load_model(model_dir, run["backend"], run["lora"])
    model = loaded.module.train()
    dpo = DPO(loaded.config, TrainConfig(model="", train_file="", out=""))
    data = os.path.join(tmp, "pairs.jsonl")
    write_pairs(data, args.batch_size, args.vocab_size)
    examples = dpo.read(data)
    for e in examples:
        e["ref"] = (0.0, 0.0)  # the values do not change the work
    pairs = len(examples)

    def shared(grad: bool):
        if not grad:
            return dpo.sequence_logps(model, dpo.collate(examples))
        loss, _ = dpo.loss(model, dpo.collate(examples))
        loss.backward()

    def plain(grad: bool):
        if not grad:
            return plain_dpo_logps(model, examples)
        sums = plain_dpo_logps(model, examples)
        zero = torch.zeros(pairs)
        preference_loss(sums[:pairs], sums[pairs:], zero, zero, loss="sigmoid", beta=0.1).sum().backward()

    times = {(side, grad): [] for side in ("shared", "plain") for grad in (False, True)}
    for step in range(args.warmup + args.steps):
        for grad in (False, True):
            for side, fn in (("shared", shared), ("plain", plain)):  # alternating: load hits both alike
                t0 = time.perf_counter()
                with torch.autocast("cpu", dtype=torch.bfloat16, enabled=run["precision"] == "bf16"), \
                        torch.set_grad_enabled(grad):
                    fn(grad)
                if step >= args.warmup:
                    times[side, grad].append(time.perf_counter() - t0)
                model.zero_grad(set_to_none=True)
    ref, step = ((statistics.median(times["shared", g]), statistics.median(times["plain", g])) for g in (False, True))
    print(f"{run['label']:<16}{ref[0]:>11.2f}{ref[1]:>10.2f}{ref[0] / ref[1]:>7.2f}"
          f"{step[0]:>12.2f}{step[1]:>10.2f}{step[0] / step[1]:>7.2f}", flush=True)


def gemma3_model(path: str, layers: int) -> int:
    """A randomly initialised model of Gemma 3 270M's shape; returns its parameter count."""
    from transformers import AutoModelForCausalLM, Gemma3TextConfig
    config = Gemma3TextConfig(vocab_size=262_144, hidden_size=640, intermediate_size=2048, num_hidden_layers=layers,
                              num_attention_heads=4, num_key_value_heads=1, head_dim=256, sliding_window=512,
                              max_position_embeddings=32_768, bos_token_id=2, eos_token_id=1, pad_token_id=0)
    model = AutoModelForCausalLM.from_config(config)
    model.save_pretrained(path)
    return sum(p.numel() for p in model.parameters())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--arch", default="llama", choices=["llama", "gemma3"],
                        help="llama: a built-in preset, native model code; gemma3: Gemma 3 270M's shape, transformers")
    parser.add_argument("--preset", default="small", help="llama: the preset")
    parser.add_argument("--objective", default="sft", choices=["sft", "dpo"],
                        help="dpo: DPO with each pair's shared prefix run once, next to running it twice")
    parser.add_argument("--layers", type=int, default=18, help="gemma3: decoder layers")
    parser.add_argument("--precisions", default="fp32,bf16", help="gemma3: comma-separated")
    parser.add_argument("--modes", default="full,lora", help="gemma3: comma-separated, full and/or lora (r 16)")
    parser.add_argument("--vocab-size", type=int, default=8192, help="llama: vocabulary")
    parser.add_argument("--batch-size", type=int, default=None, help="default 8 (llama), 4 (gemma3)")
    parser.add_argument("--seq-len", type=int, default=None, help="default 256 (llama), 128 (gemma3)")
    parser.add_argument("--steps", type=int, default=None, help="timed steps per run; default 8 (llama), 3 (gemma3)")
    parser.add_argument("--warmup", type=int, default=None, help="untimed steps at the start of each run (at least 1); "
                                                                  "default 2 (llama), 1 (gemma3)")
    parser.add_argument("--reps", type=int, default=None, help="default 3 (llama), 1 (gemma3)")
    parser.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()
    gemma = args.arch == "gemma3"
    for name, llama_default, gemma_default in (("batch_size", 8, 4), ("seq_len", 256, 128), ("steps", 8, 3),
                                               ("warmup", 2, 1), ("reps", 3, 1)):
        if getattr(args, name) is None:
            setattr(args, name, gemma_default if gemma else llama_default)

    tmp = tempfile.TemporaryDirectory()
    model_dir = os.path.join(tmp.name, "model")
    torch.manual_seed(0)
    if gemma:
        args.vocab_size = 262_144
        parameters = gemma3_model(model_dir, args.layers)
        shape = f"Gemma 3 270M shape, {args.layers} layers"
        runs = [{"backend": "transformers", "precision": precision,
                 "lora": Lora(16, 32.0, 0.0, TrainConfig.lora_targets.split(",")) if mode == "lora" else None,
                 "label": f"{precision} {mode}", "loss_fraction": 0.25}
                for precision in args.precisions.split(",") for mode in args.modes.split(",")]
    else:
        model = LlamaForCausalLM(preset_config(args.preset, args.vocab_size))
        save_native(model, model_dir)
        parameters, shape = model.num_parameters(), f"preset {args.preset}"
        runs = [{"backend": "native", "precision": "fp32", "lora": None, "label": f"{fraction:.0%} of tokens",
                 "loss_fraction": fraction} for fraction in (1.0, 0.25)]
        if args.objective == "dpo":
            runs = [{**runs[0], "label": "fp32 full"}]
    if args.objective == "dpo":
        print(f"DPO bench: {shape} ({parameters / 1e6:.1f}M parameters), {args.batch_size} pairs of 600 prompt + 40 "
              f"completion tokens diverging after 10, median of {args.steps} steps, {args.threads} threads, "
              f"torch {torch.__version__}")
        print(f"{'run':<16}{'ref shared':>11}{'plain':>10}{'ratio':>7}{'step shared':>12}{'plain':>10}{'ratio':>7}")
        torch.set_num_threads(args.threads)
        for run in runs:
            dpo_bench(model_dir, tmp.name, args, run)
        tmp.cleanup()
        return
    tokens = args.batch_size * (args.seq_len - 1)  # inputs per step: the last token is only a label
    print(f"trainer bench: {shape} ({parameters / 1e6:.1f}M parameters), "
          f"batch {args.batch_size} x {args.seq_len} tokens, {args.reps} reps x {args.steps} timed steps, "
          f"{args.threads} threads, torch {torch.__version__}")
    print(f"{'run':<16}{'trainer tok/s':>15}{'plain tok/s':>13}{'ratio':>7}{'ratio of best steps':>21}")
    for run in runs:
        data = os.path.join(tmp.name, f"data-{run['loss_fraction']}.jsonl")
        write_data(data, args, run["loss_fraction"])
        ours, plain = [], []
        for _ in range(args.reps):
            trainer_times, plain_times = measure(model_dir, data, os.path.join(tmp.name, "out"), args, run)
            ours += trainer_times
            plain += plain_times
        median = tokens / statistics.median(ours), tokens / statistics.median(plain)
        best = tokens / min(ours), tokens / min(plain)  # least disturbed by other processes
        print(f"{run['label']:<16}{median[0]:>15,.1f}{median[1]:>13,.1f}{median[0] / median[1]:>7.2f}"
              f"{best[0] / best[1]:>21.2f}", flush=True)
    tmp.cleanup()


if __name__ == "__main__":
    main()
