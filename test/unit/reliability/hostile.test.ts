import * as assert from 'node:assert/strict';
import Module = require('node:module');
import { strFromU8, unzipSync } from 'fflate';
import { saturationBodyHtml, saturationExportFiles, saturationView } from '../../../src/core/saturation/charts';
import { CODEBOOK_FORMATS, codebookCsv, codebookHtml, exportCodebook } from '../../../src/core/exports/codebook';
import { codebookData } from '../../../src/core/codes/codebookData';
import escape = require('../../../src/core/output/escape');
import csv = require('../../../src/core/output/csv');
import { exportMemos } from '../../../src/core/memos/export';
import { exportPassages } from '../../../src/core/exports/passages';
import { readCodebookXml } from '../../../src/core/refi/qdc';
import { resolveMemoLinks } from '../../../src/core/memos';
import { inclusion } from '../../../src/core/participants';
import type { Project } from '../../../src/core/project/project';
import { buildReviewPack, reviewSummary, roundSummary } from '../../../src/core/review';
import { Pseudonymiser } from '../../../src/core/output/pseudonymise';
import { BENIGN, HOSTILE, projectWith } from './hostile';
import { assertInertHtml, assertInertMarkdown, assertSafeCsv, assertWellFormedXml, htmlTags, visibleText } from './inert';

type Output = { name: string; kind: 'html' | 'md' | 'csv' | 'xml' | 'docx'; content: string | Uint8Array };

const SCRIPT = HOSTILE[0];
/** The last saturation export file is captions.md. */
const CAPTIONS = /^saturation figure \d+\.md$/;
const FORMULA = HOSTILE[8];

/** Every export and page built from the project, named and typed. */
async function outputs(project: Project): Promise<Output[]> {
  const out: Output[] = [];
  const links = await resolveMemoLinks(project);
  const memoInput = {
    title: project.config.title,
    memos: [...project.memos.values()],
    links,
    generated: new Date('2026-02-01T00:00:00Z'),
    inclusion: inclusion(project),
  };
  out.push(
    { name: 'memos.md', kind: 'md', content: exportMemos(memoInput, 'md') },
    { name: 'memos.html', kind: 'html', content: exportMemos(memoInput, 'html') },
  );
  for (const f of CODEBOOK_FORMATS) {
    const bytes = exportCodebook(project, f, { now: new Date('2026-02-01T00:00:00Z') });
    out.push({ name: `codebook.${f}`, kind: f === 'qdc' ? 'xml' : f, content: f === 'docx' ? bytes : new TextDecoder().decode(bytes) });
  }
  const texts = new Map([['transcripts/p01.txt', (await project.store.readText('transcripts/p01.txt'))!.text]]);
  for (const f of ['md', 'csv', 'docx'] as const)
    out.push({ name: `passages.${f}`, kind: f, content: exportPassages(project, f, { pseudonymise: (s) => s, texts }) });
  out.push({ name: 'pack round-1', kind: 'html', content: (await project.store.readText('qda/reviews/round-1/pack.html'))!.text });
  const intro = (await project.store.readText('qda/review-intro.md'))!.text;
  const second = await buildReviewPack(project, {
    round: 'round-2',
    intro,
    pseudonymiser: Pseudonymiser.none,
    pseudonymised: false,
    nonce: 'n0nce',
  });
  out.push({ name: 'pack round-2 (with changes)', kind: 'html', content: second.html });
  const summary = await reviewSummary(project);
  for (const f of ['md', 'html'] as const)
    out.push({ name: `review summary.${f}`, kind: f, content: roundSummary(project, summary, f, { round: 'round-1' }) });
  const view = saturationView(project, {}, 1);
  out.push({ name: 'saturation panel body', kind: 'html', content: `<div>${saturationBodyHtml(view)}</div>` });
  saturationExportFiles(view).forEach((f, i) => {
    // Named after user text (an attribute): a plain file name, never a path.
    assert.match(f.name, /^[a-z0-9-]+\.(svg|csv|md)$/);
    out.push({
      name: `saturation figure ${i}.${f.name.split('.').pop()}`,
      kind: f.name.endsWith('.svg') ? 'xml' : f.name.endsWith('.csv') ? 'csv' : 'md',
      content: f.content,
    });
  });
  return out;
}

