import json
import os
import subprocess
import sys

import torch
import torch.nn.functional as F

from trainer.checkpoint import load_model, read_json, read_safetensors

from .helpers import REPO, TempDirTest, make_model_dir, run_in_process, run_subprocess, write_examples


class CliTest(TempDirTest):
    def test_help_lists_every_command(self):
        proc = subprocess.run([sys.executable, "-m", "trainer", "--help"], cwd=REPO, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": REPO})
        self.assertEqual(proc.returncode, 0)
        for command in ("init", "sft", "logits"):
            self.assertIn(command, proc.stdout)

    def test_init_then_train_in_a_real_process(self):
        tokenizer = self.path("tokenizer.json")
        with open(tokenizer, "w") as f:
            json.dump({"model": {"type": "BPE"}}, f)
        status, events, _ = run_subprocess("init", "--preset", "tiny", "--vocab-size", 16, "--seed", 3,
                                           "--bos-token-id", 1, "--eos-token-id", 3, "--tokenizer", tokenizer,
                                           "--out", self.path("base"))
        self.assertEqual(status, 0)
        self.assertEqual(events[-1]["event"], "done")
        self.assertEqual(events[-1]["parameters"], load_model(self.path("base"), "native").num_parameters())
        config = read_json(self.path("base", "config.json"))
        self.assertEqual((config["vocab_size"], config["bos_token_id"], config["eos_token_id"]), (16, 1, 3))
        self.assertEqual(read_json(self.path("base", "trainer_config.json"))["seed"], 3)

        train = write_examples(self.path("train.jsonl"), 16, seed=0)
        status, events, _ = run_subprocess("sft", "--model", self.path("base"), "--train-file", train,
                                           "--out", self.path("sft"), "--steps", 2, "--batch-size", 8, "--threads", 1)
        self.assertEqual(status, 0)
        self.assertEqual([e["event"] for e in events], ["start", "step", "step", "checkpoint", "done"])
        for directory in (self.path("sft"), events[-2]["path"]):  # tokenizer files travel with every model
            self.assertEqual(read_json(os.path.join(directory, "tokenizer.json")), {"model": {"type": "BPE"}})

    def test_init_refuses_unknown_tokenizer_file_names(self):
        odd = self.path("vocab.txt")
        open(odd, "w").close()
        status, events = run_in_process("init", "--preset", "tiny", "--vocab-size", 16, "--tokenizer", odd,
                                        "--out", self.path("base"))
        self.assertEqual(status, 1)
        self.assertIn("checkpoints carry only files named tokenizer.json", events[0]["message"])

    def test_usage_errors_are_error_events(self):
        status, events = run_in_process("init", "--preset", "huge", "--vocab-size", 16, "--out", self.path("x"))
        self.assertEqual(status, 2)
        self.assertEqual(len(events), 1)
        self.assertEqual(events[0]["event"], "error")
        self.assertIn("invalid choice: 'huge'", events[0]["message"])
        self.assertEqual(events[0]["kind"], "input")
        status, events = run_in_process("sft", "--model", self.path("missing"), "--train-file", "t", "--out", "o")
        self.assertEqual((status, events[0]["event"], events[0]["kind"]), (1, "error", "input"))
        self.assertIn("missing: model directory not found", events[0]["message"])

    def test_a_crash_is_an_error_event_of_kind_crash(self):
        # torch refuses a negative thread count with a RuntimeError: not an input check of the trainer's own.
        train = write_examples(self.path("train.jsonl"), 8, seed=0)
        status, events = run_in_process("sft", "--model", make_model_dir(self.path("m")), "--train-file", train,
                                        "--out", self.path("o"), "--threads", -1)
        self.assertEqual((status, events[-1]["event"], events[-1]["kind"]), (1, "error", "crash"))
        self.assertIn("RuntimeError", events[-1]["message"])

    def test_logits_are_the_models_log_probabilities(self):
        model_dir = make_model_dir(self.path("m"))
        inputs = self.path("in.jsonl")
        with open(inputs, "w") as f:
            f.write('{"input_ids": [1, 5, 6, 7]}\n{"input_ids": [1, 9]}\n')
        status, events = run_in_process("logits", "--model", model_dir, "--input", inputs, "--top-k", 3,
                                        "--out", self.path("lp.safetensors"), "--threads", 1)
        self.assertEqual(status, 0)
        model = load_model(model_dir, "native").module
        expected = F.log_softmax(model(torch.tensor([[1, 5, 6, 7]]))[0], dim=-1)
        first = events[0]
        self.assertEqual((first["event"], first["index"]), ("logprobs", 0))
        self.assertEqual(len(first["top_ids"]), 4)  # one row per position: row t predicts token t + 1
        self.assertEqual(first["top_ids"][2], expected[2].topk(3).indices.tolist())
        torch.testing.assert_close(torch.tensor(first["top_logprobs"]), expected.topk(3, dim=-1).values)
        saved = read_safetensors(self.path("lp.safetensors"))
        torch.testing.assert_close(saved["logprobs.0"], expected)
        self.assertEqual(saved["logprobs.1"].shape, (2, 16))
        self.assertEqual(events[-1]["sequences"], 2)

        status, events = run_in_process("logits", "--model", model_dir, "--ids", "1,5,6,7", "--ids", "2,3")
        self.assertEqual(status, 0)
        self.assertEqual([row[:3] for row in events[0]["top_ids"]], first["top_ids"])  # default top 5
        self.assertEqual(len(events[1]["top_ids"]), 2)
        status, events = run_in_process("logits", "--model", model_dir, "--ids", "1,99")
        self.assertEqual((status, events[0]["message"]), (1, "--ids: input_ids has 99, outside [0, 16)"))
