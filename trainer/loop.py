"""The training loop every objective shares: AdamW with warmup and cosine decay, gradient
accumulation and clipping, DistributedDataParallel under torchrun, periodic evaluation, and
checkpoints that resume to the same bits as an uninterrupted run.

Loss normalisation: a global batch's loss is its summed loss divided by its summed weight (loss
tokens for SFT) over all ranks and micro-batches. Every rank reads the whole file, so every rank
knows that weight without communicating; DDP averages gradients over ranks, so each rank scales by
world_size / weight to make the result exactly the single-process gradient.
"""

import glob
import hashlib
import math
import os
import random
import shutil
import time
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from .checkpoint import (TOKEN_ROWS_PARAMETER, Lora, copy_tokenizer_files, end_of_turn_id, load_model, read_json,
                         write_json)
from .data import BatchOrder, shard
from .events import TrainerError, emit, log
from .objectives import make_objective


def knob(default=None, help="", choices=None):
    """A config field that is also a command-line flag (see __main__)."""
    meta = {"help": help, "choices": choices}
    return field(metadata=meta) if default is None else field(default=default, metadata=meta)


@dataclass
class TrainConfig:
    model: str = knob(help="model directory to start from (config.json, model.safetensors, tokenizer files)")
    train_file: str = knob(help="training examples, JSONL (see trainer/README.md)")
    out: str = knob(help="output directory: final model at its root, checkpoints in checkpoints/")
    eval_file: str = knob("", help="held-out examples for eval loss, same format as the training file")
    objective: str = knob("sft", help="training objective")
    dpo_loss: str = knob("sigmoid", "dpo: preference loss", ["sigmoid", "ipo", "esm_margin", "esm_weighted"])
    beta: float = knob(0.1, help="dpo: strength of the pull towards the reference model")
    margin_scale: float = knob(1.0, help="dpo esm_margin: margin per unit of ESM score gap")
    sft_weight: float = knob(0.0, help="dpo: weight of an SFT term on the chosen completion; 0 = none")
    backend: str = knob("auto", "model code: the built-in Llama where it computes the model exactly, else transformers",
                        ["auto", "native", "transformers"])
    steps: int = knob(0, help="optimizer steps; 0 = as many as --epochs takes")
    epochs: float = knob(1.0, help="passes over the training file when --steps is 0")
    batch_size: int = knob(16, help="examples per optimizer step, over all ranks (the global batch)")
    micro_batch_size: int = knob(0, help="examples per forward pass on one rank; 0 = the rank's whole share "
                                         "of the batch; smaller means gradient accumulation")
    lr: float = knob(3e-4, help="peak learning rate")
    min_lr_ratio: float = knob(0.1, help="the cosine decay ends at lr * this")
    warmup_steps: int = knob(-1, help="linear warmup steps; -1 = 5%% of the steps")
    weight_decay: float = knob(0.1, help="AdamW decoupled weight decay, applied to matrices only")
    adam_beta1: float = knob(0.9, help="AdamW beta1")
    adam_beta2: float = knob(0.95, help="AdamW beta2; lower than 0.999 keeps small-batch training stable")
    adam_eps: float = knob(1e-8, help="AdamW epsilon")
    grad_clip: float = knob(1.0, help="clip the global gradient norm to this; 0 = no clipping")
    eval_every: int = knob(0, help="evaluate every N steps (and at the end); 0 = only at the end")
    checkpoint_every: int = knob(0, help="checkpoint every N steps (and at the end); 0 = only at the end")
    keep_checkpoints: int = knob(2, help="delete all but the newest N checkpoints; 0 = keep all")
    log_every: int = knob(1, help="emit a step event every N steps")
    seed: int = knob(0, help="seed for data order and anything random in the model")
    device: str = knob("auto", "cuda when available", ["auto", "cpu", "cuda"])
    # bf16 only where the hardware computes it natively. Measured with bench/trainer (Gemma 3 270M shape, LoRA,
    # 4 x 512 tokens, 2 threads): on a CPU with AVX512-BF16 bf16 autocast trained 2.0x faster than fp32 (120 vs
    # 60 tokens/s); on AVX2 CPUs without it, a Gemma-sized MLP matmul ran 5.6-7.3x and the head 4.2-4.8x slower.
    precision: str = knob("auto", "auto = bf16 autocast on a GPU that has it, and for LoRA on a CPU with AVX512-BF16 "
                          "or AMX; else fp32", ["auto", "fp32", "bf16"])
    threads: int = knob(0, help="torch CPU threads per process; 0 = all cores shared among local ranks")
    resume: bool = knob(False, help="continue from the newest checkpoint in --out (start fresh if none)")
    lora_r: int = knob(0, help="LoRA rank (needs transformers and peft); 0 = train all weights")
    lora_alpha: float = knob(16.0, help="LoRA alpha; the update is scaled by alpha / r")
    lora_dropout: float = knob(0.05, help="LoRA dropout")
    lora_targets: str = knob("q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj",
                             help="comma-separated module names that get LoRA adapters")
    # A pretrained (not instruction-tuned) model never saw its chat template's end-of-turn token: measured on
    # Gemma 3 270M, log p(<end_of_turn>) after a finished tool call was -35 before SFT and -9.6 after the
    # demo's LoRA SFT, so the SFT model never stopped: adapters leave that token's untrained row as it is.
    lora_end_of_turn_lr: float = knob(
        30.0, help="LoRA: also train the embedding row of the end-of-turn token (tokenizer_config.json's "
                   "eos_token) at this multiple of --lr; 0 = adapters only")


