"""A Llama-architecture causal language model, readable top to bottom.

It follows Hugging Face's `LlamaForCausalLM` operation for operation and uses its parameter names,
so a checkpoint written from here loads in `transformers` (and llama.cpp's converter), and a
Llama checkpoint from the Hub loads here. Shapes in comments: B batch, T time, C hidden_size,
H attention heads, K key/value heads, D head dim (C // H), V vocab, N selected positions.
"""

import math
from dataclasses import asdict, dataclass, fields
from typing import Optional

import torch
import torch.nn.functional as F
from torch import nn


@dataclass
class LlamaConfig:
    """The subset of HF's LlamaConfig that decides the computation; field names are HF's."""

    vocab_size: int
    hidden_size: int  # C: width of the residual stream
    intermediate_size: int  # width of the SwiGLU MLP's hidden layer
    num_hidden_layers: int  # transformer blocks
    num_attention_heads: int  # H: query heads
    num_key_value_heads: int  # K: key/value heads shared by groups of H // K query heads (GQA)
    max_position_embeddings: int  # longest sequence the model is meant for
    rms_norm_eps: float = 1e-5  # added to the mean square in RMSNorm
    rope_theta: float = 10000.0  # base of the rotary embedding frequencies
    tie_word_embeddings: bool = True  # lm_head shares the embedding matrix
    initializer_range: float = 0.02  # std of the normal init, as HF initialises Llama
    bos_token_id: Optional[int] = None
    eos_token_id: Optional[int] = None
    pad_token_id: Optional[int] = None

    def __post_init__(self):
        if self.hidden_size % self.num_attention_heads:
            raise ValueError("hidden_size must be a multiple of num_attention_heads")
        if self.num_attention_heads % self.num_key_value_heads:
            raise ValueError("num_attention_heads must be a multiple of num_key_value_heads")
        if (self.hidden_size // self.num_attention_heads) % 2:
            raise ValueError("head dim (hidden_size / num_attention_heads) must be even for rotary embeddings")

    @property
    def head_dim(self) -> int:
        return self.hidden_size // self.num_attention_heads

    def to_hf(self, torch_dtype: str = "float32") -> dict:
        """config.json as transformers writes it for a Llama model."""
        return {
            "architectures": ["LlamaForCausalLM"],
            "model_type": "llama",
            **asdict(self),
            "head_dim": self.head_dim,
            "hidden_act": "silu",
            "attention_bias": False,
            "attention_dropout": 0.0,
            "mlp_bias": False,
            "pretraining_tp": 1,
            "rope_scaling": None,
            "use_cache": True,
            "torch_dtype": torch_dtype,
        }

    @classmethod
    def from_hf(cls, hf: dict) -> "LlamaConfig":
        """Read a config.json, refusing what this implementation does not compute."""
        unsupported = {
            "model_type": (hf.get("model_type"), ("llama",)),
            "hidden_act": (hf.get("hidden_act", "silu"), ("silu",)),
            "attention_bias": (hf.get("attention_bias", False), (False,)),
            "mlp_bias": (hf.get("mlp_bias", False), (False,)),
            "pretraining_tp": (hf.get("pretraining_tp", 1), (1,)),
        }
        for key, (value, allowed) in unsupported.items():
            if value not in allowed:
                raise ValueError(f"config.json has {key}={value!r}, which the built-in model does not support "
                                 "(install transformers to load this model)")
        if hf.get("head_dim") not in (None, hf["hidden_size"] // hf["num_attention_heads"]):
            raise ValueError("config.json has a head_dim other than hidden_size / num_attention_heads, "
                             "which the built-in model does not support (install transformers)")
        # transformers 5 writes rope_theta inside rope_parameters; older versions put scaling in rope_scaling.
        rope = hf.get("rope_parameters") or hf.get("rope_scaling") or {}
        if rope.get("rope_type", rope.get("type", "default")) != "default":
            raise ValueError(f"config.json asks for {rope} rotary scaling, which the built-in model does not "
                             "support (install transformers to load this model)")
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in hf.items() if k in known}
        values["rope_theta"] = rope.get("rope_theta", hf.get("rope_theta", 10000.0))
        if values.get("num_key_value_heads") is None:  # older configs: plain multi-head attention
            values["num_key_value_heads"] = hf["num_attention_heads"]
        values.setdefault("tie_word_embeddings", False)  # HF's LlamaConfig default
        return cls(**values)


@dataclass
class Preset:
    """A model size. Vocabulary size comes from the tokenizer, not from here."""

    hidden_size: int  # C: width of the residual stream
    intermediate_size: int  # MLP hidden width, about 8/3 C as in Llama
    num_hidden_layers: int  # depth
    num_attention_heads: int  # query heads; head dim = C / heads
    num_key_value_heads: int  # fewer than query heads = grouped-query attention
    max_position_embeddings: int  # longest training sequence accepted
    tie_word_embeddings: bool  # tying saves vocab x C parameters, a large share at this size


PRESETS = {
    # For tests: about 90k parameters besides the embeddings; a step takes milliseconds.
    "tiny": Preset(hidden_size=64, intermediate_size=176, num_hidden_layers=2, num_attention_heads=4,
                   num_key_value_heads=2, max_position_embeddings=512, tie_word_embeddings=True),
    # The demo: 2.9M parameters besides the embeddings (5.0M in all with 8192 tokens); about 3000
    # tokens/s of training on 2 CPU cores, so a few minutes make some hundreds of steps.
    "small": Preset(hidden_size=256, intermediate_size=688, num_hidden_layers=4, num_attention_heads=8,
                    num_key_value_heads=4, max_position_embeddings=2048, tie_word_embeddings=True),
}


def preset_config(name: str, vocab_size: int, **special_ids) -> LlamaConfig:
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r} (known: {', '.join(PRESETS)})")
    return LlamaConfig(vocab_size=vocab_size, **asdict(PRESETS[name]), **special_ids)


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        # Normalise in float32 even under autocast, then scale in the input dtype, as HF does.
        dtype = x.dtype
        x = x.float()
        x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * x.to(dtype)


