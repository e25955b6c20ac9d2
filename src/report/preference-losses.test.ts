import { describe, expect, it } from "vitest";
import { DEMO_CONFIG, type RunManifest } from "../run/index.js";
import { preferenceLosses } from "./preference-losses.js";

const manifest = (dpo: Partial<RunManifest["config"]["dpo"]>): RunManifest =>
  ({
    config: { ...DEMO_CONFIG, dpo: { ...DEMO_CONFIG.dpo, ...dpo } },
    versions: {},
    stages: {},
  }) as RunManifest;

describe("preferenceLosses", () => {
  it("names the TTPA arm's configured loss, and says when both arms share sigmoid DPO", () => {
    expect(preferenceLosses(manifest({ ttpaLoss: "esm_weighted", ttpaRejectedScope: "completion" }))).toEqual(
      {
        ttpa: "the ESM-weighted loss",
        same: false,
      },
    );
    expect(preferenceLosses(manifest({ ttpaLoss: "sigmoid", ttpaRejectedScope: "completion" }))).toEqual({
      ttpa: "sigmoid DPO",
      same: true,
    });
  });

  it("adds the rejected scope and the pair weighting where they are not the baseline arm's", () => {
    expect(
      preferenceLosses(
        manifest({
          ttpaLoss: "sigmoid",
          ttpaRejectedScope: "divergence",
          ttpaPairWeighting: "error_balanced",
        }),
      ),
    ).toEqual({
      ttpa: "sigmoid DPO, rejected scored up to where it leaves chosen, each kind of rejected error weighted alike",
      same: false,
    });
  });

  it("reads a manifest from before the knob as the ESM-margin loss it was run with", () => {
    const { ttpaLoss: _, ttpaRejectedScope: __, ttpaPairWeighting: ___, ...older } = DEMO_CONFIG.dpo;
    const folder = {
      config: { ...DEMO_CONFIG, dpo: older },
      versions: {},
      stages: {},
    } as unknown as RunManifest;
    expect(preferenceLosses(folder)).toEqual({ ttpa: "the ESM-margin loss", same: false });
  });
});
