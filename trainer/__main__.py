"""Command line: python3 -m trainer {init,sft,dpo,logits,import-gguf,export-gguf} ... (see --help of each).

stdout carries JSON event lines only (trainer/events.py); every failure ends in one
{"event":"error","message":...,"kind":...} line and a non-zero exit status: kind "input" when the
input was refused (data, flags, files; the message is for the user), "crash" for anything else.
"""

import argparse
import os
import shutil
import sys
import traceback
from dataclasses import MISSING, fields

import torch
import torch.nn.functional as F

from .checkpoint import TOKENIZER_FILES, load_model, save_native, write_json, write_safetensors
from .data import int_list, read_jsonl
from .events import TrainerError, emit
from .loop import TrainConfig, train
from .model import PRESETS, LlamaForCausalLM, preset_config


class UsageError(TrainerError):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors become error events too
        raise UsageError(f"{self.prog}: {message}")


def add_knobs(parser: argparse.ArgumentParser, skip=()) -> None:
    """One flag per TrainConfig field; the field's help is the flag's help."""
    for f in fields(TrainConfig):
        if f.name in skip:
            continue
        flag, help = "--" + f.name.replace("_", "-"), f.metadata["help"]
        if f.type is bool:
            parser.add_argument(flag, action="store_true", help=help)
        elif f.default is MISSING:
            parser.add_argument(flag, type=f.type, required=True, help=help)
        else:
            parser.add_argument(flag, type=f.type, default=f.default, choices=f.metadata["choices"],
                                help=help + " (default: %(default)s)")


def cmd_init(args) -> None:
    for path in args.tokenizer:
        if os.path.basename(path) not in TOKENIZER_FILES:
            raise TrainerError(f"--tokenizer {path}: checkpoints carry only files named {', '.join(TOKENIZER_FILES)}")
        if not os.path.isfile(path):
            raise TrainerError(f"--tokenizer {path}: not found")
    if args.vocab_size < 1:
        raise TrainerError("--vocab-size must be positive")
    special = {"bos_token_id": args.bos_token_id, "eos_token_id": args.eos_token_id, "pad_token_id": args.pad_token_id}
    for name, value in special.items():
        if value is not None and not 0 <= value < args.vocab_size:
            raise TrainerError(f"--{name.replace('_', '-')} {value} is outside the vocabulary (size {args.vocab_size})")
    config = preset_config(args.preset, args.vocab_size, **special)
    if args.max_position_embeddings:
        config.max_position_embeddings = args.max_position_embeddings
    torch.manual_seed(args.seed)
    model = LlamaForCausalLM(config)
    save_native(model, args.out)
    for path in args.tokenizer:
        shutil.copyfile(path, os.path.join(args.out, os.path.basename(path)))
    summary = {"path": os.path.abspath(args.out), "preset": args.preset, "seed": args.seed,
               "parameters": model.num_parameters(),
               "parameters_without_embeddings": model.num_parameters(exclude_embeddings=True)}
    write_json(os.path.join(args.out, "trainer_config.json"),
               {"command": "init", **summary, "model_config": config.to_hf()})
    emit("done", **summary)


def cmd_sft(args) -> None:
    config = TrainConfig(**{f.name: getattr(args, f.name) for f in fields(TrainConfig)
                            if f.name != "objective" and f.name not in DPO_KNOBS}, objective="sft")
    train(config)


DPO_KNOBS = ("dpo_loss", "beta", "margin_scale", "sft_weight")


def cmd_dpo(args) -> None:
    config = TrainConfig(**{f.name: getattr(args, f.name) for f in fields(TrainConfig) if f.name != "objective"},
                         objective="dpo")
    train(config)


def cmd_logits(args) -> None:
    torch.set_num_threads(args.threads or len(os.sched_getaffinity(0)))
    device = torch.device("cuda" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available())
                          else "cpu")
    loaded = load_model(args.model, args.backend)
    model = loaded.module.to(device).eval()
    vocab = loaded.config["vocab_size"]
    if args.input:
        sequences = [int_list(obj, "input_ids", f"{args.input}:{n}", 0, vocab) for n, obj in read_jsonl(args.input)]
    else:
        sequences = [int_list({"input_ids": ids}, "input_ids", "--ids", 0, vocab) for ids in args.ids]
    if not sequences or not all(sequences):
        raise TrainerError("logits: give --ids or --input with at least one non-empty sequence")
    saved = {}
    with torch.no_grad():
        for i, ids in enumerate(sequences):
            logits = model(torch.tensor([ids], device=device))[0]  # (T, V): row t predicts token t + 1
            logprobs = F.log_softmax(logits.float(), dim=-1).cpu()
            if args.out:
                saved[f"logprobs.{i}"] = logprobs
            top = logprobs.topk(min(args.top_k, vocab), dim=-1)
            emit("logprobs", index=i, top_ids=top.indices.tolist(), top_logprobs=top.values.tolist())
    if args.out:
        write_safetensors(args.out, saved)
    emit("done", sequences=len(sequences), backend=loaded.backend, out=args.out or None)


def cmd_import_gguf(args) -> None:
    from .convert import import_gguf
    emit("done", **import_gguf(args.gguf, args.out))


def cmd_export_gguf(args) -> None:
    from .convert import export_gguf
    emit("done", **export_gguf(args.model, args.out, args.dtype, args.name))