def rotary_cos_sin(config: LlamaConfig, positions) -> tuple:
    """cos and sin tables (..., D) for integer positions (...), in float32 as HF computes them."""
    dim = config.head_dim
    inv_freq = 1.0 / (config.rope_theta ** (torch.arange(0, dim, 2, device=positions.device,
                                                         dtype=torch.int64).float() / dim))
    freqs = positions.float()[..., None] * inv_freq  # (..., D/2)
    emb = torch.cat((freqs, freqs), dim=-1)  # (..., D): HF's layout pairs dimension i with i + D/2
    return emb.cos(), emb.sin()


def rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


def apply_rotary(x, cos, sin):
    # x (B, heads, T, D); cos, sin (T, D) or (B, 1, T, D) broadcast over batch and heads
    return (x * cos.to(x.dtype)) + (rotate_half(x) * sin.to(x.dtype))


def causal_attention(q, k, v, visible=None):
    """softmax(q k^T / sqrt(D) + mask) v for q, k, v (B, H, T, D); the mask is causal, or `visible`
    (B, 1, T, T) bool: which keys each query attends to."""
    if hasattr(F, "scaled_dot_product_attention"):  # torch >= 2.0: fused kernels (flash on GPU)
        return F.scaled_dot_product_attention(q, k, v, attn_mask=visible, is_causal=visible is None)
    T = q.size(-2)
    scores = (q @ k.transpose(-2, -1)) / math.sqrt(q.size(-1))  # (B, H, T, T)
    if visible is None:
        visible = torch.ones(T, T, dtype=torch.bool, device=q.device).tril()
    scores = scores.masked_fill(~visible, float("-inf"))
    return F.softmax(scores, dim=-1, dtype=torch.float32).to(q.dtype) @ v


