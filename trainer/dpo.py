"""Preference objectives of the DPO family, on (chosen, rejected) completions of one prompt.

Input, one JSON object per line:
  {"chosen_ids": [...], "chosen_mask": [0|1, ...], "rejected_ids": [...], "rejected_mask": [...],
   "chosen_score": float, "rejected_score": float}
Each side is the whole sequence (prompt + completion); its mask marks the completion tokens that
are scored (the assistant's call). Scores are ESM scores in [0, 1]; the ESM-aware variants use the
gap between them.

Reference log-probabilities come from the starting model, computed once before training (prepare).
"""

import torch
import torch.nn.functional as F

from .data import int_list, pad_right, read_jsonl
from .events import TrainerError

# The closed set of preference losses; an unknown name is an error (see make_objective).
LOSSES = ("sigmoid", "ipo", "esm_margin", "esm_weighted")


def preference_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, *, loss: str, beta: float,
                    gap=None, margin_scale: float = 1.0, weight=None):
    """Per-pair losses (P,) from summed log-probs (P,) of each side (IPO: per-token means).

    sigmoid:      -log σ(β·h),  h = (π_c − ref_c) − (π_r − ref_r)            (DPO)
    ipo:          (h − 1/(2β))²                                              (IPO)
    esm_margin:   -log σ(β·h − γ·gap), the margin grows with the ESM gap      (γ = margin_scale)
    esm_weighted: w · (-log σ(β·h)), the pair's weight from its ESM gap       (w given)
    """
    h = (policy_chosen - ref_chosen) - (policy_rejected - ref_rejected)
    if loss == "sigmoid":
        return -F.logsigmoid(beta * h)
    if loss == "ipo":
        return (h - 1.0 / (2.0 * beta)) ** 2
    if loss == "esm_margin":
        return -F.logsigmoid(beta * h - margin_scale * gap)
    if loss == "esm_weighted":
        return weight * -F.logsigmoid(beta * h)
    raise TrainerError(f"unknown preference loss {loss!r} (known: {', '.join(LOSSES)})")