def token_ids(text: str) -> list:
    try:
        return [int(t) for t in text.split(",") if t.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers, got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    parser = Parser(prog="python3 -m trainer", formatter_class=fmt,
                    description="Trains causal language models on token ids. stdout: JSON event lines.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    p = sub.add_parser("init", help="create a fresh model directory from a size preset", formatter_class=fmt,
                       epilog="example: python3 -m trainer init --preset small --vocab-size 8192 "
                              "--tokenizer tok/tokenizer.json --out runs/x/base")
    p.add_argument("--preset", required=True, choices=sorted(PRESETS), help="model size")
    p.add_argument("--vocab-size", type=int, required=True, help="number of token ids")
    p.add_argument("--out", required=True, help="directory to write (created if absent)")
    p.add_argument("--seed", type=int, default=0, help="seed of the weight init (default: 0)")
    p.add_argument("--max-position-embeddings", type=int, default=0,
                   help="longest sequence; 0 = the preset's")
    for name in ("bos", "eos", "pad"):
        p.add_argument(f"--{name}-token-id", type=int, help=f"{name} token id written to config.json")
    p.add_argument("--tokenizer", nargs="*", default=[], metavar="FILE",
                   help=f"tokenizer files to copy in; names among: {', '.join(TOKENIZER_FILES)}")
    p.set_defaults(run=cmd_init)

    p = sub.add_parser("sft", help="supervised fine-tuning on masked token sequences", formatter_class=fmt,
                       epilog="example: python3 -m trainer sft --model runs/x/base --train-file train.jsonl "
                              "--eval-file eval.jsonl --out runs/x/sft --steps 300 --lr 1e-3\n"
                              "distributed: torchrun --nproc_per_node 2 -m trainer sft ...")
    add_knobs(p, skip=("objective", *DPO_KNOBS))
    p.set_defaults(run=cmd_sft)

    p = sub.add_parser("dpo", help="preference training (DPO, IPO, ESM-margin, ESM-weighted)", formatter_class=fmt,
                       epilog="example: python3 -m trainer dpo --model runs/x/sft --train-file pairs.jsonl "
                              "--out runs/x/dpo --dpo-loss esm_margin --beta 0.1 --steps 100 --lr 5e-5")
    add_knobs(p, skip=("objective",))
    p.set_defaults(run=cmd_dpo)

    p = sub.add_parser("logits", help="next-token log-probabilities for token sequences", formatter_class=fmt,
                       epilog="example: python3 -m trainer logits --model runs/x/sft --ids 1,5,9 --top-k 3\n"
                              "event per sequence: {\"event\":\"logprobs\",\"index\",\"top_ids\",\"top_logprobs\"}; "
                              "row t is the distribution of the token after position t")
    p.add_argument("--model", required=True, help="model directory")
    inputs = p.add_mutually_exclusive_group(required=True)
    inputs.add_argument("--ids", type=token_ids, action="append", help="comma-separated token ids (repeatable)")
    inputs.add_argument("--input", help="JSONL file with {\"input_ids\": [...]} per line")
    p.add_argument("--top-k", type=int, default=5, help="top entries per position in the events (default: 5)")
    p.add_argument("--out", help="also save full log-prob matrices (T, V) as logprobs.<index> in this .safetensors")
    p.add_argument("--backend", default="auto", choices=["auto", "native", "transformers"],
                   help="model code (default: auto)")
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"], help="(default: auto)")
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads; 0 = all cores")
    p.set_defaults(run=cmd_logits)

    p = sub.add_parser("import-gguf", help="GGUF file -> Hugging Face checkpoint (dequantized)", formatter_class=fmt,
                       epilog="example: python3 -m trainer import-gguf gemma-3-270m-q4_k_m.gguf --out models/gemma3\n"
                              "architectures: gemma3, llama, qwen2, qwen3")
    p.add_argument("gguf", help="GGUF file")
    p.add_argument("--out", required=True, help="directory to write: config.json, model.safetensors, tokenizer files")
    p.set_defaults(run=cmd_import_gguf)

    p = sub.add_parser("export-gguf", help="Hugging Face checkpoint -> GGUF for llama.cpp", formatter_class=fmt,
                       epilog="example: python3 -m trainer export-gguf models/gemma3 --out gemma3.gguf --dtype f16")
    p.add_argument("model", help="model directory (config.json, safetensors, tokenizer.json); LoRA merged")
    p.add_argument("--out", required=True, help="GGUF file to write")
    p.add_argument("--dtype", default="f32", choices=["f32", "f16", "bf16", "q8_0", "q5_0", "q4_0"],
                   help="type of the weight matrices; norms stay f32 (default: %(default)s)")
    p.add_argument("--name", default="", help="general.name (default: the directory's name)")
    p.set_defaults(run=cmd_export_gguf)
    return parser


def main(argv=None) -> int:
    try:
        args = build_parser().parse_args(argv)
        args.run(args)
        return 0
    except TrainerError as e:  # the input (data, flags, files) is refused: the message is for the user
        emit("error", message=" ".join(str(e).split()), kind="input")
        return 2 if isinstance(e, UsageError) else 1
    except KeyboardInterrupt:
        emit("error", message="interrupted", kind="interrupted")
        return 130
    except Exception as e:  # a bug or an environment problem: one line out, the traceback to stderr
        traceback.print_exc()
        emit("error", message=" ".join(f"{type(e).__name__}: {e}".split()), kind="crash")
        return 1


if __name__ == "__main__":
    sys.exit(main())
