import { describe, expect, it } from "vitest";
import { SeededRandom } from "../random/seeded-random.js";
import { nameEnd } from "./identifier.js";

const NAME = /[\p{ID_Start}_][\p{ID_Continue}]*/uy;

/** `nameEnd` as the Unicode regex alone gives it. */
function nameEndByRegex(text: string, pos: number): number {
  NAME.lastIndex = pos;
  return NAME.test(text) ? NAME.lastIndex : pos;
}

// ASCII and non-ASCII name characters (ID_Start, ID_Continue only: `·`, `٣`, a combining accent),
// and characters that end a name.
const CHARS = [
  "a",
  "Z",
  "_",
  "0",
  "9",
  "é",
  "ß",
  "中",
  "·",
  "٣",
  "\u0301",
  "😀",
  "$",
  "-",
  ".",
  "(",
  " ",
  "@",
  "[",
  "`",
  "{",
];

describe("nameEnd", () => {
  it("ends every name where the Unicode regex ends it", () => {
    const random = new SeededRandom(3);
    for (let round = 0; round < 20000; round++) {
      const text = Array.from({ length: random.int(0, 8) }, () => random.pick(CHARS)).join("");
      for (let pos = 0; pos <= text.length; pos++) {
        expect(nameEnd(text, pos), `${JSON.stringify(text)} at ${pos}`).toBe(nameEndByRegex(text, pos));
      }
    }
  });
});
