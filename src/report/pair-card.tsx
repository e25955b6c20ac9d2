import type { PairView } from "./pair-views.js";
import { TokenLineView } from "./token-line-view.js";

/** One preference pair: chosen and rejected as the trainer tokenizes them, the pair's divergence token marked in both. */
export function PairCard({ pair, open }: { pair: PairView; open: boolean }) {
  const branch = pair.branch;
  return (
    <details class="card pair" open={open} data-id={pair.id} data-sampler={pair.sampler}>
      <summary>
        <code>{pair.id}</code> <span class="muted">for target {pair.targetId}</span>
        <span class="badge ok">
          chosen ({pair.chosenSource}) ESM {pair.chosenScore.toFixed(2)}
        </span>
        <span class="badge bad">
          rejected ({pair.rejectedSource}) ESM {pair.rejectedScore.toFixed(2)}
        </span>
        <span class="badge none">divergence token #{pair.divergence}</span>
      </summary>
      <div class="card-body">
        <div class="row">
          <span class="label">request</span>
          <span>{pair.request}</span>
        </div>
        <div class="row chosen">
          <span class="label">chosen</span>
          <TokenLineView line={pair.chosen} />
        </div>
        <div class="row rejected">
          <span class="label">rejected</span>
          <TokenLineView line={pair.rejected} />
          <span class="note">
            {branch ? (
              <>
                TPS branch at greedy token #{branch.position} ({branch.tokenClass} token), forced to token id{" "}
                {branch.token} (probability{" "}
                {/* null in pair files written before the sampler refused branches with a non-finite log-prob */}
                {Number.isFinite(branch.probability) ? branch.probability.toFixed(3) : "not recorded"}).{" "}
              </>
            ) : null}
            {pair.errors.length > 0 ? (
              <>
                rejected side's errors:{" "}
                {pair.errors.map((error, i) => (
                  <>
                    {i > 0 ? "; " : ""}
                    <strong>{error.type}</strong> at <code>{error.path}</code>
                  </>
                ))}
              </>
            ) : null}
          </span>
        </div>
      </div>
    </details>
  );
}
