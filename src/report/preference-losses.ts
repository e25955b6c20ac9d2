import type { RunManifest } from "../run/index.js";
import type { DpoLoss } from "../training/index.js";

const LOSS_LABELS: Record<DpoLoss, string> = {
  sigmoid: "sigmoid DPO",
  ipo: "IPO",
  esm_margin: "the ESM-margin loss",
  esm_weighted: "the ESM-weighted loss",
};

/** The TTPA arm's loss in words, and whether it is the baseline arm's (sigmoid DPO). */
export interface PreferenceLosses {
  ttpa: string;
  same: boolean;
}

/**
 * What the preference arms' losses were, in words, from the run's config: the baseline arm is
 * always sigmoid DPO over whole calls, each pair once; TTPA's is `dpo.ttpaLoss` (manifests older
 * than that knob: ESM-margin), with its rejected scope and pair weighting when not the baseline's.
 */
export function preferenceLosses(manifest: RunManifest): PreferenceLosses {
  const dpo = manifest.config?.dpo;
  const loss: DpoLoss = dpo?.ttpaLoss ?? "esm_margin";
  const scope = dpo?.ttpaRejectedScope ?? "completion";
  const weighting = dpo?.ttpaPairWeighting ?? "uniform";
  const parts = [
    LOSS_LABELS[loss],
    ...(scope === "divergence" ? ["rejected scored up to where it leaves chosen"] : []),
    ...(weighting === "error_balanced" ? ["each kind of rejected error weighted alike"] : []),
  ];
  return { ttpa: parts.join(", "), same: parts.length === 1 && loss === "sigmoid" };
}
