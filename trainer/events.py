"""The trainer's only stdout: one JSON object per line, for the TypeScript side to read.

Human-readable notes go to stderr through `log`. Under torchrun only rank 0 emits events, except
errors, which any rank reports.
"""

import json
import math
import os
import sys


class TrainerError(Exception):
    """A failure with a message fit to show the user as is (bad input, missing file)."""


def rank() -> int:
    return int(os.environ.get("RANK", "0"))


def _finite(value):
    # JSON has no NaN or Infinity; a reader would choke on Python's spelling of them.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def emit(event: str, **fields) -> None:
    if rank() != 0:
        if event != "error":
            return
        fields["message"] = f"rank {rank()}: {fields['message']}"
    sys.stdout.write(json.dumps(_finite({"event": event, **fields}), separators=(",", ":")) + "\n")
    sys.stdout.flush()


def log(message: str) -> None:
    if rank() == 0:
        print(message, file=sys.stderr, flush=True)
