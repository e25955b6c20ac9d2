"""BFCL's own verdicts on model outputs, for the agreement test (bfcl-agreement.test.ts).

Reads JSON lines {"key", "id", "category", "decoder", "result"} on stdin and writes
{"key", "valid", "error_type"} lines on stdout, one per input, judged by the installed bfcl-eval
package exactly as its evaluation runner judges one entry: `_evaluate_single_relevance_entry` for
(ir)relevance categories, `_evaluate_single_ast_entry` for the others, with the entry's prompt and
possible answer read by Python's json module from the package's data (so `5` and `5.0` keep their
types). The decoder is a real BFCL handler's `decode_ast`:
  python    a prompting handler (BFCL's default Python-call decoder)
  json      BFCL's Hammer handler (`[{"name": ..., "arguments": {...}}]`, the JSON that models
            trained with ttpa's templates write)
  tool_call BFCL's Qwen function-calling handler (`<tool_call>` tags)
  openai    BFCL's OpenAI function-calling handler (result: [{name: arguments JSON}], or the
            message content when there are no tool calls, as its response parser stores it)

Three modules are replaced before the import, none of them on the judging path: the `openai`
client (the handler modules import it; nothing here calls a model), BFCL's model registry
(`constants.model_config`, which imports every provider SDK; the checker only asks it whether a
model writes dotted names with underscores, which is False here as in ttpa's default), and
`eval_runner_helper` (score tables over numpy/pandas, unused by the two functions called).
"""

import json
import os
import sys
import types


def _stub_modules():
    class _Unused:
        def __init__(self, *args, **kwargs):
            pass

    openai = types.ModuleType("openai")
    openai.__getattr__ = lambda name: _Unused
    sys.modules["openai"] = openai

    class _ModelConfig:
        underscore_to_dot = False

    class _Registry(dict):
        def __missing__(self, key):
            return _ModelConfig()

    model_config = types.ModuleType("bfcl_eval.constants.model_config")
    model_config.MODEL_CONFIG_MAPPING = _Registry()
    sys.modules["bfcl_eval.constants.model_config"] = model_config
    sys.modules["bfcl_eval.eval_checker.eval_runner_helper"] = types.ModuleType(
        "bfcl_eval.eval_checker.eval_runner_helper"
    )


_stub_modules()

import bfcl_eval  # noqa: E402
from bfcl_eval.constants.enums import Language, ReturnFormat  # noqa: E402
from bfcl_eval.eval_checker.eval_runner import (  # noqa: E402
    _evaluate_single_ast_entry,
    _evaluate_single_relevance_entry,
)
from bfcl_eval.model_handler.api_inference.openai_completion import (  # noqa: E402
    OpenAICompletionsHandler,
)
from bfcl_eval.model_handler.local_inference.hammer import HammerHandler  # noqa: E402
from bfcl_eval.model_handler.local_inference.qwen_fc import QwenFCHandler  # noqa: E402

MODEL_NAME = "ttpa-agreement"


def _handler(cls, is_fc_model):
    # decode_ast reads only is_fc_model; __init__ would build an API client.
    handler = object.__new__(cls)
    handler.is_fc_model = is_fc_model
    return handler


HANDLERS = {
    "python": (_handler(OpenAICompletionsHandler, False), ReturnFormat.PYTHON),
    "json": (_handler(HammerHandler, True), ReturnFormat.PYTHON),
    "tool_call": (_handler(QwenFCHandler, True), ReturnFormat.PYTHON),
    "openai": (_handler(OpenAICompletionsHandler, True), ReturnFormat.PYTHON),
}


def _read_lines(path):
    with open(path, encoding="utf-8") as file:
        return [json.loads(line) for line in file if line.strip()]


class Data:
    """Question and possible-answer entries by id, read from the package's data folder on demand."""

    def __init__(self, folder):
        self.folder = folder
        self.prompts = {}
        self.answers = {}
        self.loaded = set()

    def load(self, category):
        if category in self.loaded:
            return
        self.loaded.add(category)
        name = f"BFCL_v4_{category}.json"
        for entry in _read_lines(os.path.join(self.folder, name)):
            self.prompts[entry["id"]] = entry
        answer_file = os.path.join(self.folder, "possible_answer", name)
        if os.path.exists(answer_file):
            for entry in _read_lines(answer_file):
                self.answers[entry["id"]] = entry["ground_truth"]


def judge(data, case):
    category = case["category"]
    data.load(category)
    handler, return_format = HANDLERS[case["decoder"]]
    prompt = data.prompts[case["id"]]
    # BFCL's runner reads (ir)relevance by the words in the category's name.
    if "irrelevance" in category or "relevance" in category:
        verdict = _evaluate_single_relevance_entry(
            handler, case["id"], case["result"], prompt, MODEL_NAME, category
        )
    else:
        verdict = _evaluate_single_ast_entry(
            handler,
            case["id"],
            case["result"],
            data.answers[case["id"]],
            prompt,
            MODEL_NAME,
            category,
            language=Language.PYTHON,
            return_format=return_format,
            has_tool_call_tag=False,
        )
    return {"key": case["key"], "valid": verdict["valid"], "error_type": verdict.get("error_type")}


def main():
    data = Data(os.path.join(os.path.dirname(bfcl_eval.__file__), "data"))
    out = sys.stdout
    for line in sys.stdin:
        if line.strip():
            out.write(json.dumps(judge(data, json.loads(line))) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
