"""Gemma 3 (text): GGUF stores every RMSNorm weight as 1+w (transformers adds the 1 at run time);
sliding-window layers with their own RoPE base, one full-attention layer in six by default."""

import gguf
import torch

from .architecture import Architecture, ConversionError, common_config, common_metadata, require, rope_theta

# llama.cpp's defaults when a file does not say: every sixth layer global, local RoPE base 10k
_PATTERN = 6
_LOCAL_BASE = 10000.0


def _attention_scale(config: dict) -> int:
    # llama.cpp scales queries by 1/sqrt(head_dim), except for the 62-layer 27B: 1/sqrt(hidden/heads)
    if config["num_hidden_layers"] == 62:
        return config["hidden_size"] // config["num_attention_heads"]
    return config["head_dim"]


def _default_layer_types(layers: int) -> list:
    return ["full_attention" if (i + 1) % _PATTERN == 0 else "sliding_attention" for i in range(layers)]


def config_from_gguf(meta: dict, names: set) -> dict:
    config = common_config(meta, names, "gemma3_text")
    pattern = meta.get("attention.sliding_window_pattern")
    layer_types = (["sliding_attention" if swa else "full_attention" for swa in pattern]
                   if isinstance(pattern, list) else _default_layer_types(config["num_hidden_layers"]))
    local = {"rope_type": "default", "rope_theta": meta.get("rope.freq_base_swa", _LOCAL_BASE)}
    return {**config, "architectures": ["Gemma3ForCausalLM"], "hidden_activation": "gelu_pytorch_tanh",
            "query_pre_attn_scalar": _attention_scale(config), "sliding_window": meta["attention.sliding_window"],
            "layer_types": layer_types, "final_logit_softcapping": None, "attn_logit_softcapping": None,
            "rope_parameters": {"full_attention": config["rope_parameters"], "sliding_attention": local}}


def gguf_from_config(config: dict, file: str = "config.json") -> dict:
    require(config, file, "hidden_activation", ("gelu_pytorch_tanh",), "llama.cpp's Gemma 3 uses tanh GELU")
    require(config, file, "final_logit_softcapping", (None,), "llama.cpp's Gemma 3 does not soft-cap logits")
    require(config, file, "attn_logit_softcapping", (None,), "llama.cpp's Gemma 3 does not soft-cap attention")
    require(config, file, "use_bidirectional_attention", (False, None), "llama.cpp's Gemma 3 is causal")
    require(config, file, "query_pre_attn_scalar", (_attention_scale(config),),
            "llama.cpp scales queries by the head size, except on the 62-layer 27B")
    layer_types = config.get("layer_types") or _default_layer_types(config["num_hidden_layers"])
    if set(layer_types) - {"sliding_attention", "full_attention"}:
        raise ConversionError(f"{file}: layer_types {sorted(set(layer_types))} has a kind llama.cpp lacks")
    metadata = {**common_metadata({**config, "rope_parameters": config["rope_parameters"]["full_attention"]}, file),
                "rope.freq_base_swa": rope_theta(config, "sliding_attention"),
                "attention.sliding_window": config["sliding_window"],
                "attention.sliding_window_pattern": [t == "sliding_attention" for t in layer_types]}
    local = config["rope_parameters"]["sliding_attention"]
    if local.get("rope_type", "default") != "default":
        raise ConversionError(f"{file}: rope_parameters.sliding_attention.rope_type {local['rope_type']!r} "
                              "is not supported (llama.cpp scales only the global layers)")
    return metadata


def _is_norm(name: str) -> bool:
    return name.endswith("norm.weight")


ARCHITECTURE = Architecture(
    name="gemma3", gguf_arch=gguf.MODEL_ARCH.GEMMA3, model_type="gemma3_text",
    config_from_gguf=config_from_gguf, gguf_from_config=gguf_from_config,
    to_gguf=lambda name, t, config: t + 1 if _is_norm(name) else t,
    from_gguf=lambda name, t, config: t - 1 if _is_norm(name) else t,
)
