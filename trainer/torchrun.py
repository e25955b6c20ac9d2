"""`python3 -m trainer.torchrun ...` is torchrun (same flags), made to start on Python 3.11.

torch 1.13's launcher (Debian 12's python3-torch) parses its --redirects/--tee values by iterating
an IntFlag enum, which from Python 3.11 on skips the zero and combined members, so the default
"0" becomes None and every launch dies with "'NoneType' object has no attribute 'get'". torch 2.x
fixed the parser; there this module changes nothing.

example: python3 -m trainer.torchrun --nproc_per_node 2 -m trainer sft --model M --train-file T --out O
"""

from torch.distributed.elastic.multiprocessing import Std
from torch.distributed.run import main


def _std_from_str(cls, value: str):
    if ":" not in value:
        return cls(int(value))
    return {int(rank): cls(int(std)) for rank, std in (pair.split(":") for pair in value.split(","))}


if __name__ == "__main__":
    if Std.from_str("0") is None:
        Std.from_str = classmethod(_std_from_str)
    main()
