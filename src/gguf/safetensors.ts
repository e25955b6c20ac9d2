import { existsSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import path from "node:path";
import { CheckpointError } from "./checkpoint-error.js";
import { bfloat16ToFloat, floatToHalf, halfToFloat } from "./half-float.js";

export type SafetensorsDtype = "F32" | "F16" | "BF16";

const DTYPE_BYTES: Readonly<Record<SafetensorsDtype, number>> = { F32: 4, F16: 2, BF16: 2 };

export interface SafetensorsTensor {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  /** Row-major shape, outermost dimension first (PyTorch order). */
  readonly shape: readonly number[];
  readonly file: string;
  /** Absolute byte offset of the data in `file`. */
  readonly offset: number;
  readonly byteLength: number;
}

/**
 * The tensors of a checkpoint directory: `model.safetensors`, or the shards listed by
 * `model.safetensors.index.json`. Only headers are read here; data is read on demand by rows.
 */
export async function openSafetensors(checkpointDir: string): Promise<Map<string, SafetensorsTensor>> {
  const single = path.join(checkpointDir, "model.safetensors");
  const index = path.join(checkpointDir, "model.safetensors.index.json");
  let files: string[];
  if (existsSync(single)) files = [single];
  else if (existsSync(index)) {
    const parsed = JSON.parse(await readFile(index, "utf8")) as { weight_map?: Record<string, string> };
    if (parsed.weight_map === undefined || typeof parsed.weight_map !== "object") {
      throw new CheckpointError({
        file: index,
        field: "weight_map",
        problem: "missing; expected {tensor name: shard file}",
      });
    }
    files = [...new Set(Object.values(parsed.weight_map))].map((shard) => path.join(checkpointDir, shard));
  } else {
    throw new CheckpointError({
      file: checkpointDir,
      problem:
        "no model.safetensors or model.safetensors.index.json; save the model with safe_serialization=True",
    });
  }
  const tensors = new Map<string, SafetensorsTensor>();
  for (const file of files) {
    for (const tensor of await readSafetensorsHeader(file)) tensors.set(tensor.name, tensor);
  }
  return tensors;
}

/** Parses one safetensors file's header: 8-byte little-endian length, then a JSON table of tensors. */
export async function readSafetensorsHeader(file: string): Promise<SafetensorsTensor[]> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const prefix = Buffer.alloc(8);
    await handle.read(prefix, 0, 8, 0);
    const headerLength = Number(prefix.readBigUInt64LE(0));
    if (size < 8 || headerLength > size - 8) {
      throw new CheckpointError({
        file,
        problem: "not a safetensors file (its header length exceeds the file)",
      });
    }
    const headerBytes = Buffer.alloc(headerLength);
    await handle.read(headerBytes, 0, headerLength, 8);
    const header = JSON.parse(headerBytes.toString("utf8")) as Record<string, unknown>;
    const dataStart = 8 + headerLength;
    const tensors: SafetensorsTensor[] = [];
    for (const [name, entry] of Object.entries(header)) {
      if (name === "__metadata__") continue;
      const {
        dtype,
        shape,
        data_offsets: offsets,
      } = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
      if (dtype !== "F32" && dtype !== "F16" && dtype !== "BF16") {
        throw new CheckpointError({
          file,
          field: name,
          problem: `dtype ${dtype} is not supported (F32, F16, BF16 are); save the model unquantized`,
        });
      }
      const count = shape.reduce((product, dim) => product * dim, 1);
      const byteLength = offsets[1] - offsets[0];
      if (byteLength !== count * DTYPE_BYTES[dtype] || dataStart + offsets[1] > size) {
        throw new CheckpointError({
          file,
          field: name,
          problem: "its data_offsets do not match its shape and dtype",
        });
      }
      tensors.push({ name, dtype, shape, file, offset: dataStart + offsets[0], byteLength });
    }
    return tensors;
  } finally {
    await handle.close();
  }
}

/**
 * Reads rows [start, start + count) of a tensor (rows = the outermost dimension; a 1-D tensor has
 * one element per row) as float32.
 */
export async function readSafetensorsRows(
  tensor: SafetensorsTensor,
  start: number,
  count: number,
): Promise<Float32Array> {
  const rowElements = tensor.shape.slice(1).reduce((product, dim) => product * dim, 1);
  const elementBytes = DTYPE_BYTES[tensor.dtype];
  const bytes = Buffer.alloc(count * rowElements * elementBytes);
  const handle = await open(tensor.file, "r");
  try {
    await handle.read(bytes, 0, bytes.length, tensor.offset + start * rowElements * elementBytes);
  } finally {
    await handle.close();
  }
  const out = new Float32Array(count * rowElements);
  if (tensor.dtype === "F32") {
    for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  } else if (tensor.dtype === "F16") {
    for (let i = 0; i < out.length; i++) out[i] = halfToFloat(bytes.readUInt16LE(i * 2));
  } else {
    for (let i = 0; i < out.length; i++) out[i] = bfloat16ToFloat(bytes.readUInt16LE(i * 2));
  }
  return out;
}

export interface SafetensorsWriteTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
  /** Stored dtype. Default "F32". */
  readonly dtype?: SafetensorsDtype;
}

/** Serialises tensors as one safetensors file (tests and small checkpoints: everything in memory). */
export function encodeSafetensors(
  tensors: readonly SafetensorsWriteTensor[],
  metadata: Record<string, string> = {},
): Buffer {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  const payloads: Buffer[] = [];
  for (const tensor of tensors) {
    const dtype = tensor.dtype ?? "F32";
    const payload = encodeFloats(tensor.data, dtype);
    header[tensor.name] = { dtype, shape: tensor.shape, data_offsets: [offset, offset + payload.length] };
    offset += payload.length;
    payloads.push(payload);
  }
  let json = JSON.stringify(header);
  // The format asks for the header padded with spaces to a multiple of 8 bytes.
  json += " ".repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  return Buffer.concat([length, Buffer.from(json, "utf8"), ...payloads]);
}

function encodeFloats(data: Float32Array, dtype: SafetensorsDtype): Buffer {
  if (dtype === "F32") return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const out = Buffer.alloc(data.length * 2);
  const u32 = new Uint32Array(Float32Array.from(data).buffer);
  for (let i = 0; i < data.length; i++) {
    const bits = u32[i] as number;
    // BF16 by round-to-nearest-even on the dropped half, as torch does.
    const value =
      dtype === "BF16" ? (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16 : floatToHalf(data[i] as number);
    out.writeUInt16LE(value & 0xffff, i * 2);
  }
  return out;
}
