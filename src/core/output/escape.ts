/**
 * Escaping of user text (code names, definitions, quotes, comments, respondent
 * names) for every output format: the one definition of each. Every export,
 * webview and Markdown tooltip goes through these: a quote containing
 * `<script>` must reach the reader as text, never as markup.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Characters XML 1.0 forbids outright (most C0 controls, lone surrogates,
 * U+FFFE/U+FFFF): they are dropped, since no escape makes them legal and a
 * single one makes the whole file unreadable to other tools.
 */

const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for XML (SVG, Word, REFI-QDA) element content or a quoted attribute value. */
export function escapeXml(text: string): string {
  return escapeHtml(text.replace(XML_INVALID, ''));
}

/** Text for an XML attribute: as escapeXml, and line breaks kept (attribute normalisation would turn them into spaces). */
export function escapeXmlAttr(text: string): string {
  return escapeXml(text).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/**
 * Inline Markdown text that renders as exactly this text: Markdown passes raw
 * HTML through, so `<`, `>` and `&` become entities, and the characters that
 * start emphasis, links, code or tables are backslash-escaped.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => HTML_ESCAPES[c])
    .replace(/^(\s*)([#+=-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/** Markdown for one line (a list item, a heading): escaped, line breaks as spaces. */
export function escapeMarkdownLine(text: string): string {
  return escapeMarkdown(text.replace(/\s*\r?\n\s*/g, ' '));
}

/** Markdown for a table cell: escaped, on one line. */
export function escapeMarkdownCell(text: string): string {
  return escapeMarkdown(text).replace(/\r?\n/g, '<br>');
}

/**
 * JSON to embed in an HTML `<script>` element: `<` cannot close the element
 * and U+2028/U+2029 cannot end a line inside a string.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