/** The project's data changed after round 1, so that round 2's pack lists renamed, moved and retired codes. */
async function reviseCodebook(project: Project, strings: readonly string[]): Promise<void> {
  await project.changeCodebook((cb) => ({
    ...cb,
    codes: cb.codes.map((c, i) =>
      i === 0
        ? { ...c, name: `${strings[3]} ${strings[4]}` }
        : i === 2
          ? { ...c, status: 'retired' }
          : i === 3
            ? { ...c, parent: 'h4' }
            : c,
    ),
  }));
}

function text(o: Output): string {
  return typeof o.content === 'string' ? o.content : strFromU8(o.content);
}

describe('reliability: hostile strings in every user field', function () {
  this.timeout(60000);
  let hostile: Output[];
  let benign: Map<string, Output>;
  let project: Project;

  before(async () => {
    project = await projectWith(HOSTILE);
    await reviseCodebook(project, HOSTILE);
    hostile = await outputs(project);
    const reference = await projectWith(BENIGN);
    await reviseCodebook(reference, BENIGN);
    benign = new Map((await outputs(reference)).map((o) => [o.name, o]));
  });

  it('builds every export and page from the hostile project', () => {
    assert.deepEqual(
      hostile.map((o) => o.name),
      [...benign.keys()],
    );
    assert.ok(hostile.length >= 20, `${hostile.length} outputs`);
  });

  it('keeps HTML inert: no tag, attribute or script that user text brought in, and the text still shown', () => {
    for (const o of hostile.filter((x) => x.kind === 'html')) {
      assertInertHtml(text(o), text(benign.get(o.name)!), o.name);
      assert.ok(visibleText(text(o)).includes(SCRIPT), `${o.name}: the hostile text is shown as text`);
    }
  });

  it('keeps Markdown free of live HTML and links outside memo bodies, which pass through as the researcher wrote them', () => {
    for (const o of hostile.filter((x) => x.kind === 'md' && !CAPTIONS.test(x.name))) {
      let md = text(o);
      // A memo body is the researcher's own Markdown: exported verbatim (headings moved down), by design.
      if (o.name === 'memos.md')
        for (const m of project.memos.values())
          md = md
            .split(
              m.body
                .split(/\r?\n/)
                .map((l) => l.replace(/^(#{1,6})(\s)/, '$1##$2'))
                .join('\n')
                .trim(),
            )
            .join('');
      assertInertMarkdown(md, text(benign.get(o.name)!), o.name);
    }
  });

  // Found by this suite: charts/export.ts wrote the study title and attribute names into captions.md unescaped.
  it('keeps the saturation captions.md free of live HTML', () => {
    for (const o of hostile.filter((x) => CAPTIONS.test(x.name))) assertInertMarkdown(text(o), text(benign.get(o.name)!), o.name);
  });

  it('prefixes every CSV cell that a spreadsheet would run as a formula, and keeps the rows intact', () => {
    for (const o of hostile.filter((x) => x.kind === 'csv')) assertSafeCsv(text(o), o.name);
    for (const name of ['codebook.csv', 'passages.csv']) {
      const cells = assertSafeCsv(text(hostile.find((o) => o.name === name)!), name).flat();
      assert.ok(cells.includes(`'${FORMULA}`), `${name} holds the formula as text`);
      for (const cell of ["'+SUM(1,1)", "'-2+3", "'@SUM(A1)", "'\t=1+1"])
        assert.ok(cells.includes(cell), `${name}: ${JSON.stringify(cell)} kept as text`);
    }
  });

  it('writes well-formed XML with only XML characters: .qdc, SVG figures and every part of each .docx', () => {
    for (const o of hostile.filter((x) => x.kind === 'xml')) assertWellFormedXml(text(o), o.name);
    for (const o of hostile.filter((x) => x.kind === 'docx')) {
      const parts = unzipSync(o.content as Uint8Array);
      assert.ok(parts['word/document.xml'], `${o.name}: no document part`);
      for (const [name, bytes] of Object.entries(parts))
        if (/\.(xml|rels)$/.test(name)) assertWellFormedXml(strFromU8(bytes), `${o.name} ${name}`);
      assert.ok(
        strFromU8(parts['word/document.xml']).includes('&lt;script&gt;alert(1)&lt;/script&gt;'),
        `${o.name}: the hostile text is in the document`,
      );
    }
  });

  it('reads its own .qdc back with the same code names, less only what XML cannot hold', () => {
    const qdc = text(hostile.find((o) => o.name === 'codebook.qdc')!);
    const read = readCodebookXml(qdc);
    const names: string[] = [];
    const walk = (codes: typeof read.codes) => codes.forEach((c) => (names.push(c.name), walk(c.children)));
    walk(read.codes);
    // What XML can hold of each name: no characters it forbids, line breaks as spaces.
    const held = codebookData(project).nodes.map((n) => visibleText(escape.escapeXml(n.code.name.replace(/[\r\n\t]+/g, ' '))).trim());
    const blank = held.filter((h) => !h.trim()).length;
    assert.deepEqual(
      read.warnings.map((w) => w.message.replace(/\(line \d+\)/, '')),
      Array(blank).fill('a <Code> without a name: imported as "Unnamed code "'),
      'only names that were nothing but blanks or forbidden characters are missing',
    );
    const spaced = (xs: string[]) => xs.map((x) => x.replace(/\s+/g, ' ').trim()).sort();
    assert.deepEqual(spaced(names.filter((x) => !x.startsWith('Unnamed code'))), spaced(held.filter((h) => h.trim())));
    assert.ok(names.includes(HOSTILE[1]) && names.includes(HOSTILE[2]), 'markup in names comes back as the same text');
  });

  it('would catch a broken escaper: the checks fail when escapeHtml or csvCell lets text through', () => {
    const data = codebookData(project);
    const mutable = escape as unknown as Record<string, unknown>;
    const mutableCsv = csv as unknown as Record<string, unknown>;
    const real = { escapeHtml: escape.escapeHtml };
    const realCsv = { csvRow: csv.csvRow };
    try {
      mutable.escapeHtml = (s: string) => s;
      assert.throws(
        () => assertInertHtml(codebookHtml(data), text(benign.get('codebook.html')!), 'broken'),
        /AssertionError|<img>|script|breaks out|raw/,
      );
      mutable.escapeHtml = real.escapeHtml;
      mutableCsv.csvRow = (cells: (string | number | undefined)[]) =>
        cells.map((v) => (v === undefined ? '' : `"${String(v).replace(/"/g, '""')}"`)).join(',') + '\r\n';
      assert.throws(() => assertSafeCsv(codebookCsv(data), 'broken'), /formula/);
    } finally {
      Object.assign(mutable, real);
      Object.assign(mutableCsv, realCsv);
    }
    assert.doesNotThrow(() => assertInertHtml(codebookHtml(data), text(benign.get('codebook.html')!), 'restored'));
  });

  it("builds the saturation webview's shell with a strict CSP and only its nonce'd script", () => {
    const fake = { Uri: { joinPath: (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/') }) } };
    const webview = {
      cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
      asWebviewUri: (u: { path: string }) => `https://file+.vscode-resource.vscode-cdn.net${u.path}`,
    };
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const load = loader._load;
    let html: string;
    loader._load = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? fake : load.call(this, request, ...rest);
    };
    try {
      const shell = require('../../../src/vscode/saturation/html') as { saturationPageHtml: (w: unknown, root: unknown) => string };
      html = shell.saturationPageHtml(webview, { path: '/ext' });
    } finally {
      loader._load = load;
    }
    const tags = htmlTags(html);
    const csp = tags.find((t) => t.name === 'meta' && t.attrs.some(([k, v]) => k === 'http-equiv' && v === 'Content-Security-Policy'))!;
    const policy = csp.attrs.find(([k]) => k === 'content')![1]!;
    assert.match(policy, /default-src 'none'/);
    const scripts = tags.filter((t) => t.name === 'script' && !t.close);
    assert.equal(scripts.length, 1);
    const nonce = scripts[0].attrs.find(([k]) => k === 'nonce')![1]!;
    assert.ok(nonce.length >= 16 && policy.includes(`script-src 'nonce-${nonce}'`));
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
    // The shared base first, then the panel's own sheet that extends it; nothing else.
    const sheets = tags
      .filter((t) => t.name === 'link')
      .map((t) =>
        t.attrs
          .find(([k]) => k === 'href')![1]!
          .split('/')
          .pop(),
      );
    assert.deepEqual(sheets, ['panel.css', 'saturation.css']);
    assertInertHtml(html, html, 'saturation webview shell');
  });
});
