import { access, readdir } from "node:fs/promises";
import path from "node:path";
import type { ChatMessage } from "../dataset/chat-message.js";
import type { DatasetRecord } from "../dataset/dataset-record.js";
import { InputError } from "../errors/input-error.js";
import { isJsonObject, type JsonValue } from "../json/json-value.js";
import { readJsonl } from "../json/read-jsonl.js";
import type { PossibleAnswerCall } from "../reference/reference-call.js";
import { parseJsonWithFloats, rebasePaths } from "../tool-calls/index.js";
import { bfclFunctionsToToolset } from "./bfcl-function-to-tool.js";
import { bfclReferenceMessage } from "./bfcl-reference-message.js";
import { BFCL_AST_CATEGORIES } from "./check-bfcl.js";

export interface ImportBfclOptions {
  /** Folder with `BFCL_v4_<category>.json` question files and a `possible_answer/` folder. */
  dir: string;
  /** Categories to import; default: every supported category that has a question file. */
  categories?: string[];
}

export interface BfclCategorySummary {
  category: string;
  file: string;
  /** The possible-answer file; absent for (ir)relevance categories, which have none. */
  answerFile?: string;
  records: number;
  /** Calls in the ground truth, all records together. */
  referenceCalls: number;
  /** Answer parameters the function does not declare (`func.param`), left out of the reference calls. */
  argumentsOutsideSchema: string[];
}

/** A question file of a category that is not imported, and why. */
export interface BfclSkippedFile {
  category: string;
  file: string;
  reason: string;
}

export interface BfclImport {
  records: DatasetRecord[];
  summary: BfclCategorySummary[];
  /** Question files of categories BFCL does not score by AST (multi-turn, Java, ...), not read. */
  skipped: BfclSkippedFile[];
  /** Entries left out, each named by file and line; every other entry was imported. */
  problems: InputError[];
}

const QUESTION_FILE = /^BFCL_v4_(.+)\.json$/;

/** The categories with single-turn Python-style calls, which the BFCL checker here can score. */
export const BFCL_IMPORT_CATEGORIES: readonly string[] = [...BFCL_AST_CATEGORIES].filter(
  (c) => c !== "simple",
);

/** Why BFCL's other question files are not imported: none of them is judged by the AST checker. */
function skipReason(category: string): string {
  if (category.startsWith("multi_turn")) {
    return "multi-turn: BFCL executes the calls and compares states and responses, not ASTs";
  }
  if (category === "memory" || category === "web_search") {
    return "agentic: BFCL checks the final answer text against its ground truth, not ASTs";
  }
  if (category === "format_sensitivity") {
    return "not entries: a list of entry ids that BFCL reruns under other prompt formats";
  }
  if (category === "simple_java" || category === "simple_javascript") {
    return "Java/JavaScript calls: BFCL converts their argument strings with per-language rules ttpa does not judge";
  }
  return "not a category BFCL scores by AST";
}

/**
 * Reads BFCL v4 question files and their possible answers into dataset records: tools converted
 * to OpenAI form, the question turns as messages, then (where there is an answer) one assistant
 * message with the reference calls, and BFCL's ground truth in `meta.possible_answers`, with the
 * numbers the answer file wrote as integral floats (`5.0`) in `meta.possible_answer_floats`.
 * An entry that cannot be read is reported in `problems` (file and line) and the rest imports;
 * a folder or a category that cannot be read at all throws an InputError.
 */
