"""PyTorch's next-token log-probabilities for the GGUF parity tests (src/gguf/*.test.ts).

stdin: {"dir": model directory, "tokens": [...], "queries": [[ids at position 0], [ids at 1], ...]}
stdout: {"logprobs": [[log p(id | tokens[:t+1]) for id in queries[t]] ...], "argmax": [...]} in float32,
as transformers computes the model.
"""

import json
import sys

import torch
from transformers import AutoModelForCausalLM


def main() -> None:
    request = json.load(sys.stdin)
    torch.set_num_threads(1)
    model = AutoModelForCausalLM.from_pretrained(request["dir"], dtype=torch.float32).eval()
    with torch.no_grad():
        logits = model(torch.tensor([request["tokens"]])).logits[0].float()
    logprobs = torch.log_softmax(logits, dim=-1)
    json.dump({"logprobs": [logprobs[t, ids].tolist() for t, ids in enumerate(request["queries"])],
               "argmax": logprobs.argmax(-1).tolist()}, sys.stdout)


if __name__ == "__main__":
    main()
