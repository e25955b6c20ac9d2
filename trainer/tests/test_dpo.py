import json
import math
import random
import unittest

import torch

from trainer.dpo import preference_loss
from trainer.events import TrainerError

from .helpers import BOS, EOS, FIRST_SYMBOL, SEP, VOCAB, TempDirTest, make_model_dir, run_in_process

# Fixed log-probs, worked by hand: h = (-10 - -11) - (-12 - -11) = 2.
P = dict(policy_chosen=torch.tensor([-10.0]), policy_rejected=torch.tensor([-12.0]),
         ref_chosen=torch.tensor([-11.0]), ref_rejected=torch.tensor([-11.0]))


class PreferenceLossGoldenTest(unittest.TestCase):
    def check(self, expected, **options):
        got = preference_loss(**P, **options).item()
        self.assertAlmostEqual(got, expected, places=6)

    def test_sigmoid(self):
        # -log σ(0.1 · 2) = log(1 + e^-0.2)
        self.check(math.log(1 + math.exp(-0.2)), loss="sigmoid", beta=0.1)  # 0.598139

    def test_ipo(self):
        # (h - 1/(2β))² = (2 - 5)²
        self.check(9.0, loss="ipo", beta=0.1)

    def test_esm_margin(self):
        # -log σ(0.2 - 1.0 · 0.5) = log(1 + e^0.3)
        self.check(math.log(1 + math.exp(0.3)), loss="esm_margin", beta=0.1, gap=torch.tensor([0.5]))  # 0.854355

    def test_esm_margin_grows_with_the_gap(self):
        small = preference_loss(**P, loss="esm_margin", beta=0.1, gap=torch.tensor([0.1])).item()
        large = preference_loss(**P, loss="esm_margin", beta=0.1, gap=torch.tensor([0.9])).item()
        self.assertGreater(large, small)

    def test_esm_weighted(self):
        self.check(0.5 * math.log(1 + math.exp(-0.2)), loss="esm_weighted", beta=0.1, weight=torch.tensor([0.5]))

    def test_unknown_loss_is_an_error(self):
        with self.assertRaisesRegex(TrainerError, "unknown preference loss 'kto'"):
            preference_loss(**P, loss="kto", beta=0.1)


def preference_pair(rng: random.Random) -> dict:
    """Random prompt symbols, then SEP and one answer symbol: chosen answers A, rejected answers B.
    A preference a model can learn in a few steps and that carries over to unseen prompts."""
    prompt = [BOS, *(rng.randrange(FIRST_SYMBOL, VOCAB) for _ in range(rng.randint(2, 6))), SEP]
    mask = [0] * len(prompt) + [1, 1]
    return {"chosen_ids": [*prompt, FIRST_SYMBOL, EOS], "chosen_mask": mask,
            "rejected_ids": [*prompt, FIRST_SYMBOL + 1, EOS], "rejected_mask": mask,
            "chosen_score": 1.0, "rejected_score": 0.3}


def write_pairs(path: str, count: int, seed: int) -> str:
    rng = random.Random(seed)
    with open(path, "w") as f:
        for _ in range(count):
            f.write(json.dumps(preference_pair(rng)) + "\n")
    return path


class DpoTrainingTest(TempDirTest):
    def dpo(self, loss: str, *extra):
        model = make_model_dir(self.path("base"))
        status, events = run_in_process(
            "dpo", "--model", model, "--train-file", write_pairs(self.path("train.jsonl"), 256, 0),
            "--eval-file", write_pairs(self.path("eval.jsonl"), 32, 1), "--out", self.path(loss),
            "--dpo-loss", loss, "--beta", 0.5, "--lr", 1e-2, "--steps", 30, "--batch-size", 16,
            "--threads", 1, "--device", "cpu", "--precision", "fp32", "--eval-every", 30, *extra)
        self.assertEqual(status, 0, events[-1])
        return events

    def test_every_loss_raises_the_held_out_margin(self):
        for loss in ("sigmoid", "ipo", "esm_margin", "esm_weighted"):
            with self.subTest(loss=loss):
                events = self.dpo(loss)
                first = next(e for e in events if e["event"] == "step")
                # Policy = reference at the first step: every reward is 0, so DPO's loss is log 2.
                self.assertAlmostEqual(first["rewards/margins"], 0.0, places=5)
                if loss == "sigmoid":
                    self.assertAlmostEqual(first["loss"], math.log(2), places=5)
                final = [e for e in events if e["event"] == "eval"][-1]
                self.assertGreater(final["eval_rewards/margins"], 0.5)
                self.assertGreater(final["eval_rewards/accuracies"], 0.9)

    def test_a_pair_counts_as_much_as_its_weight(self):
        # Half the pairs prefer A over B, half (the same prompts) B over A: unweighted they cancel out;
        # with the B-over-A pairs at weight 0, the model learns A over B as if they were not there.
        model = make_model_dir(self.path("base"))
        rng = random.Random(0)
        lines = {"even": [], "weighted": []}
        for _ in range(128):
            pair = preference_pair(rng)
            flipped = {**pair, "chosen_ids": pair["rejected_ids"], "rejected_ids": pair["chosen_ids"]}
            lines["even"] += [pair, flipped]
            lines["weighted"] += [{**pair, "weight": 1.0}, {**flipped, "weight": 0}]
        margins = {}
        for name, pairs in lines.items():
            path = self.path(f"{name}.jsonl")
            with open(path, "w") as f:
                f.writelines(json.dumps(p) + "\n" for p in pairs)
            status, events = run_in_process(
                "dpo", "--model", model, "--train-file", path, "--eval-file", write_pairs(self.path("eval.jsonl"), 32, 1),
                "--out", self.path(name), "--beta", 0.5, "--lr", 1e-2, "--steps", 30, "--batch-size", 16,
                "--threads", 1, "--device", "cpu", "--precision", "fp32", "--eval-every", 30)
            self.assertEqual(status, 0, events[-1])
            margins[name] = [e for e in events if e["event"] == "eval"][-1]["eval_rewards/margins"]
        self.assertLess(abs(margins["even"]), 0.3)
        self.assertGreater(margins["weighted"], 0.5)

    def test_bad_weight_names_file_and_line(self):
        model = make_model_dir(self.path("base"))
        path = self.path("bad.jsonl")
        with open(path, "w") as f:
            f.write(json.dumps({**preference_pair(random.Random(0)), "weight": -1}) + "\n")
        status, events = run_in_process("dpo", "--model", model, "--train-file", path, "--out", self.path("o"))
        self.assertNotEqual(status, 0)
        self.assertIn(f"{path}:1: weight", events[-1]["message"])

    def test_bad_pair_file_names_file_and_line(self):
        model = make_model_dir(self.path("base"))
        path = self.path("bad.jsonl")
        with open(path, "w") as f:
            f.write(json.dumps(preference_pair(random.Random(0))) + "\n")
            f.write(json.dumps({"chosen_ids": [1, 2], "chosen_mask": [0, 1], "rejected_ids": [1]}) + "\n")
        status, events = run_in_process("dpo", "--model", model, "--train-file", path, "--out", self.path("o"))
        self.assertNotEqual(status, 0)
        self.assertIn(f"{path}:2", events[-1]["message"])
