import { describe, expect, it } from "vitest";
import { CompletionText } from "./completion-text.js";

const bytes = (text: string): Uint8Array => Buffer.from(text, "utf8");

describe("CompletionText", () => {
  it("finds a stop string split across tokens and cuts the text before it", () => {
    const text = new CompletionText(["</call>"]);
    expect(text.append(bytes('{"a": 1}</'))).toBeUndefined();
    expect(text.append(bytes("ca"))).toBeUndefined();
    expect(text.append(bytes("ll> tail"))).toBe("</call>");
    expect(text.finish()).toBe('{"a": 1}');
  });

  it("decodes a character split across tokens only once whole", () => {
    const text = new CompletionText(["é"]);
    const [first, second] = [bytes("é").subarray(0, 1), bytes("é").subarray(1)];
    expect(text.append(bytes("caf"))).toBeUndefined();
    expect(text.append(first)).toBeUndefined();
    expect(text.append(second)).toBe("é");
    expect(text.finish()).toBe("caf");
  });

  it("ignores a stop string inside the forced text but not one that ends after it", () => {
    const text = new CompletionText(["ab"]);
    text.appendForced(bytes("xab a"));
    expect(text.append(bytes("c"))).toBeUndefined();
    const spanning = new CompletionText(["ab"]);
    spanning.appendForced(bytes("xa"));
    expect(spanning.append(bytes("b"))).toBe("ab");
    expect(spanning.finish()).toBe("x");
  });

  it("reports the earliest of several stop strings and keeps all text when none matches", () => {
    const text = new CompletionText(["zz", "c"]);
    expect(text.append(bytes("abczz"))).toBe("c");
    expect(text.finish()).toBe("ab");
    const none = new CompletionText(["q"]);
    none.appendForced(bytes("ab"));
    none.append(bytes("cd"));
    expect(none.finish()).toBe("abcd");
  });
});
