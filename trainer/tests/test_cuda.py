"""The GPU paths: CUDA, bf16 autocast, NCCL under torchrun, LoRA through peft. Skipped without a CUDA
device (CI has none); run on a GPU machine with `python3 -m unittest trainer.tests.test_cuda -v`."""

import unittest

import torch

from trainer.checkpoint import has_package, load_model, read_safetensors

from .helpers import VOCAB, TempDirTest, make_model_dir, run_in_process, run_subprocess, write_examples
from .test_dpo import write_pairs


@unittest.skipUnless(torch.cuda.is_available(), "no CUDA device")
class CudaTrainingTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.model = make_model_dir(self.path("base"))
        self.train_file = write_examples(self.path("train.jsonl"), 4000, seed=2)
        self.eval_file = write_examples(self.path("eval.jsonl"), 64, seed=1)

    def run_trainer(self, command: str, out: str, *extra) -> list:
        status, events = run_in_process(command, "--model", self.model, "--out", self.path(out), *extra)
        self.assertEqual(status, 0, events[-1])
        return events

    def sft(self, out: str, *extra) -> list:
        return self.run_trainer("sft", out, "--train-file", self.train_file, "--eval-file", self.eval_file,
                                "--lr", 1e-2, *extra)

    def test_sft_learns_on_cuda_in_fp32_and_bf16(self):
        for precision in ("fp32", "bf16"):
            with self.subTest(precision=precision):
                events = self.sft(precision, "--device", "cuda", "--precision", precision, "--steps", 200,
                                  "--batch-size", 32, "--eval-every", 100)
                start = events[0]
                self.assertEqual((start["device"].split(":")[0], start["precision"]), ("cuda", precision))
                self.assertLess([e for e in events if e["event"] == "eval"][-1]["eval_loss"], 0.5)
                # Master weights stay float32 whatever the autocast precision.
                weights = read_safetensors(self.path(precision, "model.safetensors"))
                self.assertTrue(all(w.dtype == torch.float32 for w in weights.values()))

    def test_cuda_fp32_follows_the_cpu_run(self):
        # Same data, same seed: the two devices differ only by float summation order.
        args = ("--steps", 5, "--batch-size", 8, "--lr", 1e-3, "--precision", "fp32")
        cpu = self.sft("cpu", "--device", "cpu", "--threads", 1, *args)
        gpu = self.sft("gpu", "--device", "cuda", *args)
        for x, y in zip((e["loss"] for e in cpu if e["event"] == "step"),
                        (e["loss"] for e in gpu if e["event"] == "step")):
            self.assertAlmostEqual(x, y, delta=1e-4 * abs(x))
        a, b = read_safetensors(self.path("cpu", "model.safetensors")), read_safetensors(self.path("gpu", "model.safetensors"))
        for name in a:
            self.assertLess((a[name] - b[name]).abs().max().item(), 1e-3, name)

    def test_a_cuda_checkpoint_reloads_on_cpu(self):
        self.sft("out", "--device", "cuda", "--steps", 3, "--batch-size", 8)
        ids = torch.randint(0, VOCAB, (2, 10))
        module = load_model(self.path("out"), "native").module.eval()
        with torch.no_grad():
            cpu_logits = module(ids)
            gpu_logits = module.cuda()(ids.cuda()).cpu()
        torch.testing.assert_close(cpu_logits, gpu_logits, rtol=1e-4, atol=1e-4)

    def test_dpo_on_cuda_in_bf16(self):
        events = self.run_trainer("dpo", "dpo", "--train-file", write_pairs(self.path("pairs.jsonl"), 256, 0),
                                  "--eval-file", write_pairs(self.path("pairs-eval.jsonl"), 32, 1),
                                  "--dpo-loss", "esm_margin", "--beta", 0.5, "--lr", 1e-2, "--steps", 30,
                                  "--batch-size", 16, "--eval-every", 30, "--device", "cuda", "--precision", "bf16")
        # The reference is scored under the same autocast as the policy: no margin before the first update.
        first = next(e for e in events if e["event"] == "step")
        self.assertLess(abs(first["rewards/margins"]), 2e-5)
        final = [e for e in events if e["event"] == "eval"][-1]
        self.assertGreater(final["eval_rewards/margins"], 0.5)

    def test_one_rank_under_torchrun_uses_nccl(self):
        status, events, stderr = run_subprocess(
            "sft", "--model", self.model, "--train-file", self.train_file, "--out", self.path("ddp"),
            "--steps", 4, "--batch-size", 8, "--device", "cuda",
            launcher=("-m", "trainer.torchrun", "--standalone", "--nproc_per_node", "1", "-m", "trainer"))
        self.assertEqual(status, 0, stderr[-2000:])
        self.assertEqual(events[0]["world_size"], 1)
        self.assertEqual(events[-1]["event"], "done")

    @unittest.skipUnless(has_package("peft"), "peft is not installed")
    def test_lora_on_cuda_learns_and_saves_a_merged_model(self):
        events = self.sft("lora", "--device", "cuda", "--backend", "transformers", "--lora-r", 8,
                          "--lora-alpha", 16, "--steps", 100, "--batch-size", 32, "--lr", 5e-3,
                          "--eval-every", 50)
        evals = [e["eval_loss"] for e in events if e["event"] == "eval"]
        self.assertLess(evals[-1], evals[0])
        self.assertLess(events[0]["trainable_parameters"], events[0]["parameters"] / 2)
        # Training over, the adapters are merged: a plain model directory the built-in model reads.
        merged = load_model(self.path("lora"), "native").module.eval()
        with torch.no_grad():
            logits = merged(torch.randint(0, VOCAB, (1, 8)))
        self.assertTrue(torch.isfinite(logits).all())


if __name__ == "__main__":
    unittest.main()
