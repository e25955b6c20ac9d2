"""ttpa's trainer: trains causal language models on token ids with per-token loss masks.

Run as `python3 -m trainer <command>` in the environment of requirements.txt (torch, transformers,
peft, safetensors, gguf).
"""

import os

# Idle OpenMP threads sleep instead of spinning. Set before torch loads libgomp, which reads it once.
# On a machine whose cores are also busy with other work, spinning threads made a 2-thread training
# step 2-3x slower than a 1-thread one; sleeping ones cost nothing measurable when the cores are free.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

# transformers' per-load progress bars would fill the trainer's log (stderr) with carriage returns.
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

__version__ = "0.1.0"
