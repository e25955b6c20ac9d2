"""Reads a ttpa TRL export with TRL's own DPOTrainer and takes two optimizer steps on a tiny randomly
initialised Llama (transformers' LlamaConfig, the vocabulary of the given tokenizer folder).

Usage: python trl-dpo-steps.py EXPORT.jsonl TOKENIZER_DIR
Prints one JSON object: the steps taken, the logged losses, how far the weights moved, and the token
ids TRL built for each row (prompt, chosen, rejected), for the caller to compare with ttpa's own."""

import copy
import json
import sys
import tempfile

import torch
from datasets import load_dataset
from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM
from trl import DPOConfig, DPOTrainer

export_file, tokenizer_dir = sys.argv[1:3]
torch.set_num_threads(1)  # a test on a shared machine; two steps of a tiny model need no more
torch.manual_seed(0)
tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir)
config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                     num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=2048,
                     bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                     pad_token_id=tokenizer.pad_token_id)
model = LlamaForCausalLM(config)
# Given, not left to TRL: it would load the reference from the model's hub name, which a model built
# from a config has not.
reference = copy.deepcopy(model)
dataset = load_dataset("json", data_files=export_file, split="train")
before = {name: p.detach().clone() for name, p in model.named_parameters()}
with tempfile.TemporaryDirectory() as out:
    args = DPOConfig(output_dir=out, max_steps=2, per_device_train_batch_size=2, learning_rate=1e-2, logging_steps=1,
                     report_to="none", use_cpu=True, save_strategy="no", seed=0, dataloader_num_workers=0,
                     max_length=None)
    trainer = DPOTrainer(model=model, ref_model=reference, args=args, train_dataset=dataset, processing_class=tokenizer)
    trainer.train()
moved = max((p.detach() - before[name]).abs().max().item() for name, p in model.named_parameters())
rows = [{"id": row["id"], "prompt_ids": row["prompt_ids"], "chosen_ids": row["chosen_ids"],
         "rejected_ids": row["rejected_ids"]} for row in trainer.train_dataset]
print(json.dumps({
    "trl": __import__("trl").__version__,
    "steps": trainer.state.global_step,
    "losses": [entry["loss"] for entry in trainer.state.log_history if "loss" in entry],
    "moved": moved,
    "rows": rows,
}))
