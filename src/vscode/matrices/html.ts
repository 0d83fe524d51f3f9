import type { WebviewPage } from '../webview';

/** The Matrices panel's page: the controls; the script draws the rest. */
export const matricesPage: WebviewPage = {
  title: 'Matrices',
  styles: ['matrices.css'],
  script: 'matrices.js',
  body: `<header class="toolbar">
  <h1>Matrices<span id="study"></span></h1>
  <div id="controls" role="group" aria-label="Which matrix">
    <label>Matrix <select id="matrix">
      <option value="cooccurrence">Code co-occurrence</option>
      <option value="attribute">Codes by participant attribute</option>
      <option value="framework">Framework matrix</option>
    </select></label>
    <label id="measureLabel">Show <select id="measure"></select></label>
    <label id="attributeLabel">Attribute <select id="attribute"></select></label>
    <label>Coder <select id="coder"><option value="">All coders</option></select></label>
    <span class="spacer"></span>
    <label>Export <select id="exportFormat" aria-label="Export format"></select></label>
    <button type="button" id="export" title="Export the rows shown, in the order shown">Export…</button>
  </div>
  <div id="rowControls" class="controls" role="group" aria-label="Rows">
    <label>Filter <input id="filter" type="search" placeholder="code or participant" aria-label="Show rows whose name holds this text"></label>
    <label>Sort <select id="sort">
      <option value="codebook">Codebook order</option>
      <option value="name">Name</option>
      <option value="total">Row total</option>
    </select></label>
    <label><input id="hideEmpty" type="checkbox" checked> Hide codes without codings</label>
    <span id="caption" class="caption"></span>
  </div>
  <div id="status" class="status" role="status" aria-live="polite"></div>
</header>
<main id="content" aria-busy="true"><p class="muted">Computing…</p></main>
<section id="details" aria-live="polite" hidden>
  <header class="details-head"><h2 id="detailsTitle"></h2><button type="button" id="showInSearch" class="secondary" hidden>Show in Search Results</button><button type="button" id="closeDetails" class="secondary" aria-label="Close the passages">Close</button></header>
  <ol id="passages" class="passages"></ol>
</section>
<footer id="notes" class="notes"></footer>`,
};
