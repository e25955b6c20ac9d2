"""The closed set of training objectives the loop can run. Preference objectives (DPO and its
family) join here as further entries with the same methods as `SFT`."""

from .dpo import DPO
from .events import TrainerError
from .sft import SFT

OBJECTIVES = {"sft": SFT, "dpo": DPO}


def make_objective(name: str, model_config: dict, cfg=None):
    if name not in OBJECTIVES:
        raise TrainerError(f"unknown objective {name!r} (known: {', '.join(OBJECTIVES)})")
    return SFT(model_config) if name == "sft" else OBJECTIVES[name](model_config, cfg)
