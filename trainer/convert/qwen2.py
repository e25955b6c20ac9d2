"""Qwen2: Llama's layout with q/k/v biases and NeoX-style RoPE (halves, as transformers), so no permutation."""

import gguf

from .architecture import Architecture, common_config, common_metadata, require


def config_from_gguf(meta: dict, names: set) -> dict:
    return {**common_config(meta, names, "qwen2"), "architectures": ["Qwen2ForCausalLM"], "hidden_act": "silu",
            "use_sliding_window": False}


def gguf_from_config(config: dict, file: str = "config.json") -> dict:
    require(config, file, "hidden_act", ("silu",), "llama.cpp's Qwen2 uses SwiGLU")
    require(config, file, "use_sliding_window", (False, None), "llama.cpp's Qwen2 attends to the whole context")
    return common_metadata(config, file)


ARCHITECTURE = Architecture(name="qwen2", gguf_arch=gguf.MODEL_ARCH.QWEN2, model_type="qwen2",
                            config_from_gguf=config_from_gguf, gguf_from_config=gguf_from_config)
