"""Llama: llama.cpp rotates adjacent pairs of q/k features where transformers rotates halves, so the
q and k rows are permuted on the way into GGUF and back on the way out."""

import gguf
import torch

from .architecture import Architecture, ConversionError, common_config, common_metadata, require


def _heads(name: str, config: dict) -> int:
    return config["num_attention_heads"] if "q_proj" in name else config["num_key_value_heads"]


def _permute(t: torch.Tensor, heads: int) -> torch.Tensor:
    # per head: rows [x0..x_{d/2}, y0..y_{d/2}] (halves) -> [x0, y0, x1, y1, ...] (pairs)
    return t.reshape(heads, 2, t.shape[0] // heads // 2, *t.shape[1:]).transpose(1, 2).reshape(t.shape)


def _unpermute(t: torch.Tensor, heads: int) -> torch.Tensor:
    return t.reshape(heads, t.shape[0] // heads // 2, 2, *t.shape[1:]).transpose(1, 2).reshape(t.shape)


def _is_qk(name: str) -> bool:
    return name.endswith(("self_attn.q_proj.weight", "self_attn.k_proj.weight"))


def config_from_gguf(meta: dict, names: set) -> dict:
    if "rope_freqs.weight" in names:  # its factors do not give back transformers' four llama3 parameters
        raise ConversionError("rope_freqs.weight: Llama 3.1-style RoPE scaling is not supported")
    return {**common_config(meta, names, "llama"), "architectures": ["LlamaForCausalLM"], "hidden_act": "silu",
            "attention_bias": False, "mlp_bias": False}


def gguf_from_config(config: dict, file: str = "config.json") -> dict:
    require(config, file, "hidden_act", ("silu",), "llama.cpp's Llama uses SwiGLU")
    require(config, file, "attention_bias", (False, None), "no attention biases in llama.cpp's Llama graph")
    require(config, file, "mlp_bias", (False, None), "no MLP biases in llama.cpp's Llama graph")
    metadata = common_metadata(config, file)
    return {**metadata, "rope.dimension_count": metadata["attention.key_length"]}


ARCHITECTURE = Architecture(
    name="llama", gguf_arch=gguf.MODEL_ARCH.LLAMA, model_type="llama",
    config_from_gguf=config_from_gguf, gguf_from_config=gguf_from_config,
    to_gguf=lambda name, t, config: _permute(t, _heads(name, config)) if _is_qk(name) else t,
    from_gguf=lambda name, t, config: _unpermute(t, _heads(name, config)) if _is_qk(name) else t,
)
