import json
import os
import struct
import unittest

import torch

from trainer.checkpoint import (has_package, load_model, read_json, read_safetensors, save_native, write_json,
                                write_safetensors)
from trainer.events import TrainerError

from .helpers import VOCAB, TempDirTest, build_model, make_model_dir


class SaveLoadTest(TempDirTest):
    def test_reload_gives_identical_logits(self):
        ids = torch.randint(0, VOCAB, (2, 10))
        for tie in (True, False):
            with self.subTest(tie_word_embeddings=tie):
                original = build_model(tie_word_embeddings=tie, rope_theta=5000.0)
                path = self.path(f"m{tie}")
                save_native(original, path)
                reloaded = load_model(path, "native")
                self.assertEqual(reloaded.backend, "native")
                torch.testing.assert_close(reloaded.module(ids), original(ids), rtol=0, atol=0)

    def test_config_json_is_a_transformers_llama_config(self):
        config = read_json(os.path.join(make_model_dir(self.path("m")), "config.json"))
        self.assertEqual(config["architectures"], ["LlamaForCausalLM"])
        self.assertEqual(config["model_type"], "llama")
        for key in ("hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
                    "num_key_value_heads", "rms_norm_eps", "rope_theta", "max_position_embeddings", "vocab_size",
                    "tie_word_embeddings", "bos_token_id", "eos_token_id", "pad_token_id", "torch_dtype"):
            self.assertIn(key, config)
        self.assertEqual(config["torch_dtype"], "float32")

    def test_sharded_checkpoints_load(self):
        original = build_model(tie_word_embeddings=False)
        path = self.path("m")
        save_native(original, path)
        tensors = read_safetensors(os.path.join(path, "model.safetensors"))
        names = sorted(tensors)
        shards = {"model-00001-of-00002.safetensors": names[:5], "model-00002-of-00002.safetensors": names[5:]}
        for shard, keys in shards.items():
            write_safetensors(os.path.join(path, shard), {k: tensors[k] for k in keys})
        write_json(os.path.join(path, "model.safetensors.index.json"),
                   {"weight_map": {k: shard for shard, keys in shards.items() for k in keys}})
        os.remove(os.path.join(path, "model.safetensors"))
        ids = torch.randint(0, VOCAB, (1, 6))
        torch.testing.assert_close(load_model(path, "native").module(ids), original(ids), rtol=0, atol=0)

    def test_mismatched_weights_are_a_clear_error(self):
        path = make_model_dir(self.path("m"))
        config = read_json(os.path.join(path, "config.json"))
        write_json(os.path.join(path, "config.json"), {**config, "num_hidden_layers": 3})
        with self.assertRaisesRegex(TrainerError, "weights do not match config.json"):
            load_model(path, "native")


class SafetensorsTest(TempDirTest):
    def test_file_follows_the_spec(self):
        # Parse by hand: u64 little-endian header size, JSON header, then contiguous tensor bytes.
        model, path = build_model(), self.path("m")
        save_native(model, path)
        with open(os.path.join(path, "model.safetensors"), "rb") as f:
            data = f.read()
        (n,) = struct.unpack("<Q", data[:8])
        header = json.loads(data[8:8 + n].decode("utf-8"))
        self.assertEqual(header.pop("__metadata__"), {"format": "pt"})
        self.assertNotIn("lm_head.weight", header)  # tied: stored once, as transformers does
        state = model.state_dict()
        spans = sorted(info["data_offsets"] for info in header.values())
        self.assertEqual(spans[0][0], 0)
        for (_, end), (start, _) in zip(spans, spans[1:]):
            self.assertEqual(end, start)  # no gaps, no overlaps
        self.assertEqual(spans[-1][1], len(data) - 8 - n)  # the buffer ends the file
        for name, info in header.items():
            self.assertEqual(info["dtype"], "F32")
            self.assertEqual(info["shape"], list(state[name].shape))
            start, end = info["data_offsets"]
            raw = data[8 + n + start:8 + n + end]
            self.assertEqual(raw, struct.pack(f"<{state[name].numel()}f", *state[name].flatten().tolist()))

    def test_dtypes_round_trip(self):
        tensors = {"f32": torch.randn(3, 4), "bf16": torch.randn(5).to(torch.bfloat16),
                   "f16": torch.randn(2, 2).to(torch.float16), "i64": torch.arange(7), "scalar": torch.tensor(2.5),
                   "empty": torch.zeros(0, 3)}
        path = self.path("t.safetensors")
        write_safetensors(path, tensors)
        back = read_safetensors(path)
        self.assertEqual(sorted(back), sorted(tensors))
        for name, value in tensors.items():
            self.assertEqual(back[name].dtype, value.dtype, name)
            torch.testing.assert_close(back[name], value, rtol=0, atol=0)


class TransformersParityTest(TempDirTest):
    @unittest.skipUnless(has_package("transformers"), "transformers is not installed; the built-in model "
                         "was checked against it where it was")
    def test_auto_model_logits_match_ours(self):
        from transformers import AutoModelForCausalLM
        ids = torch.randint(0, VOCAB, (2, 12))
        for tie in (True, False):
            with self.subTest(tie_word_embeddings=tie):
                path = make_model_dir(self.path(f"m{tie}"), tie_word_embeddings=tie, rope_theta=5000.0)
                ours = load_model(path, "native").module
                theirs = AutoModelForCausalLM.from_pretrained(path).float().eval()
                with torch.no_grad():
                    torch.testing.assert_close(theirs(input_ids=ids).logits, ours(ids), rtol=1e-5, atol=1e-5)


if __name__ == "__main__":
    unittest.main()
