import { InputError } from "../errors/input-error.js";
import { readJsonl } from "../json/read-jsonl.js";
import { describeAjvError, schemaValidator } from "../tools/schema-validator.js";
import type { Toolset } from "../tools/tool-definition.js";
import { validateToolset } from "../tools/validate-toolset.js";
import type { DatasetRecord } from "./dataset-record.js";
import { DATASET_RECORD_SCHEMA } from "./dataset-record-schema.js";

/**
 * Reads a dataset JSONL file. Any malformed line stops with a one-line InputError naming the file,
 * the line and the field, since scoring against a broken reference would give wrong numbers.
 */
export async function readDataset(file: string): Promise<DatasetRecord[]> {
  const validate = schemaValidator().compile(DATASET_RECORD_SCHEMA);
  const { entries } = await readJsonl(file);
  const records: DatasetRecord[] = [];
  const ids = new Map<string, number>();
  // Records of one dataset mostly share a few toolsets: validate each distinct toolset once.
  const validToolsets = new Set<string>();
  for (const { line, value } of entries) {
    if (!validate(value)) {
      throw new InputError(`invalid record (${describeAjvError(validate.errors?.[0])})`, { file, line });
    }
    const record = value as unknown as DatasetRecord;
    const earlier = ids.get(record.id);
    if (earlier !== undefined) {
      throw new InputError(`duplicate id '${record.id}' (first on line ${earlier})`, {
        file,
        line,
        field: "id",
      });
    }
    ids.set(record.id, line);
    const key = JSON.stringify(record.tools);
    if (!validToolsets.has(key)) {
      try {
        validateToolset(record.tools as Toolset);
      } catch (error) {
        throw new InputError(`record '${record.id}': ${(error as Error).message}`, {
          file,
          line,
          field: "tools",
        });
      }
      validToolsets.add(key);
    }
    record.meta ??= {};
    records.push(record);
  }
  return records;
}
