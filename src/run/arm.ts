/**
 * Every arm a run can compare, in the order tables show them: the base model without training
 * (reserved for the pretrained-model path; no pipeline produces it yet), SFT only, SFT + DPO on
 * baseline-sampler pairs, SFT + TTPA (TPS pairs, `dpo.ttpaLoss`). A run's results say which of
 * them it has (`RunResults.armOrder`).
 */
export const ARMS = ["base", "sft", "baseline_dpo", "ttpa"] as const;
export type Arm = (typeof ARMS)[number];
