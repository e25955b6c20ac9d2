"""Small real-layout checkpoints for the GGUF converter's tests: a randomly initialised model of each
architecture (trainer/tests/architectures.py) with a tokenizer of its family's real layout, trained
on a small corpus with the tokenizers library: byte-level BPE with Llama 3's or Qwen 2's split regex,
and for Gemma 3 SentencePiece-style BPE (▁ for spaces, byte fallback) whose merges follow the
vocabulary order, as Gemma's do. Run as `python -m trainer.tests.convert_fixtures ARCH OUT_DIR`.
"""

import random
import sys

import torch

from .architectures import tiny_config

WORDS = ("the weather in Paris is sunny today and Berlin rainy get_weather city days call tool "
         "arguments name value user assistant what is up it's they've we'll numbers 1234 3.14 "
         "héllo wörld 東京 emoji 🚀 ñ {\"name\": \"f\", \"arguments\": {}} <tool_call> tabs\tand\nnewlines").split(" ")

LLAMA3_TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}{{ '<|start_header_id|>' + m['role'] + '<|end_header_id|>\\n\\n' "
    "+ m['content'] | trim + '<|eot_id|>' }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}")
CHATML_TEMPLATE = (
    "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")
GEMMA_TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}{% set role = 'model' if m['role'] == 'assistant' else m['role'] %}"
    "{{ '<start_of_turn>' + role + '\\n' + m['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}")


def corpus(seed: int = 0, lines: int = 600) -> list:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 14))) for _ in range(lines)]


def byte_level_tokenizer(arch: str):
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast
    from transformers.integrations.gguf.gguf_tokenizer_mapping import GGUF_PRE_TOKENIZER_SPLITS

    llama = arch == "llama"
    specials = (["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"]
                if llama else ["<|endoftext|>", "<|im_start|>", "<|im_end|>"])
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(GGUF_PRE_TOKENIZER_SPLITS["llama-bpe" if llama else "qwen2"]), "isolated"),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    tok.decoder = decoders.ByteLevel()
    tok.train_from_iterator(corpus(), trainers.BpeTrainer(
        vocab_size=420, special_tokens=specials, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False))
    tok.add_tokens(["<tool_call>", "</tool_call>"])  # added but not special, as Qwen's
    if llama:
        tok.post_processor = processors.TemplateProcessing(single="<|begin_of_text|> $A",
                                                           special_tokens=[("<|begin_of_text|>", 0)])
        return PreTrainedTokenizerFast(tokenizer_object=tok, bos_token=specials[0], eos_token="<|eot_id|>",
                                       chat_template=LLAMA3_TEMPLATE)
    return PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|im_end|>", pad_token="<|endoftext|>",
                                   chat_template=CHATML_TEMPLATE)


def sentencepiece_tokenizer():
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
    from transformers import GemmaTokenizer
    from transformers.tokenization_utils_base import generate_merges

    learner = Tokenizer(models.BPE())
    learner.normalizer = normalizers.Replace(" ", "\u2581")
    learner.pre_tokenizer = pre_tokenizers.Metaspace(prepend_scheme="never")
    learner.train_from_iterator(corpus(), trainers.BpeTrainer(vocab_size=400, show_progress=False))
    learned = sorted(learner.get_vocab().items(), key=lambda item: item[1])
    specials = ["<pad>", "<eos>", "<bos>", "<unk>", "<mask>", "<start_of_turn>", "<end_of_turn>"]
    pieces = specials + [f"<0x{b:02X}>" for b in range(256)] + [t for t, _ in learned if t not in specials]
    vocab = {t: i for i, t in enumerate(pieces)}
    # Gemma's merges follow the vocabulary order (transformers rebuilds them so from a GGUF too)
    merges = generate_merges(vocab, {t: -i for t, i in vocab.items()})
    tokenizer = GemmaTokenizer(vocab=vocab, merges=merges)
    tokenizer.add_special_tokens({"additional_special_tokens": ["<start_of_turn>", "<end_of_turn>"]})
    tokenizer.chat_template = GEMMA_TEMPLATE
    return tokenizer


def save_fixture(arch: str, out: str, seed: int = 0) -> str:
    from transformers import AutoModelForCausalLM

    tokenizer = sentencepiece_tokenizer() if arch == "gemma3" else byte_level_tokenizer(arch)
    config = tiny_config(arch)
    # a few unused rows past the vocabulary, as real checkpoints pad theirs
    config.vocab_size = len(tokenizer) + 5
    config.max_position_embeddings = 512
    if arch == "gemma3":  # a local RoPE base other than llama.cpp's default, so the file must carry it
        config.rope_parameters["sliding_attention"]["rope_theta"] = 20_000.0
    for name in ("bos", "eos", "pad"):
        token = getattr(tokenizer, f"{name}_token")
        setattr(config, f"{name}_token_id", None if token is None else tokenizer.convert_tokens_to_ids(token))
    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(config)
    with torch.no_grad():  # random norm gains, so the formats' norm conventions show (Gemma scales by 1 + w)
        for name, p in model.named_parameters():
            if "norm" in name:
                p.normal_(0.0 if arch == "gemma3" else 1.0, 0.2)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


if __name__ == "__main__":
    print(save_fixture(sys.argv[1], sys.argv[2]))
