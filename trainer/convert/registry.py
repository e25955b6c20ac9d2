"""The architectures the converter knows, by llama.cpp's name and by transformers' model_type."""

from . import gemma3, llama, qwen2, qwen3
from .architecture import Architecture, ConversionError

ARCHITECTURES = {a.name: a for a in (llama.ARCHITECTURE, qwen2.ARCHITECTURE, qwen3.ARCHITECTURE,
                                     gemma3.ARCHITECTURE)}


def architecture_for_gguf(name: str, file: str) -> Architecture:
    if name not in ARCHITECTURES:
        raise ConversionError(f"{file}: general.architecture {name!r} is not supported "
                              f"(supported: {', '.join(sorted(ARCHITECTURES))})")
    return ARCHITECTURES[name]


def architecture_for_model_type(model_type: str, file: str) -> Architecture:
    for a in ARCHITECTURES.values():
        if a.model_type == model_type:
            return a
    hint = "; export the text model (Gemma3ForCausalLM)" if model_type == "gemma3" else ""
    supported = ", ".join(sorted(a.model_type for a in ARCHITECTURES.values()))
    raise ConversionError(f"{file}: model_type {model_type!r} is not supported (supported: {supported}){hint}")
