"""Small randomly initialised models of the real architectures, built with transformers' own config
and model classes: the real layouts (Gemma 3's sliding-window layers, QK norms and tied head; Qwen
2's attention biases; Qwen 3's QK norms) at a size a test trains in seconds."""

import torch

from .helpers import BOS, EOS, PAD, VOCAB

COMMON = dict(vocab_size=VOCAB, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
              num_key_value_heads=2, head_dim=8, max_position_embeddings=64, bos_token_id=BOS, eos_token_id=EOS,
              pad_token_id=PAD)


def tiny_config(arch: str):
    import transformers as t
    if arch == "gemma3":
        # sliding window of 4 tokens, so the examples (up to 15 tokens) cross it; every 2nd layer global
        return t.Gemma3TextConfig(**COMMON, sliding_window=4, layer_types=["sliding_attention", "full_attention"],
                                  query_pre_attn_scalar=8, rope_theta=1_000_000.0, rope_local_base_freq=10_000.0)
    if arch == "llama":
        return t.LlamaConfig(**COMMON, tie_word_embeddings=False)
    if arch == "qwen2":
        return t.Qwen2Config(**COMMON, tie_word_embeddings=True)
    if arch == "qwen3":
        return t.Qwen3Config(**COMMON, tie_word_embeddings=True)
    raise ValueError(arch)


ARCHITECTURES = ("gemma3", "llama", "qwen2", "qwen3")


def save_tiny_model(arch: str, path: str, seed: int = 0) -> str:
    from transformers import AutoModelForCausalLM
    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(tiny_config(arch))
    with torch.no_grad():  # transformers initialises norms to their identity; random gains test the conventions
        for name, p in model.named_parameters():
            if "norm" in name:
                p.normal_(0.0 if arch == "gemma3" else 1.0, 0.2)  # Gemma scales by 1 + w
    model.save_pretrained(path)
    return path
