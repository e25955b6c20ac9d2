"""Preference objectives of the DPO family, on (chosen, rejected) completions of one prompt.

Input, one JSON object per line:
  {"chosen_ids": [...], "chosen_mask": [0|1, ...], "rejected_ids": [...], "rejected_mask": [...],
   "chosen_score": float, "rejected_score": float, "weight": float}
"weight" (optional, default 1) is how much the pair counts: its whole loss, SFT term included, is
multiplied by it (ttpa's pair weighting, e.g. each kind of rejected error counting alike).
Each side is the whole sequence (prompt + completion); its mask marks the completion tokens that
are scored (the assistant's call). Scores are ESM scores in [0, 1]; the ESM-aware variants use the
gap between them.

Reference log-probabilities come from the starting model, computed once before training (prepare).

Chosen and rejected share the prompt, and pairs from the token-level sampler share the completion
up to the divergence token too: together most of both sequences. So each pair runs as one packed
row, [shared inputs, chosen's rest, rejected's rest], where rejected's rest sees the shared part but
not chosen's rest and takes its positions up from where the shared part ends: every token sees
exactly the context, at exactly the positions, it has in its own sequence, so log-probs and
gradients are those of the two sequences run apart (up to float rounding), for about half the
compute. A scored position inside the shared part counts for both sides from one logit row.
"""

import torch
import torch.nn.functional as F

from .data import int_list, pad_right, read_jsonl
from .events import TrainerError

# The closed set of preference losses; an unknown name is an error (see make_objective).
LOSSES = ("sigmoid", "ipo", "esm_margin", "esm_weighted")
# The parts of a packed row (see pack); pads form their own part, so every query sees some key.
SHARED, CHOSEN, REJECTED, PAD = 0, 1, 2, 3


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


