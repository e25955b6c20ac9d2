"""Supervised fine-tuning: next-token cross-entropy on the tokens the loss mask marks.

Input, one JSON object per line: {"input_ids": [int, ...], "loss_mask": [0|1, ...]} of equal
length. loss_mask[i] = 1 trains the model to predict token i from the tokens before it, so
loss_mask[0] has no effect. Other keys are ignored.
"""

import torch
import torch.nn.functional as F

from .data import int_list, pad_right, read_jsonl
from .events import TrainerError


class SFT:
    """An objective, as the training loop uses one (preference objectives follow the same shape):

    read(path) -> examples, validated
    length(example) -> tokens, for batching and throughput
    weight(example) -> loss units (here: loss tokens); a batch's loss is divided by the global sum
    collate(examples) -> dict of tensors for one micro-batch
    loss(model, batch) -> (loss summed over units, {metric: value summed over units})
    """

    def __init__(self, model_config: dict):
        self.vocab_size = model_config["vocab_size"]
        self.max_length = model_config.get("max_position_embeddings") or float("inf")
        # Any id pads: pads sit after the real tokens (invisible under the causal mask) and carry no loss.
        self.pad_id = model_config.get("pad_token_id") or 0

    def read(self, path: str) -> list:
        examples = []
        for n, obj in read_jsonl(path):
            where = f"{path}:{n}"
            ids = int_list(obj, "input_ids", where, 0, self.vocab_size)
            mask = int_list(obj, "loss_mask", where, 0, 2)
            if len(ids) != len(mask):
                raise TrainerError(f"{where}: input_ids has {len(ids)} tokens but loss_mask has {len(mask)}")
            if len(ids) < 2:
                raise TrainerError(f"{where}: needs at least 2 tokens")
            if len(ids) > self.max_length:
                raise TrainerError(f"{where}: {len(ids)} tokens, more than the model's "
                                   f"max_position_embeddings ({self.max_length})")
            examples.append((torch.tensor(ids), torch.tensor(mask, dtype=torch.bool)))
        if not examples:
            raise TrainerError(f"{path}: no examples")
        return examples

    def length(self, example) -> int:
        return len(example[0])

    def weight(self, example) -> int:
        return int(example[1][1:].sum())

    def collate(self, examples: list) -> dict:
        ids = pad_right([e[0] for e in examples], self.pad_id)  # (B, T)
        mask = pad_right([e[1] for e in examples], False)  # (B, T), False on pads
        return {"inputs": ids[:, :-1], "targets": ids[:, 1:], "select": mask[:, 1:]}  # position t predicts t + 1

    def loss(self, model, batch: dict):
        logits = model(batch["inputs"], select=batch["select"])  # (N, V) at the N loss positions only
        targets = batch["targets"][batch["select"]]  # (N,)
        loss = F.cross_entropy(logits.float(), targets, reduction="sum")
        correct = (logits.argmax(-1) == targets).sum()
        return loss, {"accuracy": correct}
