import { describe, expect, it } from "vitest";
import { SeededRandom } from "../random/seeded-random.js";
import { CallFormatError } from "./call-format-error.js";
import { readNumberByGrammar, readPythonNumber } from "./python-number-literal.js";

type Read = (text: string, start: number) => unknown;

/** The value and end read, or the error's reason and offset. */
function outcome(read: Read, text: string): unknown {
  try {
    return read(text, 1);
  } catch (error) {
    if (error instanceof CallFormatError) return { reason: error.reason, offset: error.offset };
    throw error;
  }
}

const PIECES = [
  "0",
  "1",
  "7",
  "9",
  "00",
  "12345678",
  ".",
  "_",
  "e",
  "E",
  "+",
  "-",
  "x",
  "o",
  "b",
  "j",
  "L",
  "a",
  "é",
];
const AFTER = ["", ",", ")", " ", "]", ".", "_", "x", "é", "€", "1"];

describe("readPythonNumber", () => {
  it("reads exactly what Python's numeral grammar reads, on its fast path or not", () => {
    const random = new SeededRandom(1914);
    for (let round = 0; round < 20000; round++) {
      const numeral = Array.from({ length: random.int(1, 6) }, () => random.pick(PIECES)).join("");
      // The number starts at 1, after a character it must not look at.
      const text = `(${random.pick(["1", "0", "."])}${numeral}${random.pick(AFTER)}`;
      if (!/^\(\.?[0-9]/.test(text)) continue;
      expect(outcome(readPythonNumber, text), text).toEqual(outcome(readNumberByGrammar, text));
    }
  });

  it.each([`(${"9".repeat(400)})`, `(${"9".repeat(400)}.5)`])(
    "refuses a numeral too long for JSON alike",
    (text) => {
      expect(outcome(readPythonNumber, text)).toEqual({ reason: "number too large for JSON", offset: 1 });
    },
  );

  it.each(["(42)", "(2.5,", "(0]", "(123456789012345)", "(00.5)"])(
    "reads %s on the fast path alike",
    (text) => {
      expect(readPythonNumber(text, 1)).toEqual(readNumberByGrammar(text, 1));
    },
  );
});
