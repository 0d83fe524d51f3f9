import type * as vscode from 'vscode';
import { webviewHtml, type WebviewPage } from '../webview';

/** The Saturation panel's page: the controls; the script fills in the rest. */
export const saturationPage: WebviewPage = {
  title: 'Saturation',
  styles: ['saturation.css'],
  script: 'saturation.js',
  body: `<header class="toolbar">
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
<main id="content" aria-busy="true"><p class="muted">Computing…</p></main>`,
};

/** The whole page as the panel shows it (tests read its CSP). */
export function saturationPageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewHtml(webview, extensionUri, saturationPage);
}
