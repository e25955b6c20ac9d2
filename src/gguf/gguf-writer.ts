import { open, rename, rm } from "node:fs/promises";
import { GGML_TYPE_BYTES, GGML_TYPE_CODE, type GgmlType } from "./ggml-type.js";
import { GGUF_TYPE_CODE, type GgufMetadata, type GgufScalarType, type GgufValue } from "./gguf-value.js";

/** A tensor to write: its shape in GGUF order (ne0, the fastest-moving dimension, first) and its data, streamed. */
export interface GgufTensorSource {
  readonly name: string;
  readonly type: GgmlType;
  readonly dims: readonly number[];
  /** Produces the tensor's bytes in order, in as many chunks as it likes; the writer checks the total. */
  chunks(): AsyncIterable<Uint8Array>;
}

export interface WriteGgufOptions {
  file: string;
  metadata: GgufMetadata;
  tensors: readonly GgufTensorSource[];
  /** Data alignment in bytes; written as `general.alignment` when not 32. Default 32 (GGUF's default). */
  alignment?: number;
}

const GGUF_MAGIC = 0x46554747;
const GGUF_VERSION = 3;

/**
 * Writes a GGUF v3 file: header, typed metadata, tensor infos, then each tensor's data at an aligned
 * offset. Tensors are streamed one chunk at a time so a multi-gigabyte model never sits in memory,
 * and the file appears under its name only once complete (temp file and rename).
 */
