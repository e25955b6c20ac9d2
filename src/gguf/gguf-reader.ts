import { open } from "node:fs/promises";
import { GGML_TYPE_BYTES, type GgmlType, ggmlTypeFromCode } from "./ggml-type.js";
import { GgufFormatError } from "./gguf-format-error.js";
import { GGUF_TYPE_CODE, type GgufScalarType, type GgufValue } from "./gguf-value.js";
import { bfloat16ToFloat, halfToFloat } from "./half-float.js";

export interface GgufTensorInfo {
  readonly name: string;
  /** GGUF order: ne0 (the fastest-moving dimension) first. */
  readonly dims: readonly number[];
  /** The ggml type code; `type` names it when it is one this package reads. */
  readonly typeCode: number;
  readonly type: GgmlType | undefined;
  /** Absolute byte offset of the tensor's data in the file. */
  readonly offset: number;
}

export interface GgufFile {
  readonly file: string;
  readonly version: number;
  readonly metadata: ReadonlyMap<string, GgufValue>;
  readonly tensors: readonly GgufTensorInfo[];
  readonly alignment: number;
  readonly dataOffset: number;
}

const TYPE_BY_CODE = new Map<number, GgufScalarType | "array">(
  Object.entries(GGUF_TYPE_CODE).map(([name, code]) => [code, name as GgufScalarType | "array"]),
);

/** Thrown inside the parser when the buffer ends early; the caller rereads a larger prefix. */
class NeedMoreBytes extends Error {}

/**
 * Reads a GGUF file's header: metadata with its types, and tensor infos with absolute offsets.
 * Only the header is read (a growing prefix of the file), not the tensor data.
 */
export async function readGguf(file: string): Promise<GgufFile> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    let length = Math.min(size, 1 << 22);
    for (;;) {
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, 0);
      try {
        return parseHeader(file, buffer, size);
      } catch (error) {
        if (!(error instanceof NeedMoreBytes)) throw error;
        if (length >= size)
          throw new GgufFormatError({ file, offset: size, problem: "the file ends inside its header" });
        length = Math.min(size, length * 4);
      }
    }
  } finally {
    await handle.close();
  }
}

/** Reads one F32, F16 or BF16 tensor's data as floats (for checks and tests; whole tensor in memory). */
export async function readGgufTensor(gguf: GgufFile, name: string): Promise<Float32Array> {
  const info = gguf.tensors.find((tensor) => tensor.name === name);
  if (info === undefined)
    throw new GgufFormatError({ file: gguf.file, offset: 0, problem: `no tensor named ${name}` });
  if (info.type === undefined) {
    throw new GgufFormatError({
      file: gguf.file,
      offset: info.offset,
      problem: `${name} has ggml type ${info.typeCode}, not F32/F16/BF16`,
    });
  }
  const count = info.dims.reduce((product, dim) => product * dim, 1);
  const bytes = Buffer.alloc(count * GGML_TYPE_BYTES[info.type]);
  const handle = await open(gguf.file, "r");
  try {
    await handle.read(bytes, 0, bytes.length, info.offset);
  } finally {
    await handle.close();
  }
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    if (info.type === "F32") out[i] = bytes.readFloatLE(i * 4);
    else if (info.type === "F16") out[i] = halfToFloat(bytes.readUInt16LE(i * 2));
    else out[i] = bfloat16ToFloat(bytes.readUInt16LE(i * 2));
  }
  return out;
}

function parseHeader(file: string, buffer: Buffer, fileSize: number): GgufFile {
  let at = 0;
  const need = (size: number): number => {
    if (at + size > buffer.length) throw new NeedMoreBytes();
    const start = at;
    at += size;
    return start;
  };
  const fail = (problem: string): never => {
    throw new GgufFormatError({ file, offset: at, problem });
  };
  const u32 = (): number => buffer.readUInt32LE(need(4));
  const u64 = (): number => {
    const value = buffer.readBigUInt64LE(need(8));
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail(`count ${value} is too large`);
    return Number(value);
  };
  const string = (): string => {
    const size = u64();
    return buffer.toString("utf8", need(size), at);
  };
  const scalar = (type: GgufScalarType): number | bigint | boolean | string => {
    switch (type) {
      case "u8":
        return buffer.readUInt8(need(1));
      case "i8":
        return buffer.readInt8(need(1));
      case "u16":
        return buffer.readUInt16LE(need(2));
      case "i16":
        return buffer.readInt16LE(need(2));
      case "u32":
        return buffer.readUInt32LE(need(4));
      case "i32":
        return buffer.readInt32LE(need(4));
      case "f32":
        return buffer.readFloatLE(need(4));
      case "f64":
        return buffer.readDoubleLE(need(8));
      case "u64":
        return buffer.readBigUInt64LE(need(8));
      case "i64":
        return buffer.readBigInt64LE(need(8));
      case "bool":
        return buffer.readUInt8(need(1)) !== 0;
      case "string":
        return string();
    }
  };
  const typeOf = (code: number): GgufScalarType | "array" =>
    TYPE_BY_CODE.get(code) ?? fail(`unknown value type ${code}`);

  if (buffer.length >= 4 && buffer.readUInt32LE(0) !== 0x46554747)
    fail("not a GGUF file (the magic bytes are not 'GGUF')");
  need(4);
  const version = u32();
  if (version !== 2 && version !== 3) fail(`GGUF version ${version} is not supported (2 and 3 are)`);
  const tensorCount = u64();
  const metadataCount = u64();
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < metadataCount; i++) {
    const key = string();
    const type = typeOf(u32());
    if (type !== "array") {
      metadata.set(key, { type, value: scalar(type) } as GgufValue);
      continue;
    }
    const itemType = typeOf(u32());
    if (itemType === "array") fail(`metadata '${key}': nested arrays are not supported`);
    const count = u64();
    const items: Array<number | bigint | boolean | string> = new Array(count);
    for (let j = 0; j < count; j++) items[j] = scalar(itemType as GgufScalarType);
    metadata.set(key, { type: "array", itemType, value: items } as GgufValue);
  }
  const alignmentValue = metadata.get("general.alignment");
  const alignment = alignmentValue?.type === "u32" ? alignmentValue.value : 32;
  const infos: Array<Omit<GgufTensorInfo, "offset"> & { relative: number }> = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = string();
    const dimCount = u32();
    const dims: number[] = [];
    for (let d = 0; d < dimCount; d++) dims.push(u64());
    const typeCode = u32();
    infos.push({ name, dims, typeCode, type: ggmlTypeFromCode(typeCode), relative: u64() });
  }
  const dataOffset = Math.ceil(at / alignment) * alignment;
  const tensors = infos.map(({ relative, ...info }) => ({ ...info, offset: dataOffset + relative }));
  for (const tensor of tensors) {
    if (tensor.type === undefined) continue;
    const end = tensor.offset + tensor.dims.reduce((p, d) => p * d, 1) * GGML_TYPE_BYTES[tensor.type];
    if (end > fileSize)
      fail(`tensor ${tensor.name} ends at byte ${end}, past the end of the file (${fileSize})`);
  }
  return { file, version, metadata, tensors, alignment, dataOffset };
}
