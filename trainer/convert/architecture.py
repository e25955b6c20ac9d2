"""What one architecture's GGUF <-> Hugging Face mapping consists of; llama.py, qwen2.py, qwen3.py and
gemma3.py each fill one in, and __init__.py registers them by name.

Tensor names are not listed here: gguf's TensorNameMap knows both spellings for every architecture.
What an architecture adds is its metadata (config.json fields <-> `<arch>.*` keys) and the tensors
whose values differ between the formats (Llama's q/k row order, Gemma's 1+w norms).
"""

from dataclasses import dataclass
from typing import Callable

import gguf
import torch

from ..events import TrainerError


class ConversionError(TrainerError):
    """A model or file the converter refuses; the message names the file and the field."""


@dataclass(frozen=True)
class Architecture:
    # llama.cpp's name (general.architecture) and its gguf enum
    name: str
    gguf_arch: gguf.MODEL_ARCH
    # transformers' config.json model_type
    model_type: str
    # GGUF metadata (without the "<arch>." prefix) and tensor names -> config.json fields
    config_from_gguf: Callable[[dict, set], dict]
    # config.json -> GGUF metadata (without prefix); raises ConversionError for what llama.cpp cannot run
    gguf_from_config: Callable[[dict], dict]
    # (HF tensor name, tensor, config) -> the tensor as GGUF stores it, and the inverse
    to_gguf: Callable[[str, torch.Tensor, dict], torch.Tensor] = lambda name, t, config: t
    from_gguf: Callable[[str, torch.Tensor, dict], torch.Tensor] = lambda name, t, config: t


def rope_theta(config: dict, layer_type: str = "") -> float:
    """config.json's RoPE base: transformers 5 keeps it in rope_parameters (per layer type for Gemma 3)."""
    params = config.get("rope_parameters") or {}
    params = params.get(layer_type, params) if layer_type else params
    return float(params.get("rope_theta", config.get("rope_theta", 10000.0)))


def rope_scaling(config: dict, file: str, layer_type: str = "") -> dict:
    """GGUF rope.scaling.* keys for linear scaling; other kinds are refused rather than dropped."""
    params = config.get("rope_parameters") or config.get("rope_scaling") or {}
    params = params.get(layer_type, params) if layer_type else params
    kind = params.get("rope_type", params.get("type", "default"))
    if kind == "default":
        return {}
    if kind == "linear":
        return {"rope.scaling.type": "linear", "rope.scaling.factor": float(params["factor"])}
    raise ConversionError(f"{file}: rope_parameters.rope_type {kind!r} is not supported (default and linear are)")


def common_config(meta: dict, names: set, model_type: str) -> dict:
    """The config.json fields every supported architecture shares, from GGUF metadata."""
    heads = meta["attention.head_count"]
    config = {
        "model_type": model_type,
        "hidden_size": meta["embedding_length"],
        "intermediate_size": meta["feed_forward_length"],
        "num_hidden_layers": meta["block_count"],
        "num_attention_heads": heads,
        "num_key_value_heads": meta.get("attention.head_count_kv", heads),
        "head_dim": meta.get("attention.key_length", meta["embedding_length"] // heads),
        "max_position_embeddings": meta["context_length"],
        "rms_norm_eps": meta["attention.layer_norm_rms_epsilon"],
        "vocab_size": meta.get("vocab_size", meta["tokens"]),
        # llama.cpp writes output.weight only when it is not the embedding matrix
        "tie_word_embeddings": "output.weight" not in names,
    }
    if meta.get("rope.scaling.type") == "linear":
        config["rope_parameters"] = {"rope_type": "linear", "factor": meta["rope.scaling.factor"],
                                     "rope_theta": meta.get("rope.freq_base", 10000.0)}
    elif meta.get("rope.scaling.type", "none") != "none":
        raise ConversionError(f"rope.scaling.type {meta['rope.scaling.type']!r} is not supported (linear is)")
    else:
        config["rope_parameters"] = {"rope_type": "default", "rope_theta": meta.get("rope.freq_base", 10000.0)}
    return config


def common_metadata(config: dict, file: str) -> dict:
    """GGUF metadata every supported architecture shares, from config.json."""
    heads = config["num_attention_heads"]
    head_dim = config.get("head_dim") or config["hidden_size"] // heads
    return {
        "context_length": config["max_position_embeddings"],
        "embedding_length": config["hidden_size"],
        "block_count": config["num_hidden_layers"],
        "feed_forward_length": config["intermediate_size"],
        "attention.head_count": heads,
        "attention.head_count_kv": config.get("num_key_value_heads") or heads,
        "attention.key_length": head_dim,
        "attention.value_length": head_dim,
        "attention.layer_norm_rms_epsilon": float(config["rms_norm_eps"]),
        "rope.freq_base": rope_theta(config),
        "vocab_size": config["vocab_size"],
        **rope_scaling(config, file),
    }


def require(config: dict, file: str, field: str, allowed, why: str) -> None:
    """Refuses a config.json value llama.cpp's graph for this architecture does not implement."""
    value = config.get(field)
    if value not in allowed:
        raise ConversionError(f"{file}: {field} {value!r} is not supported ({why})")
