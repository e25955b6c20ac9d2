import os
import shutil
import unittest
from unittest import mock

import torch

from trainer.checkpoint import read_json, read_safetensors
from trainer.loop import resolve_precision

from .helpers import TempDirTest, make_model_dir, run_in_process, run_subprocess, write_examples


def losses(events) -> list:
    return [e["loss"] for e in events if e["event"] == "step"]


class TrainTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.model = make_model_dir(self.path("base"))
        self.train_file = write_examples(self.path("train.jsonl"), 256, seed=0)
        self.eval_file = write_examples(self.path("eval.jsonl"), 64, seed=1)

    # fp32 throughout: the tolerances below are fp32's, and `auto` is bf16 on a CPU with AVX512-BF16.
    def sft(self, out: str, *extra) -> list:
        status, events = run_in_process("sft", "--model", self.model, "--train-file", self.train_file,
                                        "--out", self.path(out), "--threads", 1, "--device", "cpu", "--precision", "fp32",
                                        "--lr", 1e-2, *extra)
        self.assertEqual(status, 0, events[-1])
        return events

    def weights(self, out: str) -> dict:
        return read_safetensors(self.path(out, "model.safetensors"))

    def assertSameWeights(self, a: dict, b: dict, atol: float):
        self.assertEqual(sorted(a), sorted(b))
        for name in a:
            diff = (a[name] - b[name]).abs().max().item()
            self.assertLessEqual(diff, atol, f"{name} differs by {diff}")

    def test_learns_to_reverse_sequences(self):
        # Guessing uniformly among the 12 symbols gives a loss of ln 12 = 2.48.
        events = self.sft("out", "--train-file", write_examples(self.path("big.jsonl"), 4000, seed=2),
                          "--eval-file", self.eval_file, "--steps", 200, "--batch-size", 32, "--eval-every", 100)
        evals = [e["eval_loss"] for e in events if e["event"] == "eval"]
        self.assertEqual(len(evals), 2)
        self.assertLess(evals[-1], 0.5)

    def test_event_stream(self):
        events = self.sft("out", "--eval-file", self.eval_file, "--steps", 4, "--batch-size", 8,
                          "--checkpoint-every", 2, "--eval-every", 2, "--keep-checkpoints", 0)
        kinds = [e["event"] for e in events]
        self.assertEqual(kinds, ["start", "step", "step", "eval", "checkpoint", "step", "step", "eval", "checkpoint",
                                 "done"])
        start, step, done = events[0], events[1], events[-1]
        self.assertEqual((start["steps"], start["batch_size"], start["world_size"]), (4, 8, 1))
        for key in ("step", "loss", "lr", "tokens_per_s", "eta_s", "grad_norm"):
            self.assertIsInstance(step[key], (int, float), key)
        self.assertEqual(events[4]["path"], self.path("out", "checkpoints", "step-00000002"))
        self.assertEqual(done["model_path"], self.path("out"))
        self.assertEqual(done["step"], 4)
        self.assertIn("eval_loss", done)
        for name in ("config.json", "model.safetensors", "trainer_config.json"):
            self.assertTrue(os.path.exists(self.path("out", name)), name)
            self.assertTrue(os.path.exists(self.path("out", "checkpoints", "step-00000002", name)), name)
        self.assertEqual(read_json(self.path("out", "trainer_config.json"))["lr"], 1e-2)

    def test_resume_matches_an_uninterrupted_run(self):
        # Run A goes 10 steps straight, checkpointing at 5. Run B starts from A's step-5 checkpoint alone.
        # Same seed, same CPU kernels: the weights must come out bit-identical.
        args = ("--steps", 10, "--batch-size", 8, "--micro-batch-size", 4, "--checkpoint-every", 5,
                "--keep-checkpoints", 0)
        straight = self.sft("a", *args)
        os.makedirs(self.path("b", "checkpoints"))
        shutil.copytree(self.path("a", "checkpoints", "step-00000005"), self.path("b", "checkpoints", "step-00000005"))
        resumed = self.sft("b", *args, "--resume")
        self.assertEqual(resumed[0]["start_step"], 5)
        self.assertEqual(losses(resumed), losses(straight)[5:])
        self.assertSameWeights(self.weights("a"), self.weights("b"), atol=0.0)
        self.assertSameWeights(read_safetensors(self.path("a", "checkpoints", "step-00000010", "model.safetensors")),
                               self.weights("b"), atol=0.0)

    def test_resume_refuses_changed_settings(self):
        self.sft("a", "--steps", 2, "--batch-size", 8)
        status, events = run_in_process("sft", "--model", self.model, "--train-file", self.train_file,
                                        "--out", self.path("a"), "--threads", 1, "--lr", 2e-2, "--steps", 4,
                                        "--batch-size", 8, "--resume")
        self.assertEqual(status, 1)
        self.assertRegex(events[-1]["message"], r"cannot resume from .*step-00000002: lr was 0.01, now 0.02")

    def test_gradient_accumulation_matches_one_big_batch(self):
        whole = self.sft("a", "--steps", 6, "--batch-size", 8, "--lr", 1e-3)
        accumulated = self.sft("b", "--steps", 6, "--batch-size", 8, "--lr", 1e-3, "--micro-batch-size", 2)
        for x, y in zip(losses(whole), losses(accumulated)):
            self.assertAlmostEqual(x, y, delta=1e-6 * abs(x))
        self.assertSameWeights(self.weights("a"), self.weights("b"), atol=1e-4)  # see the two-rank test

    def test_two_ranks_match_one_process(self):
        # torchrun with 2 CPU ranks (gloo) over the same global batch of 8: each rank takes 4 examples in
        # micro-batches of 2. Token-weighted normalisation makes the loss curve equal to one process's up
        # to float summation order: relative tolerance 1e-5 on every step's loss. Weights get 1e-4: Adam
        # divides by the gradient's RMS, which magnifies summation-order noise where gradients are ~0.
        args = ("sft", "--model", self.model, "--train-file", self.train_file, "--steps", 6, "--batch-size", 8,
                "--lr", 1e-3, "--threads", 1, "--device", "cpu", "--precision", "fp32")
        single = self.sft("single", *args[5:])
        status, events, stderr = run_subprocess(
            *args, "--micro-batch-size", 2, "--out", self.path("ddp"),
            launcher=("-m", "trainer.torchrun", "--standalone", "--nproc_per_node", "2", "-m", "trainer"))
        self.assertEqual(status, 0, stderr[-2000:])
        self.assertEqual(events[0]["world_size"], 2)
        self.assertEqual(len(losses(events)), 6)  # rank 0 alone reports
        for x, y in zip(losses(single), losses(events)):
            self.assertAlmostEqual(x, y, delta=1e-5 * abs(x))
        self.assertSameWeights(self.weights("single"), self.weights("ddp"), atol=1e-4)

    def test_bad_training_file_is_one_error_line(self):
        with open(self.train_file, "a") as f:
            f.write('{"input_ids": [1, 2, 99], "loss_mask": [0, 1, 1]}\n')
        status, events = run_in_process("sft", "--model", self.model, "--train-file", self.train_file,
                                        "--out", self.path("out"), "--threads", 1)
        self.assertEqual(status, 1)
        self.assertEqual(events, [{"event": "error", "message": f"{self.train_file}:257: input_ids has 99, "
                                                                  "outside [0, 16)", "kind": "input"}])


class PrecisionTest(unittest.TestCase):
    """`auto` follows the hardware's bf16 arithmetic (on the CPU for LoRA only); an explicit choice is kept."""

    def test_auto_is_bf16_for_lora_on_a_cpu_with_native_bf16_and_fp32_otherwise(self):
        cpu = torch.device("cpu")
        for avx512_bf16, amx, expected in [(True, False, "bf16"), (False, True, "bf16"), (False, False, "fp32")]:
            with mock.patch.object(torch.cpu, "_is_avx512_bf16_supported", return_value=avx512_bf16, create=True), \
                 mock.patch.object(torch.cpu, "_is_amx_tile_supported", return_value=amx, create=True):
                self.assertEqual(resolve_precision("auto", cpu, lora=True), expected, (avx512_bf16, amx))
                self.assertEqual(resolve_precision("auto", cpu, lora=False), "fp32")
                self.assertEqual(resolve_precision("bf16", cpu, lora=False), "bf16")
                self.assertEqual(resolve_precision("fp32", cpu, lora=True), "fp32")
