"""Tokenizers between the formats.

GGUF -> tokenizer.json: transformers' GGUF tokenizer builders (the ones `from_pretrained(gguf_file=...)`
uses). The source's `tokenizer.*` metadata is also kept beside it (SOURCE_FILE), so an export of the
model gives llama.cpp the very vocabulary it ran before.

tokenizer.json -> GGUF, as llama.cpp's converter does: byte-level BPE becomes `gpt2` with its merges and
the llama.cpp pre-tokenizer whose regex is the Split regex; SentencePiece-style BPE (byte fallback,
"▁" for spaces) becomes `llama`, whose tokenizer merges the adjacent pair whose result scores highest,
so each token scores minus the rank of the first merge that makes it.
"""

import json
import os

import gguf

from .architecture import ConversionError

SOURCE_FILE = "gguf_tokenizer.json"
_TOKEN_TYPE = gguf.TokenType


def write_hf_tokenizer(gguf_path: str, out: str) -> dict:
    """tokenizer.json and tokenizer_config.json (chat template included) from a GGUF; returns the source metadata."""
    from transformers.integrations.gguf.gguf_tokenizer_mapping import (
        add_gguf_special_tokens, get_gguf_tokenizer, select_tokenizer_builder, set_split_regex)
    from transformers.integrations.gguf.reader import read_gguf_metadata

    architecture, tokens, settings = get_gguf_tokenizer(gguf_path)
    try:
        build = select_tokenizer_builder(architecture, tokens.get("tokenizer_type"))
    except ValueError as e:
        raise ConversionError(f"{gguf_path}: tokenizer.ggml.model: {e}") from None
    tokenizer = set_split_regex(add_gguf_special_tokens(build(tokens), tokens), tokens)
    for name in ("bos_token", "eos_token", "unk_token", "pad_token"):
        if settings.get(name) is not None:
            setattr(tokenizer, name, settings[name])
    for name in ("add_bos_token", "add_eos_token"):
        if name in settings:
            setattr(tokenizer, name, settings[name])
    if settings.get("chat_template"):
        tokenizer.chat_template = settings["chat_template"]
    tokenizer.save_pretrained(out)

    metadata, _ = read_gguf_metadata(gguf_path, ("tokenizer.ggml.tokens", "tokenizer.ggml.merges"))
    source = {k: v for k, v in metadata.items() if k.startswith("tokenizer.ggml.")}
    with open(os.path.join(out, SOURCE_FILE), "w", encoding="utf-8") as f:
        json.dump(source, f, ensure_ascii=False)
    return source


def add_tokenizer(writer: gguf.GGUFWriter, model_dir: str, vocab_rows: int) -> str:
    """Writes tokenizer.* metadata for a model directory; returns what it wrote (`gpt2 qwen2`, `llama`, ...)."""
    special = gguf.SpecialVocab(model_dir, load_merges=False, n_vocab=vocab_rows)
    source_file = os.path.join(model_dir, SOURCE_FILE)
    if os.path.isfile(source_file):
        kind = _add_source(writer, source_file, vocab_rows)
    else:
        kind = _add_from_tokenizer_json(writer, model_dir, vocab_rows)
    special.add_to_gguf(writer, quiet=True)
    return kind


def _add_source(writer: gguf.GGUFWriter, file: str, vocab_rows: int) -> str:
    with open(file, encoding="utf-8") as f:
        source = json.load(f)
    if len(source["tokenizer.ggml.tokens"]) != vocab_rows:
        raise ConversionError(f"{file}: {len(source['tokenizer.ggml.tokens'])} tokens for {vocab_rows} embedding "
                              "rows; delete it to export the tokenizer from tokenizer.json")
    writer.add_tokenizer_model(source["tokenizer.ggml.model"])
    writer.add_tokenizer_pre(source.get("tokenizer.ggml.pre", "default"))
    writer.add_token_list(source["tokenizer.ggml.tokens"])
    if "tokenizer.ggml.scores" in source:
        writer.add_token_scores(source["tokenizer.ggml.scores"])
    writer.add_token_types(source["tokenizer.ggml.token_type"])
    if "tokenizer.ggml.merges" in source:
        writer.add_token_merges(source["tokenizer.ggml.merges"])
    if "tokenizer.ggml.add_space_prefix" in source:
        writer.add_add_space_prefix(source["tokenizer.ggml.add_space_prefix"])
    return f"{source['tokenizer.ggml.model']} (from the source GGUF)"