# Settings that may differ between a checkpoint and its resumption: none of them changes the weights
# (the training file may move; its content is compared through train_sha256).
RESUMABLE_CHANGES = {"out", "train_file", "eval_file", "eval_examples", "resume", "threads", "device", "log_every",
                     "eval_every", "checkpoint_every", "keep_checkpoints", "torch_version"}


@dataclass
class Ranks:
    rank: int
    world: int
    local_rank: int
    device: torch.device

    def all_sum(self, values: list) -> list:
        """Elementwise sum over ranks of numbers or scalar tensors, as floats: one device sync."""
        t = torch.stack([torch.as_tensor(v, dtype=torch.float64, device=self.device) for v in values])
        if self.world > 1:
            dist.all_reduce(t)
        return t.tolist()

    def barrier(self):
        if self.world > 1:
            dist.barrier()


def setup(cfg: TrainConfig) -> Ranks:
    world, local_rank = int(os.environ.get("WORLD_SIZE", "1")), int(os.environ.get("LOCAL_RANK", "0"))
    cuda = cfg.device == "cuda" or (cfg.device == "auto" and torch.cuda.is_available())
    if cuda and not torch.cuda.is_available():
        raise TrainerError("--device cuda: no CUDA device available")
    device = torch.device("cuda", local_rank) if cuda else torch.device("cpu")
    if cuda:
        torch.cuda.set_device(device)
    local_world = int(os.environ.get("LOCAL_WORLD_SIZE", "1"))
    torch.set_num_threads(cfg.threads or max(1, len(os.sched_getaffinity(0)) // local_world))
    if world > 1 and not dist.is_initialized():
        dist.init_process_group("nccl" if cuda else "gloo")
    return Ranks(int(os.environ.get("RANK", "0")), world, local_rank, device)


def lr_at(step: int, cfg: TrainConfig, steps: int, warmup: int) -> float:
    """A pure function of the step, so a resumed run needs no scheduler state beyond the step."""
    if step < warmup:
        return cfg.lr * (step + 1) / warmup
    progress = (step - warmup) / max(1, steps - warmup)
    return cfg.lr * (cfg.min_lr_ratio + (1 - cfg.min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * progress)))


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def checkpoints(out: str) -> list:
    """Complete checkpoint directories, oldest first (an interrupted save leaves only a .tmp)."""
    found = glob.glob(os.path.join(out, "checkpoints", "step-*[0-9]"))
    return sorted(p for p in found if os.path.exists(os.path.join(p, "trainer_state.pt")))


def check_resumable(saved: dict, now: dict, path: str) -> None:
    for key in sorted(set(saved) | set(now)):
        if key not in RESUMABLE_CHANGES and saved.get(key) != now.get(key):
            raise TrainerError(f"cannot resume from {path}: {key} was {saved.get(key)!r}, now {now.get(key)!r}")


def resolve_precision(precision: str, device: torch.device, lora: bool) -> str:
    """`auto`: bf16 autocast where the hardware has bf16 arithmetic (see TrainConfig.precision), else fp32."""
    if precision != "auto":
        return precision
    if device.type == "cuda":
        return "bf16" if torch.cuda.is_bf16_supported() else "fp32"
    # On the CPU only for adapters on frozen fp32 weights: trained from scratch in bf16, the tiny model of
    # `ttpa demo --quick` got 10% of its seen-tools targets right after SFT (51% in fp32, the run).
    if not lora:
        return "fp32"
    # Private but long-standing torch probes (torch.cpu, 2.1+); an older torch simply gets fp32.
    native = [getattr(torch.cpu, probe, lambda: False) for probe in ("_is_avx512_bf16_supported", "_is_amx_tile_supported")]
    return "bf16" if any(check() for check in native) else "fp32"


def train(cfg: TrainConfig) -> dict:
    """Runs one training job to the end and returns the final metrics (the `done` event)."""
    t_start = time.perf_counter()
    ranks = setup(cfg)
    cfg.model, cfg.train_file, cfg.out = (os.path.abspath(p) for p in (cfg.model, cfg.train_file, cfg.out))
    cfg.eval_file = cfg.eval_file and os.path.abspath(cfg.eval_file)
    torch.manual_seed(cfg.seed)
    random.seed(cfg.seed)

    resume_from = checkpoints(cfg.out)[-1] if cfg.resume and checkpoints(cfg.out) else None
    lora = None
    if cfg.lora_r:
        end_of_turn = end_of_turn_id(cfg.model) if cfg.lora_end_of_turn_lr > 0 else None
        lora = Lora(cfg.lora_r, cfg.lora_alpha, cfg.lora_dropout, cfg.lora_targets.split(","),
                    () if end_of_turn is None else (end_of_turn,))
    if resume_from and lora:
        loaded = load_model(cfg.model, cfg.backend, lora, adapter_dir=resume_from)
    else:
        loaded = load_model(resume_from or cfg.model, cfg.backend, lora)
    model = loaded.module.to(ranks.device).train()

    objective = make_objective(cfg.objective, loaded.config, cfg)
    train_data = objective.read(cfg.train_file)
    eval_data = objective.read(cfg.eval_file) if cfg.eval_file else []
    lengths = [objective.length(e) for e in train_data]
    weights = [objective.weight(e) for e in train_data]
    order = BatchOrder(len(train_data), cfg.batch_size, cfg.seed)
    steps = cfg.steps or max(1, int(cfg.epochs * order.steps_per_epoch))
    warmup = cfg.warmup_steps if cfg.warmup_steps >= 0 else steps // 20
    if cfg.batch_size < 1 or cfg.batch_size % ranks.world:
        raise TrainerError(f"--batch-size {cfg.batch_size} is not a positive multiple of the {ranks.world} ranks")
    if 0 < len(eval_data) < ranks.world:
        raise TrainerError(f"{cfg.eval_file}: {len(eval_data)} examples, fewer than the {ranks.world} ranks")
    per_rank = cfg.batch_size // ranks.world
    micro = cfg.micro_batch_size or per_rank
    if micro < 1 or per_rank % micro:
        raise TrainerError(f"--micro-batch-size {micro} does not divide the {per_rank} examples per rank")
    precision = resolve_precision(cfg.precision, ranks.device, lora is not None)

    def autocast():
        return torch.autocast(ranks.device.type, dtype=torch.bfloat16) if precision == "bf16" else nullcontext()

    if hasattr(objective, "prepare"):
        # Preference objectives score against the starting model: on resume that is --model, not the checkpoint.
        # Under the policy's autocast, so that policy and reference agree exactly before the first step.
        reference = model if not resume_from else load_model(cfg.model, loaded.backend).module.to(ranks.device)
        with autocast():
            objective.prepare(reference, train_data + eval_data, ranks.device, micro)
        del reference
    resolved = {**asdict(cfg), "backend": loaded.backend, "steps": steps, "warmup_steps": warmup,
                "micro_batch_size": micro, "grad_accum": per_rank // micro, "world_size": ranks.world,
                "precision": precision, "device": str(ranks.device), "threads": torch.get_num_threads(),
                "train_sha256": file_sha256(cfg.train_file), "train_examples": len(train_data),
                "eval_examples": len(eval_data), "parameters": loaded.num_parameters(),
                "trainable_parameters": loaded.num_parameters(trainable_only=True),
                "torch_version": torch.__version__,
                "model_config": read_json(os.path.join(cfg.model, "config.json"))}
    if resume_from:
        check_resumable(read_json(os.path.join(resume_from, "trainer_config.json")), resolved, resume_from)

    named = {id(p): (n, p) for n, p in model.named_parameters() if p.requires_grad}.values()
    params = [p for _, p in named]
    rows = [p for n, p in named if TOKEN_ROWS_PARAMETER in n]
    rest = [p for n, p in named if TOKEN_ROWS_PARAMETER not in n]
    optimizer = torch.optim.AdamW(
        [{"params": [p for p in rest if p.dim() >= 2], "weight_decay": cfg.weight_decay, "lr_scale": 1.0},
         {"params": [p for p in rest if p.dim() < 2], "weight_decay": 0.0, "lr_scale": 1.0},  # norms' gains
         {"params": rows, "weight_decay": 0.0, "lr_scale": cfg.lora_end_of_turn_lr}],
        lr=cfg.lr, betas=(cfg.adam_beta1, cfg.adam_beta2), eps=cfg.adam_eps)
    start_step, last = 0, {}
    if resume_from:
        state = torch.load(os.path.join(resume_from, "trainer_state.pt"), map_location="cpu")
        optimizer.load_state_dict(state["optimizer"])  # moves the moments to the parameters' device
        torch.set_rng_state(state["rng"]["torch"])
        if state["rng"]["cuda"] is not None and ranks.device.type == "cuda":
            torch.cuda.set_rng_state(state["rng"]["cuda"], ranks.device)
        random.setstate(state["rng"]["python"])
        start_step, last = state["step"], state["metrics"]
    ddp = None
    if ranks.world > 1:
        ddp = DistributedDataParallel(model, device_ids=[ranks.local_rank] if ranks.device.type == "cuda" else None)

    def to_device(batch):
        return {k: v.to(ranks.device, non_blocking=True) for k, v in batch.items()}

    def evaluate() -> dict:
        model.eval()
        mine = sorted(range(len(eval_data)), key=lambda i: -objective.length(eval_data[i]))[ranks.rank::ranks.world]
        loss, metrics = 0.0, {}
        with torch.no_grad():
            for i in range(0, len(mine), micro):
                with autocast():
                    batch_loss, batch_metrics = objective.loss(model, to_device(objective.collate(
                        [eval_data[j] for j in mine[i:i + micro]])))
                loss += batch_loss.detach()
                for k, v in batch_metrics.items():
                    metrics[k] = metrics.get(k, 0.0) + v.detach()
        model.train()
        sums = ranks.all_sum([loss, *metrics.values()])
        total = max(1, sum(objective.weight(e) for e in eval_data))
        return {"eval_loss": sums[0] / total, **{f"eval_{k}": v / total for k, v in zip(metrics, sums[1:])}}

    def save_checkpoint(step: int) -> str:
        path = os.path.join(cfg.out, "checkpoints", f"step-{step:08d}")
        if ranks.rank == 0:
            tmp = path + ".tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            os.makedirs(tmp)
            loaded.save(tmp, False)
            copy_tokenizer_files(cfg.model, tmp)
            write_json(os.path.join(tmp, "trainer_config.json"), resolved)
            torch.save({"step": step, "optimizer": optimizer.state_dict(), "data": order.position(step),
                        "metrics": last,
                        "rng": {"torch": torch.get_rng_state(), "python": random.getstate(),
                                "cuda": torch.cuda.get_rng_state(ranks.device) if ranks.device.type == "cuda"
                                else None}},
                       os.path.join(tmp, "trainer_state.pt"))
            shutil.rmtree(path, ignore_errors=True)
            os.replace(tmp, path)  # a checkpoint appears whole or not at all
            if cfg.keep_checkpoints:
                for old in checkpoints(cfg.out)[:-cfg.keep_checkpoints]:
                    shutil.rmtree(old)
            emit("checkpoint", step=step, path=path)
        ranks.barrier()
        return path

    emit("start", **resolved, start_step=start_step)
    log(f"training {loaded.num_parameters():,} parameters ({loaded.backend}) on {ranks.device} "
        f"x{ranks.world}, steps {start_step}..{steps}")
    step_times, tokens_seen, window_tokens, window_time = [], 0, 0, 0.0
    for step in range(start_step, steps):
        t0 = time.perf_counter()
        lr = lr_at(step, cfg, steps, warmup)
        for group in optimizer.param_groups:
            group["lr"] = lr * group["lr_scale"]
        batch = order.indices(step)
        weight = max(1, sum(weights[i] for i in batch))  # global, identical on every rank
        micro_batches = shard(batch, lengths, ranks.rank, ranks.world, micro)
        loss_sum, metric_sums = 0.0, {}
        for i, indices in enumerate(micro_batches):
            # Only the last micro-batch's backward all-reduces gradients; the others accumulate locally.
            sync = nullcontext() if ddp is None or i == len(micro_batches) - 1 else ddp.no_sync()
            with sync:
                with autocast():
                    loss, metrics = objective.loss(ddp or model, to_device(objective.collate(
                        [train_data[j] for j in indices])))
                (loss * (ranks.world / weight)).backward()
            loss_sum += loss.detach()  # tensors, not .item(): the GPU need not wait between micro-batches
            for k, v in metrics.items():
                metric_sums[k] = metric_sums.get(k, 0.0) + v.detach()
        grad_norm = torch.nn.utils.clip_grad_norm_(params, cfg.grad_clip or float("inf"))
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

        grad_norm, *sums = ranks.all_sum([grad_norm, loss_sum, *metric_sums.values()])
        grad_norm /= ranks.world  # identical on every rank after DDP's all-reduce
        if not math.isfinite(sums[0]):
            raise TrainerError(f"loss is {sums[0]} at step {step + 1} (try a lower --lr)")
        done_steps = step + 1
        tokens = sum(lengths[i] for i in batch)
        tokens_seen += tokens
        step_times.append(time.perf_counter() - t0)
        window_tokens, window_time = window_tokens + tokens, window_time + step_times[-1]
        last = {"loss": sums[0] / weight, **{k: v / weight for k, v in zip(metric_sums, sums[1:])}}
        if done_steps % cfg.log_every == 0 or done_steps == steps:
            mean_time = sum(step_times) / len(step_times)
            emit("step", step=done_steps, loss=last["loss"], lr=lr, tokens_per_s=window_tokens / window_time,
                 eta_s=(steps - done_steps) * mean_time, grad_norm=grad_norm,
                 **{k: v for k, v in last.items() if k != "loss"})
            window_tokens, window_time = 0, 0.0
        if eval_data and (done_steps == steps or (cfg.eval_every and done_steps % cfg.eval_every == 0)):
            last.update(evaluate())
            emit("eval", step=done_steps, **{k: v for k, v in last.items() if k.startswith("eval_")})
        if cfg.checkpoint_every and done_steps % cfg.checkpoint_every == 0 and done_steps != steps:
            save_checkpoint(done_steps)

    checkpoint_path = save_checkpoint(steps)
    if ranks.rank == 0:
        loaded.save(cfg.out, True)
        copy_tokenizer_files(cfg.model, cfg.out)
        write_json(os.path.join(cfg.out, "trainer_config.json"), resolved)
    ranks.barrier()
    result = {"step": steps, **last, "tokens": tokens_seen, "elapsed_s": time.perf_counter() - t_start,
              "model_path": cfg.out, "checkpoint": checkpoint_path}
    emit("done", **result)
    if ranks.world > 1:
        dist.destroy_process_group()
    return result