class Attention(nn.Module):
    def __init__(self, config: LlamaConfig):
        super().__init__()
        self.n_head = config.num_attention_heads
        self.n_kv = config.num_key_value_heads
        self.head_dim = config.head_dim
        C, D = config.hidden_size, config.head_dim
        self.q_proj = nn.Linear(C, self.n_head * D, bias=False)
        self.k_proj = nn.Linear(C, self.n_kv * D, bias=False)
        self.v_proj = nn.Linear(C, self.n_kv * D, bias=False)
        self.o_proj = nn.Linear(self.n_head * D, C, bias=False)

    def forward(self, x, cos, sin, visible):
        B, T, C = x.shape
        q = self.q_proj(x).view(B, T, self.n_head, self.head_dim).transpose(1, 2)  # (B, H, T, D)
        k = self.k_proj(x).view(B, T, self.n_kv, self.head_dim).transpose(1, 2)  # (B, K, T, D)
        v = self.v_proj(x).view(B, T, self.n_kv, self.head_dim).transpose(1, 2)  # (B, K, T, D)
        q, k = apply_rotary(q, cos, sin), apply_rotary(k, cos, sin)
        # GQA: query head h reads key/value head h // (H/K), as HF's repeat_kv lays them out. expand +
        # reshape rather than repeat_interleave, whose backward (index_add) is slow on CPU.
        rep = self.n_head // self.n_kv
        k = k[:, :, None].expand(B, self.n_kv, rep, T, self.head_dim).reshape(B, self.n_head, T, self.head_dim)
        v = v[:, :, None].expand(B, self.n_kv, rep, T, self.head_dim).reshape(B, self.n_head, T, self.head_dim)
        y = causal_attention(q, k, v, visible)  # (B, H, T, D)
        return self.o_proj(y.transpose(1, 2).reshape(B, T, C))


class MLP(nn.Module):
    def __init__(self, config: LlamaConfig):
        super().__init__()
        self.gate_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.up_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.down_proj = nn.Linear(config.intermediate_size, config.hidden_size, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))  # SwiGLU


class DecoderLayer(nn.Module):
    def __init__(self, config: LlamaConfig):
        super().__init__()
        self.input_layernorm = RMSNorm(config.hidden_size, config.rms_norm_eps)
        self.self_attn = Attention(config)
        self.post_attention_layernorm = RMSNorm(config.hidden_size, config.rms_norm_eps)
        self.mlp = MLP(config)

    def forward(self, x, cos, sin, visible):
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, visible)
        return x + self.mlp(self.post_attention_layernorm(x))


class LlamaModel(nn.Module):
    """The decoder stack; named `model` inside LlamaForCausalLM so parameter names match HF."""

    def __init__(self, config: LlamaConfig):
        super().__init__()
        self.embed_tokens = nn.Embedding(config.vocab_size, config.hidden_size)
        self.layers = nn.ModuleList(DecoderLayer(config) for _ in range(config.num_hidden_layers))
        self.norm = RMSNorm(config.hidden_size, config.rms_norm_eps)


class LlamaForCausalLM(nn.Module):
    def __init__(self, config: LlamaConfig):
        super().__init__()
        self.config = config
        self.model = LlamaModel(config)
        self.lm_head = nn.Linear(config.hidden_size, config.vocab_size, bias=False)
        if config.tie_word_embeddings:
            self.lm_head.weight = self.model.embed_tokens.weight
        self.apply(self._init_weights)

    def _init_weights(self, module):
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=self.config.initializer_range)

    def forward(self, input_ids, select=None, positions=None, visible=None):
        """Logits (B, T, V) for input_ids (B, T); with a bool mask `select` (B, T), only the
        selected positions' logits (N, V), which skips the vocabulary projection everywhere else.

        Sequences are right-padded, so the causal mask alone keeps real tokens from seeing pads.
        `positions` (B, T) and `visible` (B, T, T) bool, given together, replace the positions 0..T-1
        and the causal mask: several sequences sharing a prefix then run as one row (see dpo.py).
        """
        B, T = input_ids.shape
        if positions is None:
            cos, sin = rotary_cos_sin(self.config, torch.arange(T, device=input_ids.device))  # (T, D) each
        else:
            cos, sin = (t[:, None] for t in rotary_cos_sin(self.config, positions))  # (B, 1, T, D) each
            visible = visible[:, None]  # (B, 1, T, T): the same for every head
        x = self.model.embed_tokens(input_ids)  # (B, T, C)
        for layer in self.model.layers:
            x = layer(x, cos, sin, visible)
        if select is not None:
            x = x[select]  # (N, C)
        return self.lm_head(self.model.norm(x))  # (B, T, V) or (N, V)

    def num_parameters(self, exclude_embeddings: bool = False) -> int:
        params = {id(p): p for p in self.parameters()}  # a tied matrix counts once
        if exclude_embeddings:
            params.pop(id(self.model.embed_tokens.weight))
            params.pop(id(self.lm_head.weight), None)
        return sum(p.numel() for p in params.values())
