"""DPO runs each pair's shared prefix once (trainer/dpo.py): the packed row must give the log-probs and
gradients of chosen and rejected run as two plain sequences, for the built-in Llama and for transformers
models (Gemma 3's sliding-window layers, with and without LoRA; both attention implementations)."""

import random
import unittest
from types import SimpleNamespace

import torch

from trainer.checkpoint import HFCausalLM
from trainer.dpo import DPO, pack

from .architectures import tiny_config
from .helpers import FIRST_SYMBOL, VOCAB, build_model

# (shared tokens, chosen length, rejected length, first scored token of chosen, of rejected)
CASES = (
    (14, 22, 19, 9, 9),  # scoring starts inside the shared part: those tokens count for both sides
    (9, 15, 17, 9, 9),  # only the prompt is shared: no shared completion token
    (30, 40, 36, 24, 26),  # shared part far longer than the test models' sliding window (4)
    (0, 8, 11, 3, 3),  # nothing shared: the first token differs
    (12, 12, 18, 6, 6),  # chosen is all prefix of rejected
    (10, 10, 10, 4, 7),  # the same tokens, scored from different points
)


def make_pairs(seed: int = 0) -> tuple:
    """Examples as DPO.read gives them, and the model inputs S both sides share in each."""
    rng = random.Random(seed)

    def symbols(n, avoid=None):
        out = [rng.randrange(FIRST_SYMBOL, VOCAB) for _ in range(n)]
        if out and out[0] == avoid:  # the sides must differ right after the shared part
            out[0] = FIRST_SYMBOL + (avoid - FIRST_SYMBOL + 1) % (VOCAB - FIRST_SYMBOL)
        return out

    examples, shared_inputs = [], []
    for shared, c_len, r_len, c_from, r_from in CASES:
        prefix = symbols(shared)
        chosen = prefix + symbols(c_len - shared)
        rejected = prefix + symbols(r_len - shared, avoid=chosen[shared] if c_len > shared else None)
        example = {"gap": 0.5, "weight": 1.0}
        for side, ids, start in (("chosen", chosen, c_from), ("rejected", rejected, r_from)):
            example[side] = (torch.tensor(ids), torch.arange(len(ids)) >= start)
        examples.append(example)
        shared_inputs.append(min(shared, c_len - 1, r_len - 1))
    return examples, shared_inputs


def plain_logps(model, examples: list) -> tuple:
    """Summed and mean log-probs (2P,), chosen then rejected: every sequence alone, as one row."""
    sums, means = [], []
    for side in ("chosen", "rejected"):
        for example in examples:
            ids, mask = example[side]
            logits = model(ids[None, :-1], select=mask[None, 1:])  # (N, V)
            token_logps = torch.log_softmax(logits.float(), -1).gather(1, ids[1:][mask[1:]][:, None])[:, 0]
            sums.append(token_logps.sum())
            means.append(token_logps.mean())
    return torch.stack(sums), torch.stack(means)


def hf_model(arch: str, attention: str = "sdpa", lora: bool = False):
    from transformers import AutoModelForCausalLM
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(tiny_config(arch), attn_implementation=attention)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "norm" in name:
                p.normal_(0.0 if arch == "gemma3" else 1.0, 0.2)
    if lora:
        from peft import LoraConfig, get_peft_model
        model = get_peft_model(model, LoraConfig(r=4, lora_alpha=8, lora_dropout=0.0, task_type="CAUSAL_LM",
                                                 target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "up_proj"]))
        with torch.no_grad():  # B starts at zero, which would leave A without gradient
            for name, p in model.named_parameters():
                if "lora_B" in name:
                    p.normal_(0.0, 0.1)
    return HFCausalLM(model)


class SharedPrefixTest(unittest.TestCase):
    def setUp(self):
        torch.set_num_threads(1)
        self.dpo = DPO({"vocab_size": VOCAB}, SimpleNamespace(dpo_loss="sigmoid", beta=0.1, margin_scale=1.0,
                                                              sft_weight=0.0))
        self.examples, self.shared = make_pairs()
        # a different weight per sequence, so that a log-prob counted on the wrong side shows in the gradients
        self.weights = torch.randn(2 * len(self.examples), generator=torch.Generator().manual_seed(1))

    def test_packing_runs_the_shared_inputs_once(self):
        for example, shared in zip(self.examples, self.shared):
            ids = pack(example["chosen"], example["rejected"])[0]
            self.assertEqual(len(ids), len(example["chosen"][0]) - 1 + len(example["rejected"][0]) - 1 - shared)

    def check(self, model):
        params = [p for p in model.parameters() if p.requires_grad]

        def run(logps):
            sums, means = logps()
            grads = torch.autograd.grad((self.weights * sums).sum() + (self.weights * means).sum(), params)
            return sums.detach(), means.detach(), grads

        plain = run(lambda: plain_logps(model, self.examples))
        shared = run(lambda: self.dpo.sequence_logps(model, self.dpo.collate(self.examples)))
        torch.testing.assert_close(shared[0], plain[0], rtol=0, atol=1e-4)
        torch.testing.assert_close(shared[1], plain[1], rtol=0, atol=1e-4)
        for name, a, b in zip([n for n, p in model.named_parameters() if p.requires_grad], shared[2], plain[2]):
            torch.testing.assert_close(a, b, rtol=1e-3, atol=1e-5, msg=lambda m: f"{name}: {m}")
        self.assertTrue(all(g.abs().sum() > 0 for g in plain[2]))  # every parameter is exercised

    def test_builtin_llama(self):
        self.check(build_model())

    def test_transformers_gemma3_sliding_window(self):
        for attention in ("sdpa", "eager"):
            with self.subTest(attention=attention):
                self.check(hf_model("gemma3", attention))

    def test_transformers_gemma3_lora(self):
        self.check(hf_model("gemma3", lora=True))

    def test_transformers_llama_qwen2_qwen3(self):
        for arch in ("llama", "qwen2", "qwen3"):
            with self.subTest(arch=arch):
                self.check(hf_model(arch))


if __name__ == "__main__":
    unittest.main()
