import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson-interval.js";

describe("wilsonInterval", () => {
  it("matches the textbook values", () => {
    // 8 of 10: Wilson 95% interval (0.4902, 0.9433); 0 of 20: (0, 0.1611); 50 of 100: (0.4038, 0.5962)
    const close = (got: [number, number], want: [number, number]) => {
      expect(got[0]).toBeCloseTo(want[0], 4);
      expect(got[1]).toBeCloseTo(want[1], 4);
    };
    close(wilsonInterval(8, 10), [0.4902, 0.9433]);
    close(wilsonInterval(0, 20), [0, 0.1611]);
    close(wilsonInterval(50, 100), [0.4038, 0.5962]);
  });

  it("narrows with more targets and is [0, 1] without any", () => {
    const width = ([lo, hi]: [number, number]) => hi - lo;
    expect(width(wilsonInterval(150, 300))).toBeLessThan(width(wilsonInterval(50, 100)));
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});
