/**
 * Self-contained HTML pages for readers and participants (codebook, memo log,
 * review pack and summary, report): everything inline, nothing loaded from
 * anywhere, and a Content-Security-Policy that says so, so a page opened from
 * an e-mail or a USB stick makes no request and runs nothing but its own script.
 */
import { escapeHtml } from './escape';

/** The house style of report pages: readable on a phone, in dark mode and on paper. */
export const HTML_BASE_STYLE = `
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #ffffff; --muted: #555; --line: #ccc; --accent: #1f4e8c; }
@media (prefers-color-scheme: dark) { :root { --fg: #eee; --bg: #161616; --muted: #bbb; --line: #555; --accent: #8ab4f8; } }
html { font-size: 112.5%; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.55; color: var(--fg); background: var(--bg); margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem 4rem; }
h1 { font-size: 1.8rem; line-height: 1.2; } h2 { font-size: 1.4rem; } h3 { font-size: 1.2rem; } h4, h5, h6 { font-size: 1.05rem; }
blockquote { margin: .5rem 0; padding: .25rem 0 .25rem 1rem; border-left: .25rem solid var(--line); font-style: italic; }
.muted, .path { color: var(--muted); font-size: .9rem; }
.swatch { display: inline-block; width: .9em; height: .9em; border-radius: .2em; vertical-align: -.05em; margin-right: .35em; border: 1px solid var(--line); }
.code { border-left: 1px solid var(--line); padding-left: 1rem; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
@media print { html { font-size: 11pt; } :root { --fg: #000; --bg: #fff; --muted: #333; } main { max-width: none; padding: 0; } .code { break-inside: avoid; } }
`;

export interface PageOptions {
  /** The page's <title>, and its <h1> unless `heading` says otherwise. */
  title: string;
  /** The <h1>; `false` for none (the body has its own header). Default: the title. */
  heading?: string | false;
  /** CSS, inline. */
  style: string;
  /** The content of <main>: already escaped HTML. */
  body: string;
  /** Extra <meta> elements: already escaped HTML. */
  head?: string;
  /** Whether data: images may show (default true); a page that has none says so. */
  images?: boolean;
  /** Inline scripts (JSON data or code), allowed by this nonce and nothing else. */
  scripts?: { nonce: string; elements: string[] };
}

/** A standalone HTML page: no request of any kind, no script but the page's own nonce'd ones. */
export function standalonePage(p: PageOptions): string {
  const csp = ["default-src 'none'", "style-src 'unsafe-inline'"];
  if (p.scripts) csp.push(`script-src 'nonce-${p.scripts.nonce}'`);
  if (p.images !== false) csp.push('img-src data:');
  if (p.scripts) csp.push("form-action 'none'", "base-uri 'none'");
  const heading = p.heading === undefined ? p.title : p.heading;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp.join('; ')}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${p.head ? `${p.head}\n` : ''}<title>${escapeHtml(p.title)}</title>
<style>${p.style}</style>
</head>
<body>
<main>
${heading === false ? '' : `<h1>${escapeHtml(heading)}</h1>\n`}${p.body}
</main>
${p.scripts ? `${p.scripts.elements.join('\n')}\n` : ''}</body>
</html>
`;
}