def pack(chosen: tuple, rejected: tuple) -> tuple:
    """One row for a pair of (ids (L,), mask (L,)) sequences. The model's inputs are each sequence's ids[:-1];
    the first S of them are equal on both sides and run once. Returns the row's ids, positions and parts
    (R,), R = Lc - 1 + Lr - 1 - S, and targets (2, R): what chosen (0) and rejected (1) score at each
    position, -1 where that side scores nothing."""
    (c, c_mask), (r, r_mask) = chosen, rejected
    n = min(len(c), len(r)) - 1
    differ = (c[:n] != r[:n]).nonzero()
    S = int(differ[0]) if len(differ) else n
    c_rest, r_rest = len(c) - 1 - S, len(r) - 1 - S
    ids = torch.cat([c[:-1], r[S:-1]])
    positions = torch.cat([torch.arange(len(c) - 1), torch.arange(S, len(r) - 1)])
    parts = torch.tensor([SHARED] * S + [CHOSEN] * c_rest + [REJECTED] * r_rest)
    c_targets = c[1:].masked_fill(~c_mask[1:], -1)  # (Lc - 1,)
    r_targets = r[1:].masked_fill(~r_mask[1:], -1)  # (Lr - 1,)
    targets = torch.stack([torch.cat([c_targets, torch.full((r_rest,), -1)]),
                           torch.cat([r_targets[:S], torch.full((c_rest,), -1), r_targets[S:]])])
    return ids, positions, parts, targets


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
            weight = obj.get("weight", 1.0)
            if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not weight >= 0:
                raise TrainerError(f"{where}: weight must be a number >= 0")
            example["weight"] = float(weight)
            examples.append(example)
        if not examples:
            raise TrainerError(f"{path}: no examples")
        return examples

    def length(self, example) -> int:
        return len(example["chosen"][0]) + len(example["rejected"][0])

    def weight(self, example) -> int:
        return 1  # the loss is a mean over pairs

    def collate(self, examples: list) -> dict:
        rows = [pack(e["chosen"], e["rejected"]) for e in examples]  # one row per pair
        ids = pad_right([row[0] for row in rows], self.pad_id)  # (P, T)
        parts = pad_right([row[2] for row in rows], PAD)  # (P, T)
        targets = torch.stack([pad_right([row[3][side] for row in rows], -1) for side in (0, 1)])  # (2, P, T)
        T = ids.shape[1]
        # (P, T, T), query by key: earlier keys of the shared part or of the query's own part
        visible = torch.ones(T, T, dtype=torch.bool).tril() & (
            (parts[:, None, :] == SHARED) | (parts[:, None, :] == parts[:, :, None]))
        batch = {"inputs": ids, "positions": pad_right([row[1] for row in rows], 0), "visible": visible,
                 "targets": targets, "gap": torch.tensor([e["gap"] for e in examples]),
                 "weight": torch.tensor([e["weight"] for e in examples])}
        if "ref" in examples[0]:
            batch["ref"] = torch.tensor([e["ref"] for e in examples])  # (P, 2): chosen, rejected
        return batch

    def sequence_logps(self, model, batch):
        """Summed and mean log-probs of the scored tokens of each sequence, chosen then rejected: two (2P,)."""
        targets = batch["targets"]  # (2, P, T)
        select = (targets >= 0).any(0)  # (P, T): a position either side scores gets one logit row
        logits = model(batch["inputs"], select=select, positions=batch["positions"],
                       visible=batch["visible"])  # (N, V) at the selected positions
        side_targets = targets[:, select]  # (2, N)
        scored = side_targets >= 0
        token_logps = torch.gather(F.log_softmax(logits.float(), dim=-1), 1, side_targets.clamp(min=0).T).T  # (2, N)
        token_logps = torch.where(scored, token_logps, 0.0)
        pairs = select.shape[0]
        owner = torch.arange(pairs, device=select.device)[:, None].expand_as(select)[select]  # (N,): each one's pair
        sums = token_logps.new_zeros(2, pairs).index_add(1, owner, token_logps).reshape(-1)
        counts = scored.new_zeros(2, pairs, dtype=torch.long).index_add(1, owner, scored.long()).reshape(-1)
        return sums, sums / counts.clamp(min=1)

    @torch.no_grad()
    def prepare(self, model, examples: list, device, micro: int) -> None:
        """Reference log-probs of every pair under the starting model, once, before training."""
        was_training = model.training
        model.eval()
        for i in range(0, len(examples), micro):
            chunk = examples[i:i + micro]
            batch = {k: v.to(device) for k, v in self.collate(chunk).items()}
            sums, means = self.sequence_logps(model, batch)
            ref = means if self.loss_name == "ipo" else sums
            for j, example in enumerate(chunk):
                example["ref"] = (float(ref[j]), float(ref[j + len(chunk)]))
        gaps = [e["gap"] for e in examples]
        self.mean_gap = sum(gaps) / len(gaps) if gaps and sum(gaps) > 0 else 1.0
        model.train(was_training)

    def loss(self, model, batch: dict):
        pairs = batch["gap"].shape[0]
        sums, means = self.sequence_logps(model, batch)
        policy = means if self.loss_name == "ipo" else sums
        ref = batch["ref"]
        losses = preference_loss(policy[:pairs], policy[pairs:], ref[:, 0], ref[:, 1], loss=self.loss_name,
                                 beta=self.beta, gap=batch["gap"], margin_scale=self.margin_scale,
                                 weight=batch["gap"] / self.mean_gap)
        if self.sft_weight:
            chosen_nll = -means[:pairs]  # per-token NLL of the chosen completion
            losses = losses + self.sft_weight * chosen_nll
        losses = batch["weight"] * losses
        chosen_reward = self.beta * (policy[:pairs] - ref[:, 0]).detach()
        rejected_reward = self.beta * (policy[pairs:] - ref[:, 1]).detach()
        metrics = {"rewards/chosen": chosen_reward.sum(), "rewards/rejected": rejected_reward.sum(),
                   "rewards/margins": (chosen_reward - rejected_reward).sum(),
                   "rewards/accuracies": (chosen_reward > rejected_reward).float().sum(),
                   "logps/chosen": sums[:pairs].detach().sum(), "logps/rejected": sums[pairs:].detach().sum()}
        return losses.sum(), metrics
