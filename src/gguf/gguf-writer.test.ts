import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { readGgufFileInfo } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readGguf, readGgufTensor } from "./gguf-reader.js";
import { type GgufValue, gguf } from "./gguf-value.js";
import { type GgufTensorSource, writeGguf } from "./gguf-writer.js";
import { bfloat16ToFloat, floatToHalf, halfToFloat } from "./half-float.js";
import { encode } from "./llama-tensors.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ttpa-gguf-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const metadata = new Map<string, GgufValue>([
  ["general.architecture", gguf.string("llama")],
  ["general.name", gguf.string("tëst — 模型")],
  ["t.u8", gguf.u8(255)],
  ["t.i8", gguf.i8(-128)],
  ["t.u16", gguf.u16(65535)],
  ["t.i16", gguf.i16(-32768)],
  ["t.u32", gguf.u32(4294967295)],
  ["t.i32", gguf.i32(-2147483648)],
  ["t.f32", gguf.f32(1e-5)],
  ["t.f64", gguf.f64(Math.PI)],
  ["t.u64", gguf.u64(2n ** 64n - 1n)],
  ["t.i64", gguf.i64(-(2n ** 63n))],
  ["t.bool", gguf.bool(false)],
  ["t.strings", gguf.strings(["a", "", "Ġhello", "<|eot_id|>"])],
  ["t.i32s", gguf.i32s([1, -2, 3])],
  ["t.f32s", gguf.f32s([0.1, -0.2])],
  ["t.empty", gguf.strings([])],
  // Large enough that the header buffer grows several times mid-value.
  ["t.many", gguf.strings(Array.from({ length: 30000 }, (_, i) => `token-${i}`))],
  ["t.after", gguf.f64(-1.5)],
]);

function tensor(name: string, dims: number[], data: Float32Array, type: "F32" | "F16"): GgufTensorSource {
  return {
    name,
    type,
    dims,
    async *chunks() {
      const bytes = encode(data, type);
      // Odd chunk sizes: the writer must not depend on how a source splits its bytes.
      for (let at = 0; at < bytes.length; at += 7) yield bytes.subarray(at, at + 7);
    },
  };
}

describe("writeGguf and readGguf", () => {
  it("round-trips every metadata value type with its type", async () => {
    const file = path.join(dir, "meta.gguf");
    await writeGguf({ file, metadata, tensors: [] });
    const read = await readGguf(file);
    expect(read.version).toBe(3);
    expect([...read.metadata.keys()]).toEqual([...metadata.keys()]);
    expect(read.metadata).toEqual(metadata);
  });

  it("aligns tensor data to 32 bytes and round-trips F32 and F16 data", async () => {
    const file = path.join(dir, "tensors.gguf");
    const a = Float32Array.from({ length: 15 }, (_, i) => i * 0.37 - 2);
    const b = Float32Array.from({ length: 6 }, (_, i) => 1 / (i + 1));
    await writeGguf({ file, metadata, tensors: [tensor("a", [5, 3], a, "F32"), tensor("b", [6], b, "F16")] });
    const read = await readGguf(file);
    for (const info of read.tensors) expect(info.offset % 32).toBe(0);
    expect(read.tensors.map((t) => [t.name, t.dims, t.type])).toEqual([
      ["a", [5, 3], "F32"],
      ["b", [6], "F16"],
    ]);
    expect(await readGgufTensor(read, "a")).toEqual(a);
    const half = await readGgufTensor(read, "b");
    for (const [i, value] of half.entries()) expect(value).toBeCloseTo(b[i] as number, 3);
  });

  it("writes files node-llama-cpp's own GGUF reader parses identically", async () => {
    const file = path.join(dir, "theirs.gguf");
    await writeGguf({ file, metadata, tensors: [tensor("w", [4, 2], new Float32Array(8).fill(1), "F32")] });
    const theirs = await readGgufFileInfo(file);
    expect(theirs.version).toBe(3);
    expect(theirs.metadata.general.name).toBe("tëst — 模型");
    expect(theirs.tensorInfo?.map((t) => [t.name, t.dimensions.map(Number)])).toEqual([["w", [4, 2]]]);
  });

  it("refuses a value whose JS type does not match its GGUF type", async () => {
    const bad = new Map<string, GgufValue>([["x", { type: "u32", value: -1 }]]);
    await expect(writeGguf({ file: path.join(dir, "bad.gguf"), metadata: bad, tensors: [] })).rejects.toThrow(
      "metadata 'x'",
    );
  });

  it("names the problem in a file that is not GGUF", async () => {
    const file = path.join(dir, "not.gguf");
    await writeFile(file, "this is not a gguf file at all");
    await expect(readGguf(file)).rejects.toThrow("not a GGUF file");
  });
});

describe("half floats", () => {
  it("rounds to nearest even and handles subnormals, overflow and infinities", () => {
    for (const value of [0, -0, 1, -2.5, 65504, 6.1e-5, 5.96e-8, 0.1, 1 / 3, 1000.5]) {
      const back = halfToFloat(floatToHalf(value));
      expect(Math.abs(back - value)).toBeLessThanOrEqual(Math.abs(value) * 2 ** -11 + 2 ** -25);
    }
    expect(floatToHalf(65520)).toBe(0x7c00);
    expect(floatToHalf(Number.NEGATIVE_INFINITY)).toBe(0xfc00);
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // a tie rounds to the even mantissa
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(bfloat16ToFloat(0x3f80)).toBe(1);
  });
});
