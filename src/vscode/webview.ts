import * as vscode from 'vscode';
import { escapeHtml } from '../core/output';

/** A fresh, unguessable nonce per page load, from the Web Crypto API (desktop and browser hosts alike). */
export function nonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export interface WebviewPage {
  /** The page's <title>. */
  title: string;
  /** The panel's own stylesheet(s) under media/, e.g. 'saturation.css': linked after media/panel.css, which they extend. */
  styles: readonly string[];
  /** The bundled script under dist/webview/, e.g. 'saturation.js'. */
  script: string;
  /** The markup of <body> before the script: already escaped HTML. */
  body: string;
}

/**
 * The one shell of every webview panel (saturation, agreement, matrices,
 * participants, the survey import preview): a strict CSP (nothing by default, our stylesheets, local
 * images and fonts, one nonce'd script), themed by VS Code's CSS variables.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const n = nonce();
  const csp = [
    `default-src 'none'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${n}'`,
  ].join('; ');
  const css = ['panel.css', ...page.styles].map(
    (s) => `<link rel="stylesheet" href="${webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', s))}">`,
  );
  const js = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', page.script));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${css.join('\n')}
<title>${escapeHtml(page.title)}</title>
</head>
<body>
${page.body}
<script nonce="${n}" src="${js}"></script>
</body>
</html>`;
}
