"""Training the real architectures (Gemma 3, Llama, Qwen 2, Qwen 3) through transformers and peft."""

import json
import random
import unittest

import torch
from transformers import AutoModelForCausalLM

from trainer.checkpoint import Lora, end_of_turn_id, load_model, read_json, write_json
from trainer.loop import checkpoints

from .architectures import ARCHITECTURES, save_tiny_model
from .convert_fixtures import save_fixture
from .helpers import VOCAB, TempDirTest, run_in_process, write_examples


def held_out_loss(model_dir: str, examples: list) -> float:
    """Mean next-token cross-entropy on the loss-carrying tokens of `examples`."""
    model = AutoModelForCausalLM.from_pretrained(model_dir).float().eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for e in examples:
            ids, mask = torch.tensor([e["input_ids"]]), torch.tensor(e["loss_mask"][1:], dtype=torch.bool)
            logits = model(input_ids=ids).logits[0, :-1]
            total += torch.nn.functional.cross_entropy(logits[mask], ids[0, 1:][mask], reduction="sum").item()
            count += int(mask.sum())
    return total / count


class ArchitecturesTest(TempDirTest):
    def test_loss_positions_only_head_equals_the_full_head(self):
        ids = torch.randint(0, VOCAB, (2, 12), generator=torch.Generator().manual_seed(0))
        select = torch.rand(2, 12, generator=torch.Generator().manual_seed(1)) < 0.4
        for arch in ARCHITECTURES:
            with self.subTest(arch=arch):
                loaded = load_model(save_tiny_model(arch, self.path(arch)), "transformers")
                self.assertEqual(loaded.backend, "transformers")
                with torch.no_grad():
                    full = loaded.module(ids)  # (2, 12, V)
                    torch.testing.assert_close(loaded.module(ids, select=select), full[select], rtol=1e-5, atol=1e-6)

    def test_full_and_lora_sft_learn_and_the_merged_model_is_the_trained_one(self):
        train = write_examples(self.path("train.jsonl"), 256, seed=0)
        held_out = [json.loads(line) for line in open(write_examples(self.path("eval.jsonl"), 64, seed=1))]
        for arch in ARCHITECTURES:
            for mode, extra in (("full", ("--lr", 1e-2)), ("lora", ("--lr", 5e-2, "--lora-r", 8, "--lora-alpha", 16))):
                with self.subTest(arch=arch, mode=mode):
                    base = save_tiny_model(arch, self.path(arch, "base"))
                    out = self.path(arch, mode)
                    status, events = run_in_process(
                        "sft", "--model", base, "--train-file", train, "--out", out, "--steps", 30,
                        "--batch-size", 16, "--backend", "transformers", "--threads", 1, "--device", "cpu", "--seed", 1, *extra)
                    self.assertEqual(status, 0, events[-1])
                    before, after = held_out_loss(base, held_out), held_out_loss(out, held_out)
                    # measured: full 2.8 -> ~2.2, LoRA on frozen random weights 2.8 -> ~2.6
                    self.assertLess(after, before - (0.3 if mode == "full" else 0.05), f"{arch} {mode}")
                    self.assertEqual(read_json(f"{out}/trainer_config.json")["backend"], "transformers")
                    # The final directory is a plain transformers checkpoint (LoRA merged) that reproduces
                    # the last checkpoint's model.
                    final = AutoModelForCausalLM.from_pretrained(out).float().eval()
                    if mode == "full":
                        last = load_model(checkpoints(out)[-1], "transformers").module.eval()
                    else:
                        lora = Lora(8, 16, 0.0, ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj",
                                                 "down_proj"])
                        last = load_model(base, "transformers", lora, adapter_dir=checkpoints(out)[-1]).module.eval()
                    ids = torch.tensor([[1, 5, 6, 7, 2, 7, 6, 5]])
                    with torch.no_grad():
                        torch.testing.assert_close(final(input_ids=ids).logits, last(ids), rtol=1e-4, atol=1e-4)

    def test_lora_trains_the_end_of_turn_row_and_nothing_else_of_the_embedding(self):
        # A tiny Gemma 3 whose tokenizer names <end_of_turn> as eos, as ttpa's tool chat format writes it.
        base = save_fixture("gemma3", self.path("base"))
        config = read_json(f"{base}/tokenizer_config.json")
        write_json(f"{base}/tokenizer_config.json", {**config, "eos_token": "<end_of_turn>"})
        end = end_of_turn_id(base)
        self.assertIsNotNone(end)
        rng = random.Random(0)
        with open(self.path("train.jsonl"), "w") as f:  # prompt, answer, <end_of_turn>; loss on answer and end
            for _ in range(64):
                prompt, answer = [rng.randrange(300, 400) for _ in range(6)], [rng.randrange(300, 400) for _ in range(3)]
                f.write(json.dumps({"input_ids": [2, *prompt, *answer, end],
                                    "loss_mask": [0] * 7 + [1] * 4}) + "\n")

        def end_logprob(model_dir: str) -> float:
            """Mean log p(<end_of_turn>) where the examples end."""
            model = AutoModelForCausalLM.from_pretrained(model_dir).float().eval()
            with open(self.path("train.jsonl")) as f:
                rows = [json.loads(line)["input_ids"] for line in f][:16]
            with torch.no_grad():
                logits = model(input_ids=torch.tensor([r[:-1] for r in rows])).logits[:, -1]  # (16, V)
            return torch.log_softmax(logits, -1)[:, end].mean().item()

        trained = {}
        for scale in (0, 30):
            out = self.path(f"lora-{scale}")
            status, events = run_in_process(
                "sft", "--model", base, "--train-file", self.path("train.jsonl"), "--out", out, "--steps", 20,
                "--batch-size", 16, "--lr", 2e-3, "--lora-r", 4, "--lora-alpha", 8, "--lora-end-of-turn-lr", scale,
                "--threads", 1, "--device", "cpu", "--seed", 1)
            self.assertEqual(status, 0, events[-1])
            trained[scale] = end_logprob(out)
            before = AutoModelForCausalLM.from_pretrained(base).get_input_embeddings().weight
            after = AutoModelForCausalLM.from_pretrained(out).get_input_embeddings().weight
            changed = (before != after).any(-1).nonzero().flatten().tolist()
            self.assertEqual(changed, [end] if scale else [])
        # measured: -6.2 before training, -5.9 with adapters alone, -1.4 with the row at 30x the rate
        self.assertGreater(trained[30], trained[0] + 2.0, trained)


if __name__ == "__main__":
    unittest.main()
