import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputError } from "../errors/input-error.js";
import { PairFormatError } from "./pair-format-error.js";
import type { PreferencePair } from "./preference-pair.js";
import { readPairs } from "./read-pairs.js";
import { validatePair } from "./validate-pair.js";

const PAIR: PreferencePair = {
  id: "t/1",
  tools: [],
  prompt: [{ role: "user", content: "hi" }],
  chosen: {
    role: "assistant",
    content: null,
    tool_calls: [{ id: "a", type: "function", function: { name: "f", arguments: "{}" } }],
  },
  rejected: { role: "assistant", content: "no" },
  meta: {
    divergence_token: 0,
    chosen_score: 1,
    rejected_score: 0,
    errors: [],
    sampler: { name: "tps", model: "m" },
    target_id: "t",
    chosen_source: "reference",
    rejected_source: "greedy",
  },
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ttpa-pairs-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("validatePair / readPairs", () => {
  it("accepts a pair in the documented format", () => {
    expect(validatePair(structuredClone(PAIR))).toEqual(PAIR);
  });

  it("names the field that is wrong", () => {
    const broken = (change: (pair: Record<string, unknown>) => void) => {
      const pair = structuredClone(PAIR) as unknown as Record<string, unknown>;
      change(pair);
      try {
        validatePair(pair);
      } catch (error) {
        expect(error).toBeInstanceOf(PairFormatError);
        return (error as PairFormatError).field;
      }
      return undefined;
    };
    expect(broken((pair) => delete pair.id)).toBe("id");
    expect(broken((pair) => (pair.chosen = { role: "user", content: "x" }))).toBe("chosen.role");
    expect(broken((pair) => ((pair.meta as Record<string, unknown>).chosen_score = 2))).toBe(
      "meta.chosen_score",
    );
    expect(broken((pair) => ((pair.meta as Record<string, unknown>).divergence_token = -1))).toBe(
      "meta.divergence_token",
    );
    expect(
      broken((pair) => {
        (pair.chosen as { tool_calls: Array<{ function: { arguments: unknown } }> })
          .tool_calls[0]!.function.arguments = {};
      }),
    ).toBe("chosen.tool_calls[0].function.arguments");
    expect(broken((pair) => (pair.prompt = [{ role: "tool", content: "x" }]))).toBe("prompt[0].tool_call_id");
  });

  it("reads a file, reporting a bad line or a repeated id with file and line", async () => {
    const file = path.join(dir, "pairs.jsonl");
    await writeFile(file, `${JSON.stringify(PAIR)}\n\n${JSON.stringify({ ...PAIR, id: "t/2" })}\n`);
    expect((await readPairs(file)).map((pair) => pair.id)).toEqual(["t/1", "t/2"]);
    await writeFile(file, `${JSON.stringify(PAIR)}\n${JSON.stringify(PAIR)}\n`);
    await expect(readPairs(file)).rejects.toThrow(/pairs\.jsonl:line 2: duplicate pair id 't\/1'/);
    await writeFile(file, `${JSON.stringify({ ...PAIR, meta: { ...PAIR.meta, errors: "x" } })}\n`);
    const error = await readPairs(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe("meta.errors");
    expect((error as InputError).line).toBe(1);
  });
});