export async function writeGguf(options: WriteGgufOptions): Promise<{ bytes: number }> {
  const alignment = options.alignment ?? 32;
  const metadata = new Map(options.metadata);
  if (alignment !== 32) metadata.set("general.alignment", { type: "u32", value: alignment });

  const header = new ByteSink();
  header.u32(GGUF_MAGIC);
  header.u32(GGUF_VERSION);
  header.u64(BigInt(options.tensors.length));
  header.u64(BigInt(metadata.size));
  for (const [key, value] of metadata) {
    header.string(key);
    writeValue(header, key, value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const tensor of options.tensors) {
    header.string(tensor.name);
    header.u32(tensor.dims.length);
    for (const dim of tensor.dims) header.u64(BigInt(dim));
    header.u32(GGML_TYPE_CODE[tensor.type]);
    header.u64(BigInt(offset));
    offsets.push(offset);
    offset = alignUp(offset + tensorBytes(tensor), alignment);
  }
  const headerBytes = header.bytes();
  const dataStart = alignUp(headerBytes.length, alignment);

  const temporary = `${options.file}.${process.pid}.tmp`;
  const handle = await open(temporary, "w");
  try {
    let position = 0;
    const write = async (chunk: Uint8Array): Promise<void> => {
      let done = 0;
      while (done < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, done, chunk.length - done, position);
        done += bytesWritten;
        position += bytesWritten;
      }
    };
    await write(headerBytes);
    await write(new Uint8Array(dataStart - headerBytes.length));
    for (const [index, tensor] of options.tensors.entries()) {
      const start = dataStart + (offsets[index] as number);
      if (position < start) await write(new Uint8Array(start - position));
      const expected = tensorBytes(tensor);
      let written = 0;
      for await (const chunk of tensor.chunks()) {
        written += chunk.length;
        if (written > expected) break;
        await write(chunk);
      }
      if (written !== expected) {
        throw new Error(
          `tensor ${tensor.name}: its source produced ${written} bytes, its shape needs ${expected}`,
        );
      }
    }
    await handle.close();
    await rename(temporary, options.file);
    return { bytes: position };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

export function tensorBytes(tensor: { type: GgmlType; dims: readonly number[] }): number {
  return tensor.dims.reduce((product, dim) => product * dim, 1) * GGML_TYPE_BYTES[tensor.type];
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

function writeValue(sink: ByteSink, key: string, value: GgufValue): void {
  sink.u32(GGUF_TYPE_CODE[value.type]);
  if (value.type !== "array") {
    writeScalar(sink, key, value.type, value.value);
    return;
  }
  sink.u32(GGUF_TYPE_CODE[value.itemType]);
  sink.u64(BigInt(value.value.length));
  for (const item of value.value) writeScalar(sink, key, value.itemType, item);
}

function writeScalar(
  sink: ByteSink,
  key: string,
  type: GgufScalarType,
  value: number | bigint | boolean | string,
): void {
  const mismatch = (): Error =>
    new TypeError(`metadata '${key}': ${typeof value} ${String(value)} is not a ${type}`);
  switch (type) {
    case "string":
      if (typeof value !== "string") throw mismatch();
      sink.string(value);
      return;
    case "bool":
      if (typeof value !== "boolean") throw mismatch();
      sink.u8(value ? 1 : 0);
      return;
    case "u64":
    case "i64":
      if (typeof value !== "bigint") throw mismatch();
      if (type === "u64") sink.u64(value);
      else sink.i64(value);
      return;
    default:
      if (typeof value !== "number") throw mismatch();
      sink.number(type, value, mismatch);
  }
}

const INTEGER_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  u8: [0, 0xff],
  i8: [-0x80, 0x7f],
  u16: [0, 0xffff],
  i16: [-0x8000, 0x7fff],
  u32: [0, 0xffffffff],
  i32: [-0x80000000, 0x7fffffff],
};

const NUMBER_WRITERS: Partial<
  Record<GgufScalarType, { size: number; put: (buffer: Buffer, value: number, at: number) => void }>
> = {
  u8: { size: 1, put: (buffer, value, at) => buffer.writeUInt8(value, at) },
  i8: { size: 1, put: (buffer, value, at) => buffer.writeInt8(value, at) },
  u16: { size: 2, put: (buffer, value, at) => buffer.writeUInt16LE(value, at) },
  i16: { size: 2, put: (buffer, value, at) => buffer.writeInt16LE(value, at) },
  u32: { size: 4, put: (buffer, value, at) => buffer.writeUInt32LE(value, at) },
  i32: { size: 4, put: (buffer, value, at) => buffer.writeInt32LE(value, at) },
  f32: { size: 4, put: (buffer, value, at) => buffer.writeFloatLE(value, at) },
  f64: { size: 8, put: (buffer, value, at) => buffer.writeDoubleLE(value, at) },
};

/** A growable little-endian byte buffer for the header. */
class ByteSink {
  private buffer = Buffer.alloc(1 << 16);
  private length = 0;

  private reserve(size: number): number {
    if (this.length + size > this.buffer.length) {
      const grown = Buffer.alloc(Math.max(this.buffer.length * 2, this.length + size));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    const at = this.length;
    this.length += size;
    return at;
  }

  u8(value: number): void {
    const at = this.reserve(1);
    this.buffer.writeUInt8(value, at);
  }
  u32(value: number): void {
    const at = this.reserve(4);
    this.buffer.writeUInt32LE(value, at);
  }
  u64(value: bigint): void {
    const at = this.reserve(8);
    this.buffer.writeBigUInt64LE(value, at);
  }
  i64(value: bigint): void {
    const at = this.reserve(8);
    this.buffer.writeBigInt64LE(value, at);
  }
  string(value: string): void {
    const size = Buffer.byteLength(value, "utf8");
    this.u64(BigInt(size));
    const at = this.reserve(size);
    this.buffer.write(value, at, "utf8");
  }
  number(type: GgufScalarType, value: number, mismatch: () => Error): void {
    const range = INTEGER_RANGES[type];
    if (range !== undefined && (!Number.isInteger(value) || value < range[0] || value > range[1]))
      throw mismatch();
    const writer = NUMBER_WRITERS[type];
    if (writer === undefined) throw mismatch();
    // Reserve first: it may replace the buffer.
    const at = this.reserve(writer.size);
    writer.put(this.buffer, value, at);
  }
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}
