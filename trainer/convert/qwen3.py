"""Qwen3: Qwen2 without biases, with RMSNorm on each head's q and k (attn_q_norm, attn_k_norm)."""

import gguf

from .architecture import Architecture, common_config, common_metadata, require


def config_from_gguf(meta: dict, names: set) -> dict:
    return {**common_config(meta, names, "qwen3"), "architectures": ["Qwen3ForCausalLM"], "hidden_act": "silu",
            "attention_bias": False, "use_sliding_window": False}


def gguf_from_config(config: dict, file: str = "config.json") -> dict:
    require(config, file, "hidden_act", ("silu",), "llama.cpp's Qwen3 uses SwiGLU")
    require(config, file, "attention_bias", (False, None), "no attention biases in llama.cpp's Qwen3 graph")
    require(config, file, "use_sliding_window", (False, None), "llama.cpp's Qwen3 attends to the whole context")
    return common_metadata(config, file)


ARCHITECTURE = Architecture(name="qwen3", gguf_arch=gguf.MODEL_ARCH.QWEN3, model_type="qwen3",
                            config_from_gguf=config_from_gguf, gguf_from_config=gguf_from_config)
