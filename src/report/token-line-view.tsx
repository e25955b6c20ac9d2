import type { TokenLine } from "./token-line.js";

/**
 * A token line: each token (or the few that spell one character) a span with its index and ids in
 * its title, alternately underlined so boundaries show; the divergent token filled, the tokens
 * after it shaded, and a marker where the line ends at the divergence. Newlines show as ↵ (drawn
 * by CSS, so the text stays the model's).
 */
export function TokenLineView({ line }: { line: TokenLine }) {
  const at = line.divergence;
  return (
    <div class="tokens">
      {line.pieces.map((piece, i) => {
        const last = piece.start + piece.ids.length - 1;
        const state = at === undefined || last < at ? "" : piece.start <= at ? " div" : " after";
        const where = piece.ids.length === 1 ? `token ${piece.start}` : `tokens ${piece.start}–${last}`;
        return (
          <span class={`t${i % 2 === 1 ? " odd" : ""}${state}`} title={`${where}, id ${piece.ids.join(" ")}`}>
            {piece.text
              .split("\n")
              .flatMap((part, j) => (j === 0 ? [part] : [<span class="nl" />, "\n", part]))}
          </span>
        );
      })}
      {at !== undefined && at >= line.tokens ? (
        <span class="t div end" title={`token ${at}: the text ends here`} />
      ) : null}
    </div>
  );
}
