/**
 * The text of a completion as its tokens arrive, with stop-string detection. Bytes are decoded
 * incrementally, so a character split across tokens is matched only once whole. Shared by every
 * backend that checks stop strings itself.
 */
export class CompletionText {
  private readonly decoder = new TextDecoder("utf-8");
  private readonly stopStrings: readonly string[];
  private text = "";
  private forcedEnd = 0;
  private stop: { readonly string: string; readonly index: number } | undefined;

  constructor(stopStrings: readonly string[] = []) {
    this.stopStrings = stopStrings.filter((stop) => stop.length > 0);
  }

  /** Bytes of forced tokens: part of the text, but a stop string must end after them. */
  appendForced(bytes: Uint8Array): void {
    this.text += this.decoder.decode(bytes, { stream: true });
    this.forcedEnd = this.text.length;
  }

  /** Bytes of one generated token; returns the stop string this completed, if any. */
  append(bytes: Uint8Array): string | undefined {
    if (this.stop !== undefined) return this.stop.string;
    const before = this.text.length;
    this.text += this.decoder.decode(bytes, { stream: true });
    let best: { string: string; index: number } | undefined;
    for (const stop of this.stopStrings) {
      const from = Math.max(0, before - stop.length + 1, this.forcedEnd - stop.length + 1);
      const index = this.text.indexOf(stop, from);
      if (index >= 0 && (best === undefined || index < best.index)) best = { string: stop, index };
    }
    this.stop = best;
    return best?.string;
  }

  /** The completion text: cut before the stop string if one matched, else everything decoded. */
  finish(): string {
    if (this.stop !== undefined) return this.text.slice(0, this.stop.index);
    return this.text + this.decoder.decode();
  }
}
