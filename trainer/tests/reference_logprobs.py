"""PyTorch's next-token log-probabilities for the GGUF parity tests (src/gguf/*.test.ts).

stdin: {"dir": model directory, "sequences": [{"tokens": [...], "queries": [[ids at position 0], ...]}]}
stdout: per sequence {"logprobs": [[log p(id | tokens[:t+1]) for id in queries[t]], ...], "argmax": [...]},
computed in float32 as transformers computes the model.
"""

import json
import sys

import torch
from transformers import AutoModelForCausalLM


def main() -> None:
    request = json.load(sys.stdin)
    torch.set_num_threads(1)
    model = AutoModelForCausalLM.from_pretrained(request["dir"], dtype=torch.float32).eval()
    out = []
    with torch.no_grad():
        for sequence in request["sequences"]:
            logprobs = torch.log_softmax(model(torch.tensor([sequence["tokens"]])).logits[0].float(), dim=-1)
            out.append({"logprobs": [logprobs[t, ids].tolist() for t, ids in enumerate(sequence["queries"])],
                        "argmax": logprobs.argmax(-1).tolist()})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
