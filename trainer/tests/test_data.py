import json
import unittest

import torch
import torch.nn.functional as F

from trainer.data import BatchOrder, shard
from trainer.events import TrainerError
from trainer.objectives import make_objective
from trainer.sft import SFT

from .helpers import VOCAB, TempDirTest, build_model

MODEL_CONFIG = {"vocab_size": VOCAB, "max_position_embeddings": 12, "pad_token_id": 0}


class ValidationTest(TempDirTest):
    def read(self, *lines) -> list:
        path = self.path("data.jsonl")
        with open(path, "w") as f:
            f.write("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
        return SFT(MODEL_CONFIG).read(path)

    def assertBadLine(self, line_number: int, pattern: str, *lines):
        with self.assertRaises(TrainerError) as caught:
            self.read(*lines)
        message = str(caught.exception)
        self.assertIn(f"data.jsonl:{line_number}: ", message)
        self.assertRegex(message, pattern)
        self.assertNotIn("\n", message)

    def test_valid_file_with_blank_lines_and_extra_keys(self):
        examples = self.read({"input_ids": [1, 2, 3], "loss_mask": [0, 1, 1], "id": "a"}, "",
                             {"input_ids": [4, 5], "loss_mask": [0, 0]})
        self.assertEqual(len(examples), 2)

    def test_errors_name_file_and_line(self):
        good = {"input_ids": [1, 2], "loss_mask": [0, 1]}
        self.assertBadLine(2, "invalid JSON", good, "{not json")
        self.assertBadLine(2, "expected a JSON object", good, "[1, 2]")
        self.assertBadLine(1, "input_ids must be a list of integers", {"loss_mask": [0, 1]})
        self.assertBadLine(1, "input_ids must be a list of integers", {"input_ids": [1, 2.5], "loss_mask": [0, 1]})
        self.assertBadLine(3, r"input_ids has 16, outside \[0, 16\)", good, good,
                           {"input_ids": [1, VOCAB], "loss_mask": [0, 1]})
        self.assertBadLine(1, "input_ids has -1", {"input_ids": [-1, 2], "loss_mask": [0, 1]})
        self.assertBadLine(1, r"loss_mask has 2, outside \[0, 2\)", {"input_ids": [1, 2], "loss_mask": [0, 2]})
        self.assertBadLine(1, "input_ids has 3 tokens but loss_mask has 2",
                           {"input_ids": [1, 2, 3], "loss_mask": [0, 1]})
        self.assertBadLine(1, "at least 2 tokens", {"input_ids": [1], "loss_mask": [1]})
        self.assertBadLine(1, "13 tokens, more than the model's max_position_embeddings",
                           {"input_ids": [1] * 13, "loss_mask": [1] * 13})

    def test_empty_and_missing_files(self):
        with self.assertRaisesRegex(TrainerError, "no examples"):
            self.read("")
        with self.assertRaisesRegex(TrainerError, "nope.jsonl: No such file"):
            SFT(MODEL_CONFIG).read(self.path("nope.jsonl"))

    def test_unknown_objective_is_an_error(self):
        with self.assertRaisesRegex(TrainerError, "unknown objective 'ppo' \\(known: sft"):
            make_objective("ppo", MODEL_CONFIG)


class LossMaskTest(unittest.TestCase):
    def setUp(self):
        self.model = build_model()
        self.sft = SFT({**MODEL_CONFIG, "max_position_embeddings": 512})

    def loss(self, *examples) -> torch.Tensor:
        batch = self.sft.collate([(torch.tensor(ids), torch.tensor(mask, dtype=torch.bool)) for ids, mask in examples])
        return self.sft.loss(self.model, batch)[0]

    def test_loss_is_the_sum_over_masked_targets(self):
        ids, mask = [1, 5, 6, 7, 2, 8, 9, 3], [0, 0, 1, 0, 0, 1, 1, 1]
        logprobs = F.log_softmax(self.model(torch.tensor([ids]))[0], dim=-1)
        expected = -sum(logprobs[i - 1, ids[i]] for i in range(1, len(ids)) if mask[i])
        torch.testing.assert_close(self.loss((ids, mask)), expected)

    def test_unmasked_labels_do_not_count_but_inputs_do(self):
        ids, mask = [1, 5, 6, 7, 2, 8, 9, 3], [0, 0, 1, 1, 1, 1, 1, 0]
        base = self.loss((ids, mask))
        # The last token is only a label; with mask 0 it cannot matter.
        torch.testing.assert_close(self.loss((ids[:-1] + [12], mask)), base, rtol=0, atol=0)
        # An earlier token with mask 0 is still an input to the positions after it.
        self.assertNotEqual(self.loss(([1, 11] + ids[2:], mask)).item(), base.item())
        # With mask 1 on the last token its label counts.
        self.assertNotEqual(self.loss((ids[:-1] + [12], mask[:-1] + [1])).item(),
                            self.loss((ids, mask[:-1] + [1])).item())

    def test_pads_carry_no_loss(self):
        short, long = ([1, 5, 2, 5, 3], [0, 0, 0, 1, 1]), ([1, 6, 7, 8, 2, 8, 7, 6, 3], [0] * 5 + [1] * 4)
        together = self.loss(short, long)
        torch.testing.assert_close(together, self.loss(short) + self.loss(long), rtol=1e-5, atol=1e-5)
        self.sft.pad_id = 9  # which id pads must not matter
        torch.testing.assert_close(self.loss(short, long), together, rtol=1e-5, atol=1e-5)

    def test_no_loss_tokens_means_zero_loss_and_zero_gradients(self):
        loss = self.loss(([1, 5, 6], [1, 0, 0]))  # loss_mask[0] has no effect
        loss.backward()
        self.assertEqual(loss.item(), 0.0)
        self.assertTrue(all(p.grad is None or not p.grad.any() for p in self.model.parameters()))

    def test_weight_counts_loss_tokens(self):
        self.assertEqual(self.sft.weight((torch.tensor([1, 2, 3, 4]), torch.tensor([1, 0, 1, 1]))), 2)


class BatchingTest(unittest.TestCase):
    def test_order_is_seeded_full_and_per_epoch(self):
        order = BatchOrder(10, 3, seed=1)
        self.assertEqual(order.steps_per_epoch, 3)
        epoch0 = [order.indices(s) for s in range(3)]
        self.assertTrue(all(len(b) == 3 for b in epoch0))
        self.assertEqual(len({i for b in epoch0 for i in b}), 9)
        self.assertNotEqual([order.indices(s) for s in range(3, 6)], epoch0)
        self.assertEqual(BatchOrder(10, 3, seed=1).indices(4), order.indices(4))  # a function of the step
        self.assertNotEqual(BatchOrder(10, 3, seed=2).indices(0), order.indices(0))
        self.assertEqual(order.position(4), {"epoch": 1, "batch_in_epoch": 1, "examples_seen": 12})
        with self.assertRaisesRegex(TrainerError, "fewer than one batch"):
            BatchOrder(2, 3, seed=0)

    def test_shards_cover_the_batch_once(self):
        lengths = [5, 9, 2, 7, 7, 3, 8, 1]
        batch = [0, 1, 2, 3, 4, 5, 6, 7]
        parts = [shard(batch, lengths, rank, 2, 2) for rank in range(2)]
        self.assertEqual(sorted(i for p in parts for mb in p for i in mb), batch)
        self.assertTrue(all(len(mb) == 2 for p in parts for mb in p))
        self.assertEqual(parts[0][0], [1, 3])  # longest first, dealt in turn


if __name__ == "__main__":
    unittest.main()
