"""Shared fixtures: a synthetic task, model directories, and running the CLI in or out of process."""

import contextlib
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import unittest

import torch

from trainer.__main__ import main
from trainer.checkpoint import save_native
from trainer.model import LlamaForCausalLM, preset_config

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAD, BOS, SEP, EOS, FIRST_SYMBOL = 0, 1, 2, 3, 4
VOCAB = 16


def reverse_example(rng: random.Random) -> dict:
    """BOS a b c SEP c b a EOS; only the part after SEP carries loss."""
    symbols = [rng.randrange(FIRST_SYMBOL, VOCAB) for _ in range(rng.randint(2, 6))]
    ids = [BOS, *symbols, SEP, *reversed(symbols), EOS]
    return {"input_ids": ids, "loss_mask": [0] * (len(symbols) + 2) + [1] * (len(symbols) + 1)}


def write_examples(path: str, count: int, seed: int) -> str:
    rng = random.Random(seed)
    with open(path, "w") as f:
        for _ in range(count):
            f.write(json.dumps(reverse_example(rng)) + "\n")
    return path


def build_model(preset: str = "tiny", vocab: int = VOCAB, seed: int = 0, **overrides) -> LlamaForCausalLM:
    config = preset_config(preset, vocab, bos_token_id=BOS, eos_token_id=EOS, pad_token_id=PAD)
    for key, value in overrides.items():
        setattr(config, key, value)
    torch.manual_seed(seed)
    return LlamaForCausalLM(config)


def make_model_dir(path: str, **options) -> str:
    save_native(build_model(**options), path)
    return path


def run_in_process(*args) -> tuple:
    """(exit status, events) of `python3 -m trainer ARGS` run inside this process."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main([str(a) for a in args])
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def run_subprocess(*args, launcher=("-m", "trainer"), timeout=120) -> tuple:
    """(exit status, events, stderr) of a real process, stdout checked to be JSON lines only."""
    env = {**os.environ, "PYTHONPATH": REPO}
    proc = subprocess.run([sys.executable, *launcher, *map(str, args)], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=timeout)
    events = [json.loads(line) for line in proc.stdout.splitlines()]  # raises if anything else got on stdout
    return proc.returncode, events, proc.stderr


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = self._tmp.name
        self.addCleanup(self._tmp.cleanup)

    def path(self, *parts) -> str:
        return os.path.join(self.tmp, *parts)
