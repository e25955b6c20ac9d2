"""Model directories in Hugging Face's layout, the safetensors format, and the two model backends.

A model directory holds `config.json`, `model.safetensors` (or shards named by
`model.safetensors.index.json`), the tokenizer files, and our `trainer_config.json`. It is read by
`transformers` when installed (any architecture, LoRA through `peft`) and otherwise by the built-in
Llama implementation, so the same directory trains anywhere.
"""

import importlib.util
import json
import os
import shutil
import struct
import sys
from dataclasses import dataclass
from typing import Callable, Optional

import torch
from torch import nn

from .events import TrainerError
from .model import LlamaConfig, LlamaForCausalLM

WEIGHTS = "model.safetensors"
WEIGHTS_INDEX = "model.safetensors.index.json"
# Files that travel with a model from checkpoint to checkpoint. The TypeScript side owns them;
# the trainer only copies them.
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "tokenizer.model",
                   "vocab.json", "merges.txt", "added_tokens.json", "chat_template.jinja", "chat_template.json",
                   "generation_config.json", "gguf_tokenizer.json")

_DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
           "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
           "BOOL": torch.bool}
_DTYPE_NAMES = {v: k for k, v in _DTYPES.items()}


def has_package(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def write_json(path: str, value) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(value, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)  # a killed run never leaves half a file


def read_json(path: str):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        raise TrainerError(f"{path}: not found") from None
    except json.JSONDecodeError as e:
        raise TrainerError(f"{path}:{e.lineno}: invalid JSON ({e.msg})") from None


# --- safetensors -------------------------------------------------------------------------------
# Layout: 8-byte little-endian header length n, n bytes of JSON {name: {dtype, shape, data_offsets},
# "__metadata__": {...}}, then the tensors' raw little-endian bytes back to back.


def write_safetensors(path: str, tensors: dict) -> None:
    tensors = {name: t.detach().contiguous().cpu() for name, t in tensors.items()}
    tmp = path + ".tmp"
    if has_package("safetensors"):
        from safetensors.torch import save_file
        save_file(tensors, tmp, metadata={"format": "pt"})
    else:
        if sys.byteorder != "little":
            raise TrainerError("writing safetensors without the safetensors package needs a little-endian machine")
        header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
        for name in sorted(tensors):
            t = tensors[name]
            blob = t.reshape(-1).view(torch.uint8).numpy().tobytes()
            header[name] = {"dtype": _DTYPE_NAMES[t.dtype], "shape": list(t.shape),
                            "data_offsets": [offset, offset + len(blob)]}
            blobs.append(blob)
            offset += len(blob)
        raw = json.dumps(header, separators=(",", ":")).encode()
        raw += b" " * (-len(raw) % 8)  # as the reference writer does, so tensor data starts 8-aligned
        with open(tmp, "wb") as f:
            f.write(struct.pack("<Q", len(raw)))
            f.write(raw)
            for blob in blobs:
                f.write(blob)
    os.replace(tmp, path)


def read_safetensors(path: str) -> dict:
    if has_package("safetensors"):
        from safetensors.torch import load_file
        return load_file(path)
    with open(path, "rb") as f:
        data = f.read()
    try:
        (n,) = struct.unpack("<Q", data[:8])
        header = json.loads(data[8:8 + n])
    except (struct.error, ValueError):
        raise TrainerError(f"{path}: not a safetensors file") from None
    header.pop("__metadata__", None)
    tensors = {}
    for name, info in header.items():
        start, end = (8 + n + o for o in info["data_offsets"])
        dtype = _DTYPES[info["dtype"]]
        if start == end:
            tensors[name] = torch.empty(info["shape"], dtype=dtype)
        else:
            raw = torch.frombuffer(bytearray(data[start:end]), dtype=torch.uint8)
            tensors[name] = raw.view(dtype).reshape(info["shape"])
    return tensors


def read_weights(model_dir: str) -> dict:
    """All tensors of a model directory, single-file or sharded."""
    index = os.path.join(model_dir, WEIGHTS_INDEX)
    if os.path.exists(index):
        shards = sorted(set(read_json(index)["weight_map"].values()))
        return {k: v for shard in shards for k, v in read_safetensors(os.path.join(model_dir, shard)).items()}
    path = os.path.join(model_dir, WEIGHTS)
    if not os.path.exists(path):
        raise TrainerError(f"{model_dir}: no {WEIGHTS} (the built-in model reads safetensors only)")
    return read_safetensors(path)


# --- model directories -------------------------------------------------------------------------


def copy_tokenizer_files(src_dir: str, dst_dir: str) -> None:
    for name in TOKENIZER_FILES:
        if os.path.exists(os.path.join(src_dir, name)) and os.path.abspath(src_dir) != os.path.abspath(dst_dir):
            shutil.copyfile(os.path.join(src_dir, name), os.path.join(dst_dir, name))


def save_native(model: LlamaForCausalLM, out_dir: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    state = model.state_dict()
    if model.config.tie_word_embeddings:
        del state["lm_head.weight"]  # stored once, as transformers does; safetensors forbids shared tensors
    dtype = str(next(model.parameters()).dtype).replace("torch.", "")
    write_json(os.path.join(out_dir, "config.json"), model.config.to_hf(torch_dtype=dtype))
    write_safetensors(os.path.join(out_dir, WEIGHTS), state)


def load_native(model_dir: str) -> LlamaForCausalLM:
    hf_config = read_json(os.path.join(model_dir, "config.json"))
    try:
        config = LlamaConfig.from_hf(hf_config)
    except (ValueError, KeyError, TypeError) as e:
        raise TrainerError(f"{model_dir}/config.json: {e}") from None
    model = LlamaForCausalLM(config)
    state = {k: v for k, v in read_weights(model_dir).items() if not k.endswith("rotary_emb.inv_freq")}
    if config.tie_word_embeddings:
        state.pop("lm_head.weight", None)
        state["lm_head.weight"] = state.get("model.embed_tokens.weight")
    expected = set(model.state_dict())
    missing, unexpected = sorted(expected - set(state)), sorted(set(state) - expected)
    if missing or unexpected:
        raise TrainerError(f"{model_dir}: weights do not match config.json "
                           f"(missing {missing[:3] or 'none'}, unexpected {unexpected[:3] or 'none'})")
    model.load_state_dict(state)  # copies into the float32 parameters whatever the stored dtype
    return model


class HFCausalLM(nn.Module):
    """Gives a transformers model (or a peft model around one) the built-in model's call:
    forward(input_ids, select=None, positions=None, visible=None) -> logits.

    With `select`, the output projection runs only at the selected positions: at a 262k vocabulary
    it is most of a small model's compute, and training needs logits only where the loss is.
    """

    def __init__(self, hf_model):
        super().__init__()
        self.hf = hf_model
        causal_lm = hf_model.get_base_model() if hasattr(hf_model, "get_base_model") else hf_model
        self.body = causal_lm.get_decoder()  # the layers up to the final norm
        self.head = causal_lm.get_output_embeddings()  # hidden -> vocabulary (LoRA layers included)
        self.text_config = causal_lm.config.get_text_config()
        self.softcap = getattr(self.text_config, "final_logit_softcapping", None)

    def forward(self, input_ids, select=None, positions=None, visible=None):
        if select is None:
            return self.hf(input_ids=input_ids, use_cache=False).logits  # (B, T, V)
        masks = None if visible is None else self.attention_masks(positions, visible)
        hidden = self.body(input_ids=input_ids, attention_mask=masks, position_ids=positions,
                           use_cache=False).last_hidden_state  # (B, T, D)
        logits = self.head(hidden[select])  # (N, V) at the N selected positions
        if self.softcap:  # as the model's own head does (Gemma 2)
            logits = torch.tanh(logits / self.softcap) * self.softcap
        return logits

    def attention_masks(self, positions, visible):
        """transformers' ready-made 4D masks (B, 1, T, T) for `visible` (B, T, T), which it uses as given.
        Its own masks measure sliding windows in row indices; here they are measured in positions, since
        a row may hold several sequences from the same position on. Models with several layer types
        take one mask per type."""
        config = self.text_config
        implementation = config._attn_implementation
        if implementation not in ("sdpa", "eager"):
            raise TrainerError(f"attention implementation {implementation!r} takes no custom mask "
                               "(DPO shares each pair's prefix through one); use sdpa or eager")
        masks = {}
        for layer_type in set(getattr(config, "layer_types", None) or ["full_attention"]):
            mask = visible
            if layer_type == "sliding_attention":
                distance = positions[:, :, None] - positions[:, None, :]  # (B, T, T): query's minus key's
                mask = mask & (distance < config.sliding_window)  # as transformers' sliding_window_overlay
            elif layer_type != "full_attention":
                raise TrainerError(f"layer type {layer_type!r} has no shared-prefix mask here")
            mask = mask[:, None]
            if implementation == "eager":  # an additive mask, as transformers' eager_mask makes it
                dtype = self.body.get_input_embeddings().weight.dtype
                mask = torch.where(mask, torch.zeros((), dtype=dtype, device=mask.device), torch.finfo(dtype).min)
            masks[layer_type] = mask
        return masks if getattr(config, "layer_types", None) else masks["full_attention"]


@dataclass
class Lora:
    r: int  # adapter rank
    alpha: float  # scale of the adapter's update is alpha / r
    dropout: float
    targets: list  # module names that get adapters
    token_rows: tuple = ()  # token ids whose embedding rows (tied to the head's) are trained beside the adapters


# The parameters peft gives the rows of `Lora.token_rows`: (len(token_rows), D) deltas on the embedding.
TOKEN_ROWS_PARAMETER = "trainable_tokens_delta"


def end_of_turn_id(model_dir: str) -> Optional[int]:
    """The id of tokenizer_config.json's eos_token: ttpa's tool chat format sets it to the model's real
    end-of-turn token (Gemma's <end_of_turn>). None when tokenizer.json has no such added token."""
    config_file = os.path.join(model_dir, "tokenizer_config.json")
    tokenizer_file = os.path.join(model_dir, "tokenizer.json")
    if not (os.path.exists(config_file) and os.path.exists(tokenizer_file)):
        return None
    eos = read_json(config_file).get("eos_token")
    eos = eos.get("content") if isinstance(eos, dict) else eos
    added = {t["content"]: t["id"] for t in read_json(tokenizer_file).get("added_tokens", [])}
    return added.get(eos)


@dataclass
class LoadedModel:
    module: nn.Module  # forward(input_ids (B, T), select=None, positions=None, visible=None) -> logits
    config: dict  # the checkpoint's config.json
    backend: str  # "native" or "transformers"
    save: Callable[[str, bool], None]  # save(dir, final): a model directory; LoRA checkpoints hold adapters

    def num_parameters(self, trainable_only: bool = False) -> int:
        params = {id(p): p for p in self.module.parameters() if p.requires_grad or not trainable_only}
        return sum(p.numel() for p in params.values())


def resolve_backend(backend: str, config: dict, lora: Optional[Lora]) -> str:
    """auto: the built-in Llama for what it computes exactly (the from-scratch presets, plain Llama
    checkpoints), transformers for every other architecture and for LoRA."""
    if backend == "auto":
        try:
            LlamaConfig.from_hf(config)
            native = not lora
        except (ValueError, KeyError, TypeError):
            native = False
        backend = "native" if native else "transformers"
    if backend == "transformers" and not has_package("transformers"):
        raise TrainerError(f"model_type {config.get('model_type')!r} needs the transformers package: "
                           "pip install -r requirements.txt")
    return backend


def load_model(model_dir: str, backend: str = "auto", lora: Optional[Lora] = None,
               adapter_dir: Optional[str] = None) -> LoadedModel:
    """Load a model directory for training or scoring. `adapter_dir` resumes LoRA adapters."""
    if not os.path.isdir(model_dir):
        raise TrainerError(f"{model_dir}: model directory not found")
    config = read_json(os.path.join(model_dir, "config.json"))
    backend = resolve_backend(backend, config, lora)
    if lora and backend != "transformers":
        raise TrainerError("LoRA needs the transformers and peft packages (pip install transformers peft)")
    if backend == "native":
        model = load_native(model_dir)
        return LoadedModel(model, config, backend, lambda out, final: save_native(model, out))

    from transformers import AutoModelForCausalLM
    # float32 master weights whatever the stored dtype (transformers 5 would otherwise keep bf16)
    hf = AutoModelForCausalLM.from_pretrained(model_dir).float()
    if not lora:
        return LoadedModel(HFCausalLM(hf), config, backend, lambda out, final: hf.save_pretrained(out))
    if not has_package("peft"):
        raise TrainerError("LoRA needs the peft package (pip install peft)")
    from peft import LoraConfig, PeftModel, get_peft_model
    if adapter_dir:
        peft_model = PeftModel.from_pretrained(hf, adapter_dir, is_trainable=True)
    else:
        peft_model = get_peft_model(hf, LoraConfig(r=lora.r, lora_alpha=lora.alpha, lora_dropout=lora.dropout,
                                                   target_modules=list(lora.targets), task_type="CAUSAL_LM",
                                                   trainable_token_indices=list(lora.token_rows) or None))

    def save(out: str, final: bool) -> None:
        if final:  # a plain model directory that every tool reads; training is over, so merging in place is fine
            peft_model.merge_and_unload().save_pretrained(out)
        else:
            peft_model.save_pretrained(out)

    return LoadedModel(HFCausalLM(peft_model), config, backend, save)