class DPO:
    """A preference objective for the shared loop (same methods as SFT, plus prepare)."""

    def __init__(self, model_config: dict, cfg):
        if cfg.dpo_loss not in LOSSES:
            raise TrainerError(f"unknown --dpo-loss {cfg.dpo_loss!r} (known: {', '.join(LOSSES)})")
        if cfg.beta <= 0:
            raise TrainerError("--beta must be positive")
        self.loss_name, self.beta = cfg.dpo_loss, cfg.beta
        self.margin_scale, self.sft_weight = cfg.margin_scale, cfg.sft_weight
        self.vocab_size = model_config["vocab_size"]
        self.max_length = model_config.get("max_position_embeddings") or float("inf")
        self.pad_id = model_config.get("pad_token_id") or 0
        self.mean_gap = 1.0

    def read(self, path: str) -> list:
        examples = []
        for n, obj in read_jsonl(path):
            where = f"{path}:{n}"
            example = {}
            for side in ("chosen", "rejected"):
                ids = int_list(obj, f"{side}_ids", where, 0, self.vocab_size)
                mask = int_list(obj, f"{side}_mask", where, 0, 2)
                if len(ids) != len(mask):
                    raise TrainerError(f"{where}: {side}_ids and {side}_mask differ in length")
                if len(ids) > self.max_length:
                    raise TrainerError(f"{where}: {side} has {len(ids)} tokens, more than the model's "
                                       f"max_position_embeddings ({self.max_length})")
                if sum(mask[1:]) == 0:
                    raise TrainerError(f"{where}: {side}_mask marks no completion token")
                example[side] = (torch.tensor(ids), torch.tensor(mask, dtype=torch.bool))
            scores = [obj.get("chosen_score", 1.0), obj.get("rejected_score", 0.0)]
            if not all(isinstance(s, (int, float)) for s in scores):
                raise TrainerError(f"{where}: chosen_score and rejected_score must be numbers")
            example["gap"] = max(0.0, float(scores[0]) - float(scores[1]))
            examples.append(example)
        if not examples:
            raise TrainerError(f"{path}: no examples")
        return examples

    def length(self, example) -> int:
        return len(example["chosen"][0]) + len(example["rejected"][0])

    def weight(self, example) -> int:
        return 1  # the loss is a mean over pairs

    def collate(self, examples: list) -> dict:
        sides = [e["chosen"] for e in examples] + [e["rejected"] for e in examples]  # 2P sequences
        ids = pad_right([s[0] for s in sides], self.pad_id)  # (2P, T)
        mask = pad_right([s[1] for s in sides], False)  # (2P, T)
        batch = {"inputs": ids[:, :-1], "targets": ids[:, 1:], "select": mask[:, 1:],
                 "gap": torch.tensor([e["gap"] for e in examples])}
        if "ref" in examples[0]:
            batch["ref"] = torch.tensor([e["ref"] for e in examples])  # (P, 2): chosen, rejected
        return batch

    def sequence_logps(self, model, batch):
        """Summed and mean log-probs of the selected tokens of each sequence: two (2P,) tensors."""
        logits = model(batch["inputs"], select=batch["select"])  # (N, V) at the selected positions
        targets = batch["targets"][batch["select"]]  # (N,)
        token_logps = torch.gather(F.log_softmax(logits.float(), dim=-1), 1, targets[:, None])[:, 0]
        rows = torch.arange(batch["select"].shape[0], device=targets.device)[:, None].expand_as(batch["select"])
        owner = rows[batch["select"]]  # (N,): which sequence each selected token belongs to
        sums = torch.zeros(batch["select"].shape[0], device=targets.device).index_add(0, owner, token_logps)
        counts = batch["select"].sum(1).clamp(min=1)
        return sums, sums / counts, token_logps, owner

    @torch.no_grad()
    def prepare(self, model, examples: list, device, micro: int) -> None:
        """Reference log-probs of every pair under the starting model, once, before training."""
        was_training = model.training
        model.eval()
        for i in range(0, len(examples), micro):
            chunk = examples[i:i + micro]
            batch = {k: v.to(device) for k, v in self.collate(chunk).items()}
            sums, means, _, _ = self.sequence_logps(model, batch)
            ref = means if self.loss_name == "ipo" else sums
            for j, example in enumerate(chunk):
                example["ref"] = (float(ref[j]), float(ref[j + len(chunk)]))
        gaps = [e["gap"] for e in examples]
        self.mean_gap = sum(gaps) / len(gaps) if gaps and sum(gaps) > 0 else 1.0
        model.train(was_training)

    def loss(self, model, batch: dict):
        pairs = batch["gap"].shape[0]
        sums, means, token_logps, owner = self.sequence_logps(model, batch)
        policy = means if self.loss_name == "ipo" else sums
        ref = batch["ref"]
        losses = preference_loss(policy[:pairs], policy[pairs:], ref[:, 0], ref[:, 1], loss=self.loss_name,
                                 beta=self.beta, gap=batch["gap"], margin_scale=self.margin_scale,
                                 weight=batch["gap"] / self.mean_gap)
        if self.sft_weight:
            chosen_nll = -means[:pairs]  # per-token NLL of the chosen completion
            losses = losses + self.sft_weight * chosen_nll
        chosen_reward = self.beta * (policy[:pairs] - ref[:, 0]).detach()
        rejected_reward = self.beta * (policy[pairs:] - ref[:, 1]).detach()
        metrics = {"rewards/chosen": chosen_reward.sum(), "rewards/rejected": rejected_reward.sum(),
                   "rewards/margins": (chosen_reward - rejected_reward).sum(),
                   "rewards/accuracies": (chosen_reward > rejected_reward).float().sum(),
                   "logps/chosen": sums[:pairs].detach().sum(), "logps/rejected": sums[pairs:].detach().sum()}
        return losses.sum(), metrics