def _add_from_tokenizer_json(writer: gguf.GGUFWriter, model_dir: str, vocab_rows: int) -> str:
    file = os.path.join(model_dir, "tokenizer.json")
    if not os.path.isfile(file):
        raise ConversionError(f"{file}: missing; save the fast tokenizer with tokenizer.save_pretrained(dir)")
    with open(file, encoding="utf-8") as f:
        spec = json.load(f)
    model = spec.get("model") or {}
    if model.get("type") != "BPE":
        raise ConversionError(f"{file}: model.type {model.get('type')!r} is not supported (BPE is)")
    vocab = {token: i for token, i in model["vocab"].items()}
    added = {t["id"]: t for t in spec.get("added_tokens", [])}
    for t in added.values():
        vocab[t["content"]] = t["id"]
    if max(vocab.values()) >= vocab_rows:
        raise ConversionError(f"{file}: token id {max(vocab.values())} is past the {vocab_rows} embedding rows")
    tokens = [f"[PAD{i}]" for i in range(vocab_rows)]
    types = [_TOKEN_TYPE.UNUSED] * vocab_rows
    for token, i in vocab.items():
        tokens[i], types[i] = token, _TOKEN_TYPE.NORMAL
    for i, t in added.items():
        types[i] = _TOKEN_TYPE.CONTROL if t.get("special") else _TOKEN_TYPE.USER_DEFINED
    merges = [m if isinstance(m, str) else " ".join(m) for m in model.get("merges", [])]
    if model.get("byte_fallback"):
        return _add_sentencepiece(writer, spec, file, tokens, types, merges, model.get("unk_token"))
    pre = _byte_level_pre(spec, file)
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre(pre)
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_merges(merges)
    return f"gpt2 {pre}"


def _add_sentencepiece(writer, spec, file, tokens, types, merges, unk) -> str:
    normalizer = spec.get("normalizer") or {}
    steps = normalizer.get("normalizers", [normalizer])
    if not any(s.get("type") == "Replace" and s.get("content") == "\u2581" for s in steps):
        raise ConversionError(f"{file}: normalizer {normalizer.get('type')!r}: a byte-fallback BPE needs the "
                              "SentencePiece Replace(' ', '▁') normalizer to run on llama.cpp")
    prefix = any(s.get("type") == "Prepend" for s in steps)
    rank = {}
    for r, merge in enumerate(merges):
        rank.setdefault(merge.replace(" ", ""), r)
    scores = [-float(rank[t]) if t in rank else 0.0 for t in tokens]
    for i, token in enumerate(tokens):
        if types[i] == _TOKEN_TYPE.NORMAL and len(token) == 6 and token.startswith("<0x") and token.endswith(">"):
            types[i] = _TOKEN_TYPE.BYTE
        elif token == unk:
            types[i] = _TOKEN_TYPE.UNKNOWN
    writer.add_tokenizer_model("llama")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_add_space_prefix(prefix)
    return "llama (SentencePiece)"


def _byte_level_pre(spec: dict, file: str) -> str:
    """llama.cpp runs its own built-in regex for a `tokenizer.ggml.pre` name: pick the one equal to the Split regex."""
    from transformers.integrations.gguf.gguf_tokenizer_mapping import GGUF_PRE_TOKENIZER_SPLITS

    pre = spec.get("pre_tokenizer") or {}
    steps = pre.get("pretokenizers", [pre])
    if steps[-1].get("type") != "ByteLevel" or steps[-1].get("add_prefix_space"):
        raise ConversionError(f"{file}: pre_tokenizer must end in ByteLevel without add_prefix_space "
                              "(byte-level BPE) or the model must use byte_fallback (SentencePiece-style)")
    if len(steps) == 1 and steps[0].get("use_regex", True):
        return "gpt-2"
    regex = (steps[0].get("pattern") or {}).get("Regex") if len(steps) == 2 else None
    names = {}
    for name, split in GGUF_PRE_TOKENIZER_SPLITS.items():
        names.setdefault(split, name)
    if regex not in names or steps[0].get("behavior") != "Isolated":
        raise ConversionError(f"{file}: pre_tokenizer Split regex {regex!r} is not one llama.cpp has built in")
    return names[regex]
