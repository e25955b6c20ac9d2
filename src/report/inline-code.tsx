/**
 * A `<script>` or `<style>` whose text is the report's own code (Chart.js's bundle, the chart
 * set-up, the stylesheet), inlined as is: the one place the report writes unescaped text. Model
 * text never comes here; it is always rendered as escaped JSX text or attributes.
 */
export function InlineCode({ tag, code }: { tag: "script" | "style"; code: string }) {
  if (new RegExp(`</${tag}|<!--`, "i").test(code))
    throw new Error(`inlined ${tag} contains </${tag} or <!--`);
  const html = { __html: code };
  return tag === "script" ? (
    <script dangerouslySetInnerHTML={html} />
  ) : (
    <style dangerouslySetInnerHTML={html} />
  );
}
