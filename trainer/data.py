"""Reading token files and cutting them into batches. Nothing here knows what the tokens mean."""

import json
import random

import torch

from .events import TrainerError


def read_jsonl(path: str):
    """Yields (line number, object) for every non-blank line; errors name the file and line."""
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        raise TrainerError(f"{path}: {e.strerror}") from None
    with f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise TrainerError(f"{path}:{n}: invalid JSON ({e.msg})") from None
            if not isinstance(obj, dict):
                raise TrainerError(f"{path}:{n}: expected a JSON object")
            yield n, obj


def int_list(obj: dict, key: str, where: str, low: int, high: int) -> list:
    """obj[key] checked to be a list of integers in [low, high)."""
    value = obj.get(key)
    if not isinstance(value, list) or not all(type(v) is int for v in value):
        raise TrainerError(f"{where}: {key} must be a list of integers")
    bad = next((v for v in value if not low <= v < high), None)
    if bad is not None:
        raise TrainerError(f"{where}: {key} has {bad}, outside [{low}, {high})")
    return value


class BatchOrder:
    """Which examples form global batch number `step`: a seeded shuffle per epoch, cut into full
    batches (an epoch's last, partial batch is dropped). A pure function of the step, so the data
    position of a checkpoint is its step."""

    def __init__(self, num_examples: int, batch_size: int, seed: int):
        if num_examples < batch_size:
            raise TrainerError(f"{num_examples} training examples, fewer than one batch of {batch_size}")
        self.num_examples, self.batch_size, self.seed = num_examples, batch_size, seed
        self.steps_per_epoch = num_examples // batch_size
        self._epoch, self._order = None, None

    def position(self, step: int) -> dict:
        epoch, batch = divmod(step, self.steps_per_epoch)
        return {"epoch": epoch, "batch_in_epoch": batch, "examples_seen": step * self.batch_size}

    def indices(self, step: int) -> list:
        epoch, batch = divmod(step, self.steps_per_epoch)
        if epoch != self._epoch:
            self._order = list(range(self.num_examples))
            random.Random(f"{self.seed}:{epoch}").shuffle(self._order)  # str seeds hash the same in every run
            self._epoch = epoch
        return self._order[batch * self.batch_size:(batch + 1) * self.batch_size]


def shard(indices: list, lengths: list, rank: int, world: int, micro_batch_size: int) -> list:
    """This rank's micro-batches of a global batch. Sorting by length first puts similar lengths
    in one micro-batch (less padding) and deals every rank a similar number of tokens."""
    ordered = sorted(indices, key=lambda i: -lengths[i])
    mine = ordered[rank::world]
    return [mine[i:i + micro_batch_size] for i in range(0, len(mine), micro_batch_size)]


def pad_right(seqs: list, value) -> torch.Tensor:
    """(B, T) from B 1-d tensors, padded at the end: under a causal mask real tokens never see pads."""
    out = torch.full((len(seqs), max(len(s) for s in seqs)), value, dtype=seqs[0].dtype)
    for row, s in zip(out, seqs):
        row[:len(s)] = s
    return out
