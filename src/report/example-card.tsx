import type { EsmError } from "../esm/index.js";
import { testSetLabel } from "../run/index.js";
import { ARM_STYLE } from "./arm-style.js";
import type { ArmOutputView, ExampleView } from "./example-views.js";
import { TokenLineView } from "./token-line-view.js";

/** One test target: the request, the reference's tokens, and each arm's output with its first divergent token. */
export function ExampleCard({ example, open }: { example: ExampleView; open: boolean }) {
  return (
    <details class="card example" open={open} data-id={example.id} data-set={example.set}>
      <summary>
        <code>{example.id}</code> <span class="muted">({testSetLabel(example.set)})</span>
        {example.arms.map((arm) => (
          <Verdict arm={arm} />
        ))}
      </summary>
      <div class="card-body">
        <div class="row">
          <span class="label">request</span>
          <span>{example.request}</span>
          <span class="note">tools offered: {example.tools.join(", ")}</span>
        </div>
        <div class="row">
          <span class="label">reference</span>
          {example.reference ? (
            <TokenLineView line={example.reference} />
          ) : (
            <span class="muted">(no reference text)</span>
          )}
          {example.expectsCall ? null : (
            <span class="note">
              the right answer is no call: any text without one is correct, so outputs are not compared token
              by token
            </span>
          )}
        </div>
        {example.arms.map((arm) => (
          <div class="row arm" data-arm={arm.arm}>
            <span class="label">
              <span class="swatch" style={{ background: ARM_STYLE[arm.arm].color }} />
              {ARM_STYLE[arm.arm].label}
            </span>
            {arm.line ? <TokenLineView line={arm.line} /> : <span class="muted">(no prediction)</span>}
            <span class="note">
              <Outcome arm={arm} />
              {arm.item && arm.item.errors.length > 0 ? <ErrorList errors={arm.item.errors} /> : null}
            </span>
          </div>
        ))}
      </div>
    </details>
  );
}

function Verdict({ arm }: { arm: ArmOutputView }) {
  const label = ARM_STYLE[arm.arm].label;
  if (!arm.item) return <span class="badge none">{label}: no prediction</span>;
  return (
    <span class={`badge ${arm.item.correct ? "ok" : "bad"}`}>
      {label}: {arm.item.correct ? "✓" : "✗"} ESM {arm.item.score.toFixed(2)}
    </span>
  );
}

function Outcome({ arm }: { arm: ArmOutputView }) {
  const at = arm.line?.divergence;
  switch (arm.outcome) {
    case "same":
      return <>same tokens as the reference. </>;
    case "diverges":
      return (
        <>
          first divergent token: #{at}, reference <code>{arm.expected}</code>, output <code>{arm.got}</code>.{" "}
        </>
      );
    case "stops early":
      return <>the same tokens as the reference, but it stops at token #{at} before the reference ends. </>;
    case "runs on":
      return <>the reference's {at} tokens, then it goes on past the reference's end. </>;
    default:
      return null;
  }
}

const SHOWN_ERRORS = 6;

function ErrorList({ errors }: { errors: readonly EsmError[] }) {
  return (
    <ul class="errors">
      {errors.slice(0, SHOWN_ERRORS).map((error) => (
        <li>
          <strong>{error.type}</strong> at <code>{error.path}</code>: {error.message}
        </li>
      ))}
      {errors.length > SHOWN_ERRORS ? <li>… and {errors.length - SHOWN_ERRORS} more</li> : null}
    </ul>
  );
}
