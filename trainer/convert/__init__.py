"""GGUF <-> Hugging Face checkpoints for the architectures in registry.py (one module each)."""

from .architecture import ConversionError
from .gguf_to_hf import import_gguf
from .hf_to_gguf import export_gguf
from .registry import ARCHITECTURES

__all__ = ["ARCHITECTURES", "ConversionError", "export_gguf", "import_gguf"]
