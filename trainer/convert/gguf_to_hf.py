"""GGUF -> Hugging Face checkpoint: config.json, model.safetensors, tokenizer files.

The file's metadata and tensor table are read with transformers' GGUF reader (gguf's GGUFReader
walks a 262k-token vocabulary element by element, about a minute); every tensor is dequantized with
gguf's reference dequantizer (llama.cpp's own formulas) and renamed with gguf's TensorNameMap.
"""

import os

import gguf
import numpy as np
import torch

from .architecture import Architecture, ConversionError
from .registry import architecture_for_gguf
from .tokenizer import write_hf_tokenizer


def import_gguf(gguf_path: str, out: str) -> dict:
    from transformers import AutoConfig, AutoModelForCausalLM

    if not os.path.isfile(gguf_path):
        raise ConversionError(f"{gguf_path}: not found")
    metadata, tensors, blob = _read_gguf(gguf_path)
    names = [t[0] for t in tensors]
    arch = architecture_for_gguf(metadata["general.architecture"], gguf_path)
    prefix = arch.name + "."
    # GGUF floats are float32: 1e-06 is read back as 9.999999974752427e-07; keep the shortest spelling
    meta = {k[len(prefix):]: float(str(np.float32(v))) if isinstance(v, float) else v
            for k, v in metadata.items() if k.startswith(prefix)}
    meta["tokens"] = metadata.get("tokenizer.ggml.tokens")  # the reader leaves string arrays as counts
    try:
        fields = arch.config_from_gguf(meta, set(names))
    except KeyError as e:
        raise ConversionError(f"{gguf_path}: metadata {prefix}{e.args[0]} is missing") from None
    except ConversionError as e:
        raise ConversionError(f"{gguf_path}: {e}") from None
    for field in ("bos", "eos", "pad"):
        key = f"tokenizer.ggml.{'padding' if field == 'pad' else field}_token_id"
        if key in metadata:
            fields[f"{field}_token_id"] = metadata[key]
    types = {gguf.GGMLQuantizationType(t[2]) for t in tensors}
    # a file of F16/BF16 weights (and F32 norms) stays so; dequantized ones become f32
    dtype = next((d for q, d in _HALF.items() if q in types and types <= {q, gguf.GGMLQuantizationType.F32}),
                 torch.float32)
    config = AutoConfig.for_model(**fields, dtype=dtype)

    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(config)
    state = _read_tensors(gguf_path, tensors, blob, arch, model, fields, dtype)
    expected = set(model.state_dict()) - ({"lm_head.weight"} if config.tie_word_embeddings else set())
    if missing := sorted(expected - set(state)):
        raise ConversionError(f"{gguf_path}: no tensor for {', '.join(missing[:3])}")
    model.load_state_dict(state, strict=False, assign=True)
    model.tie_weights()
    os.makedirs(out, exist_ok=True)
    model.save_pretrained(out)
    write_hf_tokenizer(gguf_path, out)
    return {"out": os.path.abspath(out), "architecture": arch.name, "model_type": arch.model_type,
            "tensors": len(state), "types": sorted(t.name for t in types),
            "chat_template": "tokenizer.chat_template" in metadata}


_HALF = {gguf.GGMLQuantizationType.F16: torch.float16, gguf.GGMLQuantizationType.BF16: torch.bfloat16}


def _read_gguf(gguf_path: str):
    """Metadata (string arrays as counts), tensor table [(name, torch shape, type, offset)] and the mapped file."""
    from transformers.integrations.gguf import reader

    blob = reader._mapped(gguf_path)
    try:
        metadata, count, pos = reader._read_metadata(blob, gguf_path)
    except (ValueError, UnicodeDecodeError) as e:  # not a GGUF, or a version the reader does not know
        message = " ".join(str(e).split())
        raise ConversionError(message if gguf_path in message else f"{gguf_path}: {message}") from None
    tensors, pos = reader._read_tensor_table(blob, count, pos)
    alignment = metadata.get("general.alignment", 32)
    data_start = (pos + alignment - 1) // alignment * alignment
    return metadata, [(n, s, t, data_start + o) for n, s, t, o in tensors], blob


def _read_tensors(gguf_path: str, tensors: list, blob, arch: Architecture, model, fields: dict, dtype) -> dict:
    names = gguf.get_tensor_name_map(arch.gguf_arch, fields["num_hidden_layers"])
    to_hf = {}
    for hf_name in model.state_dict():
        gguf_name = names.get_name(hf_name, try_suffixes=(".weight", ".bias"))
        if gguf_name is not None:
            to_hf[gguf_name] = hf_name
    state = {}
    for name, shape, ggml_type, start in tensors:
        if name not in to_hf:
            raise ConversionError(f"{gguf_path}: tensor {name} has no place in a {arch.model_type} model")
        try:
            qtype = gguf.GGMLQuantizationType(ggml_type)
        except ValueError:
            raise ConversionError(f"{gguf_path}: tensor {name} has ggml type {ggml_type}, which gguf does not know") from None
        block, block_bytes = gguf.GGML_QUANT_SIZES[qtype]
        row_bytes = shape[-1] // block * block_bytes
        raw = np.array(blob[start:start + row_bytes * int(np.prod(shape[:-1]))]).reshape(-1, row_bytes)
        try:
            values = gguf.quants.dequantize(raw, qtype)
        except NotImplementedError:
            raise ConversionError(f"{gguf_path}: tensor {name} is {qtype.name}, which gguf cannot dequantize") from None
        tensor = torch.from_numpy(values.reshape(shape).astype(np.float32, copy=False))
        hf_name = to_hf[name]
        state[hf_name] = arch.from_gguf(hf_name, tensor, fields).to(dtype)
    return state
