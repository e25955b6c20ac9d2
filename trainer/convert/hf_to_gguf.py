"""Hugging Face checkpoint -> GGUF that llama.cpp runs: gguf's GGUFWriter and TensorNameMap, the
architecture's metadata and value conversions, and the tokenizer (tokenizer.py)."""

import json
import os

import gguf
import numpy as np
import torch

from .architecture import ConversionError
from .registry import architecture_for_model_type
from .tokenizer import add_tokenizer

# --dtype: the type of the weight matrices, and general.file_type saying so
DTYPES = {name: (gguf.GGMLQuantizationType[name.upper()], gguf.LlamaFileType[file_type])
          for name, file_type in (("f32", "ALL_F32"), ("f16", "MOSTLY_F16"), ("bf16", "MOSTLY_BF16"),
                                  ("q8_0", "MOSTLY_Q8_0"), ("q5_0", "MOSTLY_Q5_0"), ("q4_0", "MOSTLY_Q4_0"))}


def export_gguf(model_dir: str, out: str, dtype: str = "f32", name: str = "") -> dict:
    config_file = os.path.join(model_dir, "config.json")
    if os.path.isfile(os.path.join(model_dir, "adapter_config.json")):
        raise ConversionError(f"{model_dir}: a LoRA adapter, not a model; merge it first "
                              "(peft: model.merge_and_unload().save_pretrained(dir))")
    if not os.path.isfile(config_file):
        raise ConversionError(f"{config_file}: not found")
    with open(config_file, encoding="utf-8") as f:
        config = json.load(f)
    arch = architecture_for_model_type(config.get("model_type"), config_file)
    try:
        metadata = arch.gguf_from_config(config, config_file)
    except KeyError as e:
        raise ConversionError(f"{config_file}: {e.args[0]} is missing") from None
    weight_type, file_type = DTYPES[dtype]

    temporary = f"{out}.{os.getpid()}.tmp"
    writer = gguf.GGUFWriter(temporary, arch.name)
    writer.add_name(name or os.path.basename(os.path.abspath(model_dir)))
    writer.add_file_type(file_type)
    for key, value in metadata.items():
        _add_value(writer, f"{arch.name}.{key}", value)
    tokenizer = add_tokenizer(writer, model_dir, config["vocab_size"])
    count = _add_tensors(writer, model_dir, arch, config, weight_type)
    try:
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        os.replace(temporary, out)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return {"out": os.path.abspath(out), "architecture": arch.name, "tensors": count,
            "bytes": os.path.getsize(out), "tokenizer": tokenizer, "vocab_size": config["vocab_size"]}


def _add_value(writer: gguf.GGUFWriter, key: str, value) -> None:
    kinds = {bool: gguf.GGUFValueType.BOOL, int: gguf.GGUFValueType.UINT32, float: gguf.GGUFValueType.FLOAT32,
             str: gguf.GGUFValueType.STRING}
    if isinstance(value, list):
        writer.add_key_value(key, value, gguf.GGUFValueType.ARRAY, sub_type=kinds[type(value[0])])
    else:
        writer.add_key_value(key, value, kinds[type(value)])


def _add_tensors(writer: gguf.GGUFWriter, model_dir: str, arch, config: dict, weight_type) -> int:
    from safetensors import safe_open

    names = gguf.get_tensor_name_map(arch.gguf_arch, config["num_hidden_layers"])
    tied = config.get("tie_word_embeddings", arch.name == "gemma3")
    count = 0
    for file in _safetensors_files(model_dir):
        with safe_open(file, framework="pt") as f:
            for hf_name in f.keys():
                if hf_name == "lm_head.weight" and tied:
                    continue
                gguf_name = names.get_name(hf_name, try_suffixes=(".weight", ".bias"))
                if gguf_name is None:
                    raise ConversionError(f"{file}: tensor {hf_name} has no llama.cpp name in {arch.name}")
                tensor = arch.to_gguf(hf_name, f.get_tensor(hf_name).float(), config)
                _add_tensor(writer, gguf_name, tensor, weight_type if tensor.dim() > 1 else
                            gguf.GGMLQuantizationType.F32)
                count += 1
    return count


def _add_tensor(writer: gguf.GGUFWriter, name: str, tensor: torch.Tensor, qtype) -> None:
    values = tensor.numpy().astype(np.float32)
    if qtype in (gguf.GGMLQuantizationType.F32, gguf.GGMLQuantizationType.F16):
        writer.add_tensor(name, values.astype(np.float16 if qtype == gguf.GGMLQuantizationType.F16 else np.float32))
    else:  # gguf's quantizer (llama.cpp's reference rounding) gives the blocks as bytes
        writer.add_tensor(name, gguf.quants.quantize(values, qtype), raw_dtype=qtype)


def _safetensors_files(model_dir: str) -> list:
    index = os.path.join(model_dir, "model.safetensors.index.json")
    if os.path.isfile(index):
        with open(index, encoding="utf-8") as f:
            shards = sorted(set(json.load(f)["weight_map"].values()))
        return [os.path.join(model_dir, s) for s in shards]
    single = os.path.join(model_dir, "model.safetensors")
    if not os.path.isfile(single):
        raise ConversionError(f"{single}: not found (save the model with save_pretrained)")
    return [single]