export async function importBfcl(options: ImportBfclOptions): Promise<BfclImport> {
  const { dir } = options;
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (error) {
    throw new InputError(
      `cannot read the BFCL folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      { file: dir },
    );
  }
  const files = new Map<string, string>();
  for (const name of names) {
    const match = QUESTION_FILE.exec(name);
    if (match) files.set(match[1]!, name);
  }

  const skipped: BfclSkippedFile[] = [];
  let categories: string[];
  if (options.categories) {
    categories = options.categories;
    for (const category of categories) {
      if (!BFCL_IMPORT_CATEGORIES.includes(category)) {
        throw new InputError(
          `BFCL category "${category}" is not supported; supported: ${BFCL_IMPORT_CATEGORIES.join(", ")}`,
          { field: "categories" },
        );
      }
      if (!files.has(category)) {
        throw new InputError(`no question file BFCL_v4_${category}.json for category "${category}"`, {
          file: dir,
        });
      }
    }
  } else {
    categories = [...files.keys()].filter((category) => BFCL_IMPORT_CATEGORIES.includes(category));
    for (const [category, name] of files) {
      if (!categories.includes(category)) {
        skipped.push({ category, file: path.join(dir, name), reason: skipReason(category) });
      }
    }
  }

  const records: DatasetRecord[] = [];
  const summary: BfclCategorySummary[] = [];
  const problems: InputError[] = [];
  const seen = new Set<string>();
  for (const category of categories) {
    const imported = await importCategory(dir, category, files.get(category)!, seen, problems);
    records.push(...imported.records);
    summary.push(imported.summary);
  }
  return { records, summary, skipped, problems };
}

interface Question {
  line: number;
  record: DatasetRecord;
}

async function importCategory(
  dir: string,
  category: string,
  name: string,
  seen: Set<string>,
  problems: InputError[],
): Promise<{ records: DatasetRecord[]; summary: BfclCategorySummary }> {
  const file = path.join(dir, name);
  const answered = !category.includes("relevance");
  const answerFile = path.join(dir, "possible_answer", name);
  if (answered && !(await exists(answerFile))) {
    throw new InputError(`missing the possible-answer file for category "${category}"`, { file: answerFile });
  }

  const collect = (error: unknown) => {
    if (!(error instanceof InputError)) throw error;
    problems.push(error);
  };
  const questions = new Map<string, Question>();
  /** Ids of questions that were left out: their answers are left out with them, unreported. */
  const dropped = new Set<string>();
  const read = await readJsonl(file, { onBadLine: "collect" });
  problems.push(...read.problems.map(({ line, reason }) => new InputError(reason, { file, line })));
  for (const { line, value } of read.entries) {
    const where = { file, line };
    let id: string;
    try {
      id = entryId(value, where);
      if (seen.has(id)) throw new InputError(`duplicate id "${id}"`, { ...where, field: "id" });
    } catch (error) {
      collect(error);
      continue;
    }
    seen.add(id);
    try {
      const entry = value as Record<string, JsonValue>;
      const record: DatasetRecord = {
        id,
        tools: bfclFunctionsToToolset(entry.function, where),
        messages: questionMessages(entry.question, where),
        meta: { category, source: "bfcl", possible_answers: [[]] },
      };
      questions.set(id, { line, record });
    } catch (error) {
      dropped.add(id);
      collect(error);
    }
  }

  const result: BfclCategorySummary = {
    category,
    file,
    records: 0,
    referenceCalls: 0,
    argumentsOutsideSchema: [],
  };
  if (!answered) {
    result.records = questions.size;
    return { records: [...questions.values()].map((q) => q.record), summary: result };
  }
  result.answerFile = answerFile;

  const answeredIds = new Set<string>();
  const answers = await readJsonl(answerFile, { onBadLine: "collect", parse: parseJsonWithFloats });
  problems.push(
    ...answers.problems.map(({ line, reason }) => new InputError(reason, { file: answerFile, line })),
  );
  for (const { line, value: parsed } of answers.entries) {
    const where = { file: answerFile, line };
    const { value, floats } = parsed as ReturnType<typeof parseJsonWithFloats>;
    try {
      const id = entryId(value, where);
      if (dropped.has(id)) continue;
      const question = questions.get(id);
      if (!question) {
        throw new InputError(`answer "${id}" has no question in ${name}`, { ...where, field: "id" });
      }
      if (answeredIds.has(id))
        throw new InputError(`duplicate answer for "${id}"`, { ...where, field: "id" });
      const groundTruth = parseGroundTruth((value as Record<string, JsonValue>).ground_truth, where);
      const built = bfclReferenceMessage(groundTruth, question.record.tools);
      if ("missingFunction" in built) {
        throw new InputError(
          `the answer calls "${built.missingFunction}", which the question does not define`,
          { ...where, field: "ground_truth" },
        );
      }
      answeredIds.add(id);
      question.record.messages.push(built.message);
      question.record.meta.possible_answers = [groundTruth];
      question.record.meta.possible_answer_floats = [rebasePaths(floats, "$.ground_truth", "$")];
      result.referenceCalls += groundTruth.length;
      result.argumentsOutsideSchema.push(...built.outsideSchema.map((arg) => `${id}: ${arg}`));
    } catch (error) {
      collect(error);
    }
  }
  const records: DatasetRecord[] = [];
  for (const [id, { line, record }] of questions) {
    if (answeredIds.has(id)) {
      records.push(record);
    } else {
      problems.push(
        new InputError(`question "${id}" has no possible answer in ${answerFile}`, {
          file,
          line,
          field: "id",
        }),
      );
    }
  }
  result.records = records.length;
  return { records, summary: result };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

function entryId(value: unknown, where: { file: string; line: number }): string {
  if (!isJsonObject(value)) throw new InputError("an entry must be a JSON object", where);
  const id = value.id;
  if (typeof id !== "string" || id === "") throw new InputError(`missing "id"`, { ...where, field: "id" });
  return id;
}

/**
 * `question` is a list of turns, each a list of `{role, content}`; one flat list is accepted too.
 * Assistant messages are earlier replies in the conversation (BFCL's live_irrelevance has some).
 */
function questionMessages(
  question: JsonValue | undefined,
  where: { file: string; line: number },
): ChatMessage[] {
  if (!Array.isArray(question))
    throw new InputError(`"question" must be a list of turns`, { ...where, field: "question" });
  const messages: ChatMessage[] = [];
  question.forEach((turn, t) => {
    const turnMessages = Array.isArray(turn) ? turn : [turn];
    turnMessages.forEach((message, m) => {
      const field = Array.isArray(turn) ? `question[${t}][${m}]` : `question[${t}]`;
      if (!isJsonObject(message) || typeof message.content !== "string") {
        throw new InputError(`${field} must be {role, content} with string content`, { ...where, field });
      }
      const { role, content } = message;
      if (role !== "system" && role !== "user" && role !== "assistant") {
        throw new InputError(
          `${field} has role ${JSON.stringify(role)}; expected system, user or assistant`,
          { ...where, field: `${field}.role` },
        );
      }
      messages.push({ role, content });
    });
  });
  return messages;
}

function parseGroundTruth(
  value: JsonValue | undefined,
  where: { file: string; line: number },
): PossibleAnswerCall[] {
  if (!Array.isArray(value))
    throw new InputError(`"ground_truth" must be a list of calls`, { ...where, field: "ground_truth" });
  return value.map((call, i) => {
    const field = `ground_truth[${i}]`;
    const entries = isJsonObject(call) ? Object.entries(call) : [];
    const [name, params] = entries[0] ?? [];
    if (entries.length !== 1 || name === undefined || !isJsonObject(params)) {
      throw new InputError(`${field} must be {FUNCTION_NAME: {PARAM: [values...]}}`, { ...where, field });
    }
    for (const [param, accepted] of Object.entries(params)) {
      if (!Array.isArray(accepted)) {
        throw new InputError(`${field}.${name}.${param} must be a list of accepted values`, {
          ...where,
          field,
        });
      }
    }
    return call as PossibleAnswerCall;
  });
}
