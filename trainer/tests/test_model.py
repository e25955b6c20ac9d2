import unittest

import torch

from trainer.model import PRESETS, LlamaConfig, LlamaForCausalLM, preset_config


def tiny(**overrides) -> LlamaConfig:
    config = preset_config("tiny", 37)
    for key, value in overrides.items():
        setattr(config, key, value)
    return config


class PresetTest(unittest.TestCase):
    def test_shapes_and_parameter_counts(self):
        for name, preset in PRESETS.items():
            with self.subTest(preset=name):
                vocab = 101
                torch.manual_seed(0)
                model = LlamaForCausalLM(preset_config(name, vocab))
                logits = model(torch.randint(0, vocab, (2, 7)))
                self.assertEqual(logits.shape, (2, 7, vocab))
                C, I, L = preset.hidden_size, preset.intermediate_size, preset.num_hidden_layers
                D = C // preset.num_attention_heads
                per_layer = 2 * C * C + 2 * C * D * preset.num_key_value_heads + 3 * C * I + 2 * C
                embeddings = vocab * C * (1 if preset.tie_word_embeddings else 2)
                self.assertEqual(model.num_parameters(), L * per_layer + C + embeddings)

    def test_small_preset_is_a_few_million_parameters(self):
        model = LlamaForCausalLM(preset_config("small", 4096))
        self.assertTrue(2e6 < model.num_parameters() < 10e6, model.num_parameters())

    def test_hf_parameter_names(self):
        names = set(LlamaForCausalLM(tiny(tie_word_embeddings=False)).state_dict())
        for expected in ("model.embed_tokens.weight", "model.layers.1.self_attn.q_proj.weight",
                         "model.layers.1.self_attn.k_proj.weight", "model.layers.1.self_attn.v_proj.weight",
                         "model.layers.1.self_attn.o_proj.weight", "model.layers.1.mlp.gate_proj.weight",
                         "model.layers.1.mlp.up_proj.weight", "model.layers.1.mlp.down_proj.weight",
                         "model.layers.1.input_layernorm.weight",
                         "model.layers.1.post_attention_layernorm.weight", "model.norm.weight", "lm_head.weight"):
            self.assertIn(expected, names)

    def test_tied_embeddings_share_one_matrix(self):
        model = LlamaForCausalLM(tiny(tie_word_embeddings=True))
        self.assertIs(model.lm_head.weight, model.model.embed_tokens.weight)
        self.assertIsNot(LlamaForCausalLM(tiny(tie_word_embeddings=False)).lm_head.weight,
                         model.model.embed_tokens.weight)


class AttentionTest(unittest.TestCase):
    def test_grouped_query_attention_equals_repeated_heads(self):
        # GQA with K kv heads must compute what full multi-head attention computes when each kv head's
        # weights are copied to the H / K query heads that share it (HF's repeat_kv layout).
        torch.manual_seed(0)
        gqa = LlamaForCausalLM(tiny(num_attention_heads=4, num_key_value_heads=2))
        mha = LlamaForCausalLM(tiny(num_attention_heads=4, num_key_value_heads=4))
        D = gqa.config.head_dim
        self.assertEqual(gqa.model.layers[0].self_attn.k_proj.weight.shape, (2 * D, 64))
        state = gqa.state_dict()
        for key, value in list(state.items()):
            if key.endswith(("k_proj.weight", "v_proj.weight")):
                state[key] = value.view(2, D, -1).repeat_interleave(2, dim=0).reshape(4 * D, -1)
        mha.load_state_dict(state)
        ids = torch.randint(0, 37, (2, 9))
        torch.testing.assert_close(gqa(ids), mha(ids), rtol=1e-5, atol=1e-5)

    def test_future_tokens_do_not_change_earlier_logits(self):
        torch.manual_seed(0)
        model = LlamaForCausalLM(tiny())
        ids = torch.randint(0, 37, (1, 12))
        changed = ids.clone()
        changed[0, 7:] = (changed[0, 7:] + 1) % 37
        a, b = model(ids), model(changed)
        torch.testing.assert_close(a[:, :7], b[:, :7], rtol=0, atol=0)
        self.assertFalse(torch.allclose(a[:, 7:], b[:, 7:]))

    def test_right_padding_is_invisible_to_real_tokens(self):
        torch.manual_seed(0)
        model = LlamaForCausalLM(tiny())
        short, long = torch.randint(0, 37, (1, 5)), torch.randint(0, 37, (1, 9))
        batch = torch.cat([torch.cat([short, torch.full((1, 4), 0)], dim=1), long])
        torch.testing.assert_close(model(batch)[0, :5], model(short)[0], rtol=1e-5, atol=1e-6)

    def test_select_returns_the_selected_rows(self):
        torch.manual_seed(0)
        model = LlamaForCausalLM(tiny())
        ids = torch.randint(0, 37, (2, 6))
        select = torch.rand(2, 6) > 0.5
        torch.testing.assert_close(model(ids, select=select), model(ids)[select], rtol=1e-5, atol=1e-6)

    def test_rope_theta_changes_the_output(self):
        torch.manual_seed(0)
        a = LlamaForCausalLM(tiny(rope_theta=10000.0))
        b = LlamaForCausalLM(tiny(rope_theta=500.0))
        b.load_state_dict(a.state_dict())
        ids = torch.randint(0, 37, (1, 8))
        torch.testing.assert_close(a(ids)[:, 0], b(ids)[:, 0])  # position 0 is not rotated
        self.assertFalse(torch.allclose(a(ids)[:, 1:], b(ids)[:, 1:]))


class ConfigTest(unittest.TestCase):
    def test_round_trip_through_hf_config(self):
        config = tiny(tie_word_embeddings=False, rope_theta=5000.0, bos_token_id=1, eos_token_id=2)
        hf = config.to_hf()
        self.assertEqual(hf["architectures"], ["LlamaForCausalLM"])
        self.assertEqual(hf["model_type"], "llama")
        self.assertEqual(LlamaConfig.from_hf(hf), config)

    def test_reads_transformers_5_rope_parameters(self):
        hf = tiny().to_hf()
        del hf["rope_theta"]
        hf["rope_parameters"] = {"rope_type": "default", "rope_theta": 1234.0}
        self.assertEqual(LlamaConfig.from_hf(hf).rope_theta, 1234.0)

    def test_refuses_what_it_cannot_compute(self):
        for key, value in (("model_type", "qwen2"), ("attention_bias", True), ("hidden_act", "gelu"),
                           ("rope_scaling", {"rope_type": "llama3", "factor": 8.0})):
            with self.subTest(key=key), self.assertRaisesRegex(ValueError, key if key != "rope_scaling" else "rotary"):
                LlamaConfig.from_hf({**tiny().to_hf(), key: value})


if __name__ == "__main__":
    unittest.main()
