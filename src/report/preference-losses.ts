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
 * always sigmoid DPO; TTPA's is `dpo.ttpaLoss` (manifests older than that knob: ESM-margin).
 */
export function preferenceLosses(manifest: RunManifest): PreferenceLosses {
  const loss: DpoLoss = manifest.config?.dpo?.ttpaLoss ?? "esm_margin";
  return { ttpa: LOSS_LABELS[loss], same: loss === "sigmoid" };
}
