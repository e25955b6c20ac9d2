import type { ToolDefinition } from "../tools/tool-definition.js";

/** Words that say nothing about what a tool is for: articles, connectives and the generic verbs of tool names. */
const GENERIC = new Set(
  (
    "a an the of for and or to in on at by with from into over per as is are be it its this that these those " +
    "one two some any all each more most other own same than then them they their there here what which who " +
    "whom whose when where how can could would should will please help need want like make sure also just " +
    "get set add put show give take find search list look lookup browse query check create update delete " +
    "remove cancel change edit run use call fetch return returns send open close make new current full given " +
    "information info details detail data result results item items value values user users about using " +
    "based via only more less first last next name names number numbers date dates time times day days " +
    "today tomorrow week month year years amount total list lists type kind"
  ).split(" "),
);

/** Lower-cased word stems of a text: `Hotels` → `hotel`, `searchFlights` → `search flight`. */
export function stems(text: string): string[] {
  return (
    text
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).map((word) => (word.length > 3 ? word.replace(/(ies)$/, "y").replace(/(?<!s)s$/, "") : word));
}

function contentStems(text: string): Set<string> {
  return new Set(stems(text).filter((word) => word.length >= 4 && !GENERIC.has(word)));
}

/**
 * The offered tool a text points to, if any: one whose name shares a content word with the text
 * (`hotel` for search_hotels), or whose description shares two. A no-call turn is kept only when
 * this finds nothing for its query: no offered tool could plausibly serve it by name or description.
 */
export function toolMatching(text: string, tools: readonly ToolDefinition[]): ToolDefinition | undefined {
  const words = contentStems(text);
  return tools.find((tool) => {
    const name = contentStems(tool.function.name.replace(/[._-]/g, " "));
    if ([...name].some((word) => words.has(word))) return true;
    const description = contentStems(tool.function.description ?? "");
    return [...description].filter((word) => words.has(word)).length >= 2;
  });
}
