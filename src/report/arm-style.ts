import type { Arm } from "../run/index.js";

/** How each arm is named and coloured everywhere in the report (table, charts, examples). */
export const ARM_STYLE: Record<Arm, { label: string; color: string }> = {
  base: { label: "base model (no training)", color: "#a1a1aa" },
  sft: { label: "SFT", color: "#64748b" },
  baseline_dpo: { label: "SFT + DPO (baseline pairs)", color: "#2563eb" },
  ttpa: { label: "TTPA (TPS pairs, ESM margin)", color: "#ea580c" },
};
