import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A fresh, unguessable nonce per page load: only our script may run. */
export function nonce(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * The panel's page: a strict CSP (nothing by default, our stylesheet, one nonce
 * script, local images only) and the controls; the script fills in the rest.
 */
export function saturationPageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const n = nonce();
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'saturation.css'));
  const js = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'saturation.js'));
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource} data:`, `font-src ${webview.cspSource}`, `script-src 'nonce-${n}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>Saturation</title>
</head>
<body>
<header class="toolbar">
  <h1>Saturation<span id="study"></span></h1>
  <div id="controls" role="group" aria-label="What to count">
    <label>Unit <select id="by"><option value="source">Transcript</option><option value="participant">Participant</option></select></label>
    <label>Coder <select id="coder"><option value="">All coders</option></select></label>
    <fieldset><legend>Guest et al.</legend>
      <label>base <input id="baseSize" type="number" min="1" step="1" aria-label="Guest base size (units)"></label>
      <label>run <input id="runLength" type="number" min="1" step="1" aria-label="Guest run length (units)"></label>
      <label>threshold <input id="threshold" type="number" min="0" max="100" step="0.5" aria-label="Guest threshold (percent of base codes)"> %</label>
    </fieldset>
    <label>Subgroups by <select id="subgroupBy"><option value="">None</option></select></label>
    <span class="spacer"></span>
    <button type="button" id="reset" class="secondary" title="Back to the settings in qda/project.yaml">Project defaults</button>
    <button type="button" id="export" title="Write the charts as SVG and the tables as CSV to a folder">Export figures…</button>
  </div>
  <div id="status" class="status" role="status" aria-live="polite"></div>
</header>
<main id="content" aria-busy="true"><p class="muted">Computing…</p></main>
<script nonce="${n}" src="${js}"></script>
</body>
</html>`;
}
