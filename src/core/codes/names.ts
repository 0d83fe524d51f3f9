/** Names shown after one line before the rest are counted ("+2"). */
const MAX_NAMES = 3;

/**
 * The code names shown after a line of a transcript (the `highlight.codeNames` setting): each code
 * once, in the order its first passage starts on the line, at most three and then how many more,
 * so a line with many codings stays one short line: "Budgeting · Worry · Debt · +2".
 */
export function lineCodeNames(names: readonly string[]): string {
  const unique = [...new Set(names)];
  const shown = unique.slice(0, MAX_NAMES).join(' · ');
  return unique.length > MAX_NAMES ? `${shown} · +${unique.length - MAX_NAMES}` : shown;
}
