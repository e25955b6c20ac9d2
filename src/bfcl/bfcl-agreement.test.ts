import { describe, expect, it } from "vitest";
import { type EvalTarget, evalTargets } from "../dataset/eval-targets.js";
import { parseToolCalls } from "../tool-calls/index.js";
import { BfclNotInstalled } from "./bfcl-not-installed.js";
import { checkBfcl } from "./check-bfcl.js";
import { findBfclPackage } from "./find-bfcl-package.js";
import { importBfcl } from "./import-bfcl.js";
import { agreementCases, type Decoder } from "./test-support/agreement-cases.js";
import { runBfclJudge } from "./test-support/run-bfcl-judge.js";

/**
 * ttpa's BFCL verdicts against BFCL's own: the installed bfcl-eval package's runner, decoders and
 * AST checker (test-support/bfcl_judge.py) judge the same outputs, generated (seeded) for every
 * entry of every AST and relevance category of BFCL's data. Skipped only where bfcl-eval is not
 * installed; CI installs it (requirements-bfcl.txt).
 */
const bfcl = await findBfclPackage().catch((error: unknown) => {
  if (error instanceof BfclNotInstalled) return undefined;
  throw error;
});
const SKIP_NOTE = bfcl
  ? ""
  : " [SKIPPED: bfcl-eval is not installed; run .venv/bin/pip install --no-deps -r requirements-bfcl.txt and set TTPA_PYTHON]";
if (!bfcl) console.warn(`bfcl-agreement.test.ts${SKIP_NOTE}`);

describe.skipIf(!bfcl)(`agreement with BFCL's own checker${SKIP_NOTE}`, () => {
  it("gives BFCL's verdict on every generated output of every entry", async () => {
    const started = performance.now();
    const { records, problems } = await importBfcl({ dir: bfcl!.dataDir });
    expect(problems.map((problem) => problem.message)).toEqual([]);
    const cases = agreementCases(records, 13);
    const judged = await runBfclJudge(bfcl!.python, cases);
    expect(judged).toHaveLength(cases.length);

    const targets = new Map<string, EvalTarget>(
      records.map((record) => [record.id, evalTargets(record)[0]!]),
    );
    const byKind = new Map<string, { cases: number; valid: number; disagree: number }>();
    const disagreements: string[] = [];
    let swallowedDecodeErrors = 0;
    for (const [i, testCase] of cases.entries()) {
      const target = targets.get(testCase.id)!;
      const ours = checkBfcl({
        tools: target.tools,
        reference: target.reference,
        result: parseToolCalls(testCase.output),
        output: testCase.output,
        category: testCase.category,
      });
      const theirs = judged[i]!;
      const tally = byKind.get(testCase.kind) ?? { cases: 0, valid: 0, disagree: 0 };
      tally.cases++;
      if (theirs.valid) tally.valid++;
      if (
        ours.valid !== theirs.valid ||
        !sameErrorType(ours.errorType, theirs.error_type, testCase.decoder)
      ) {
        tally.disagree++;
        disagreements.push(
          `${testCase.kind}/${testCase.decoder} ${testCase.id}: ttpa ${ours.valid ? "valid" : ours.errorType}, ` +
            `BFCL ${theirs.valid ? "valid" : theirs.error_type} on ${JSON.stringify(testCase.output).slice(0, 300)}`,
        );
      } else if (ours.errorType !== (theirs.error_type ?? undefined)) {
        swallowedDecodeErrors++;
      }
      byKind.set(testCase.kind, tally);
    }

    const seconds = (performance.now() - started) / 1000;
    const agreeing = cases.length - disagreements.length;
    const kinds = [...byKind]
      .map(
        ([kind, { cases: n, valid, disagree }]) =>
          `${kind} ${n} (${valid} valid${disagree ? `, ${disagree} disagree` : ""})`,
      )
      .join(", ");
    console.log(
      `BFCL agreement: ${agreeing}/${cases.length} cases (${((100 * agreeing) / cases.length).toFixed(3)}%) over ` +
        `${records.length} entries in ${seconds.toFixed(1)} s (${swallowedDecodeErrors} failed decodes that ` +
        `BFCL's JSON and tag handlers count as no calls); by kind: ${kinds}`,
    );
    expect(disagreements.slice(0, 30)).toEqual([]);
  }, 300_000);
});

/**
 * Verdicts carry BFCL's error type too, and it must be the same, with one exception: where ttpa's
 * parser fails on a JSON or `<tool_call>` output, BFCL's Hammer and Qwen handlers swallow the
 * decode error and hand the checker no calls, so BFCL says `...:wrong_count` where ttpa, which
 * cannot know the handler, says `ast_decoder:decoder_failed`. Both are invalid.
 */
function sameErrorType(ours: string | undefined, theirs: string | null, decoder: Decoder): boolean {
  if (ours === (theirs ?? undefined)) return true;
  return (
    (decoder === "json" || decoder === "tool_call") &&
    ours === "ast_decoder:decoder_failed" &&
    (theirs?.endsWith(":wrong_count") ?? false)
  );
}
