import * as assert from 'node:assert/strict';
import {
  attributeMatrix,
  attributeTable,
  CodingLocator,
  contrast,
  cooccurrenceMatrix,
  cooccurrenceTable,
  heatCell,
  heatmapSvg,
  hex,
  hostMessageSchema,
  matrixView,
  parseColour,
  projectMatrixInput,
  searchQueryOf,
  subTable,
  textOn,
  visibleFramework,
  visibleRows,
  webviewMessageSchema,
  type MatrixView,
} from '../../src/core/matrices';
import { includedSources } from '../../src/core/participants';
import { openStudy } from './helpers/matrixStudy';

const ctx = { title: 'Matrix study', coders: ['x', 'y'] };

describe('matrices: the panel view', () => {
  it('sends the chosen measure of the co-occurrence matrix with its codes, and the options filled in', async () => {
    const input = await projectMatrixInput(await openStudy());
    const v = matrixView(input, { measure: 'passages' }, ctx, 3);
    assert.deepEqual(v.options, { matrix: 'cooccurrence', measure: 'passages', attribute: 'region', coder: null });
    assert.deepEqual(
      v.rows.map((r) => [r.id, r.label, r.depth]),
      [
        ['a', 'Alpha', 0],
        ['b', 'Beta', 1],
        ['c', 'Gamma', 0],
      ],
    );
    assert.deepEqual(v.values, [
      [4, 3, 2],
      [3, 5, 1],
      [2, 1, 4],
    ]);
    assert.equal(v.diagonal, true);
    assert.equal(v.version, 3);
    assert.deepEqual(
      v.measures.map((m) => m.value),
      ['counts', 'passages', 'jaccard'],
    );
    assert.ok(hostMessageSchema.safeParse({ type: 'update', view: v }).success, 'the webview accepts what the host sends');
  });

  it('names the attribute columns by value, and the last one "No value" with id null', async () => {
    const input = await projectMatrixInput(await openStudy());
    const v = matrixView(input, { matrix: 'attribute', measure: 'codings' }, ctx, 1);
    assert.deepEqual(v.columns, [
      { id: 'north', label: 'north' },
      { id: 'south', label: 'south' },
      { id: 'wales', label: 'wales' },
      { id: null, label: 'No value' },
    ]);
    assert.deepEqual(v.values, [
      [4, 1, 0, 0],
      [4, 0, 0, 1],
      [2, 1, 0, 1],
    ]);
    const share = matrixView(input, { matrix: 'attribute', measure: 'share' }, ctx, 2);
    assert.deepEqual(
      share.columns.map((c) => c.label),
      ['north (n = 2)', 'south (n = 1)', 'wales (n = 0)'],
    );
    assert.equal(share.format, 'share');
  });

  it('sends the framework cases with passage counts and summaries', async () => {
    const project = await openStudy();
    const v = matrixView(await projectMatrixInput(project), { matrix: 'framework' }, { ...ctx, framework: project.framework }, 1);
    assert.deepEqual(
      v.cases?.map((c) => c.label),
      ['p1', 'p2', 'p3', 'transcripts/d.txt (no participant)'],
    );
    assert.deepEqual(v.values[0], [4, 4, 2]);
    assert.deepEqual(v.summaries?.[0], ['Worries about money', null, null]);
    assert.ok(hostMessageSchema.safeParse({ type: 'update', view: v }).success);
  });

  it('filters rows by name (accents and case ignored), hides empty codes, and sorts by name, total or a column', () => {
    const view = {
      options: { matrix: 'attribute', measure: 'codings', attribute: 'region', coder: null },
      rows: [
        { id: 'z', label: 'Zoë', depth: 0 },
        { id: 'a', label: 'apples', depth: 0 },
        { id: 'e', label: 'Empty', depth: 0 },
        { id: 'm', label: 'Money', depth: 1 },
      ],
      columns: [
        { id: 'north', label: 'north' },
        { id: 'south', label: 'south' },
      ],
      values: [
        [1, 5],
        [3, 0],
        [0, 0],
        [2, 2],
      ],
      diagonal: false,
    } as Pick<MatrixView, 'rows' | 'columns' | 'values' | 'diagonal' | 'options'>;
    const f = (text: string, sort: Parameters<typeof visibleRows>[1]['sort'], hideEmpty = true) =>
      visibleRows(view, { text, hideEmpty, sort }).rows.map((i) => view.rows[i].id);
    assert.deepEqual(f('', 'codebook'), ['z', 'a', 'm']);
    assert.deepEqual(f('', 'codebook', false), ['z', 'a', 'e', 'm']);
    assert.deepEqual(f('ZOE', 'codebook'), ['z']);
    assert.deepEqual(f('', 'name'), ['a', 'm', 'z']);
    assert.deepEqual(f('', 'total'), ['z', 'm', 'a']);
    assert.deepEqual(f('', { column: 0, descending: true }), ['a', 'm', 'z']);
    assert.deepEqual(f('', { column: 1, descending: false }), ['a', 'm', 'z']);
    assert.deepEqual(
      visibleRows(view, { text: '', hideEmpty: true, sort: 'name' }).columns,
      [0, 1],
      'an attribute matrix keeps every value',
    );
  });

  it('keeps the co-occurrence matrix square: the codes shown are the columns too, and empty codes go from both', async () => {
    const input = await projectMatrixInput(await openStudy());
    const v = matrixView(input, {}, ctx, 1);
    // Totals off the diagonal: Alpha 3 + 2, Beta 3 + 1, Gamma 2 + 1.
    assert.deepEqual(
      visibleRows(v, { text: 'a', hideEmpty: true, sort: 'total' }),
      { rows: [0, 1, 2], columns: [0, 1, 2] },
      'Alpha, Beta and Gamma all hold an "a"',
    );
    assert.deepEqual(
      visibleRows(v, { text: '', hideEmpty: true, sort: { column: 2, descending: true } }).rows,
      [2, 0, 1],
      'by the Gamma column: 4, 2, 1',
    );
    assert.deepEqual(visibleRows(v, { text: 'gam', hideEmpty: true, sort: 'codebook' }), { rows: [2], columns: [2] });
  });

  it('hides framework codes without passages or summaries, and filters cases', async () => {
    const project = await openStudy();
    const v = matrixView(await projectMatrixInput(project), { matrix: 'framework' }, { ...ctx, framework: project.framework }, 1);
    v.values = v.values.map((row) => row.map((n, k) => (k === 2 ? 0 : n)));
    assert.deepEqual(visibleFramework(v, { text: '', hideEmpty: true, sort: 'codebook' }).columns, [0, 1]);
    assert.deepEqual(visibleFramework(v, { text: 'd.txt', hideEmpty: false, sort: 'codebook' }), { rows: [3], columns: [0, 1, 2] });
  });

  it('gives the search that finds the same passages as a cell', () => {
    assert.equal(searchQueryOf({ matrix: 'cooccurrence', measure: 'counts', row: 'a', column: 'b' }, null), 'code:a near:b');
    assert.equal(searchQueryOf({ matrix: 'cooccurrence', measure: 'passages', row: 'a', column: 'a' }, 'mf'), 'coder:mf code:a');
    assert.equal(searchQueryOf({ matrix: 'attribute', attribute: 'age band', code: 'a', value: '30-49' }, null), 'code:a "age band":30-49');
    assert.equal(searchQueryOf({ matrix: 'attribute', attribute: 'region', code: 'a', value: null }, null), undefined);
    assert.equal(searchQueryOf({ matrix: 'framework', row: { kind: 'participant', id: 'p1' }, code: 'a' }, null), undefined);
  });

  it('refuses malformed messages from the webview', () => {
    assert.ok(webviewMessageSchema.safeParse({ type: 'openCell', cell: { matrix: 'attribute', row: 'a', column: null } }).success);
    assert.ok(!webviewMessageSchema.safeParse({ type: 'openCell', cell: { matrix: 'framework', row: 'a' } }).success);
    assert.ok(!webviewMessageSchema.safeParse({ type: 'reveal', source: 'a', start: -1, end: 2 }).success);
    assert.ok(!webviewMessageSchema.safeParse({ type: 'export', format: 'exe', rows: [] }).success);
    assert.ok(
      !webviewMessageSchema.safeParse({
        type: 'saveSummary',
        cell: { matrix: 'framework', case: { kind: 'person', id: 'p1' }, code: 'a' },
        text: 'x',
      }).success,
    );
  });
});

describe('matrices: heat map colours', () => {
  it('prints every number in black or white, whichever reads better, at WCAG AA (4.5:1) or more on any fill', () => {
    const themes: [string, string][] = [
      ['#ffffff', '#1a85ff'],
      ['#1e1e1e', '#3794ff'],
      ['#000000', '#3794ff'],
      ['#ffffff', '#0f4a85'],
      ['#1f1f1f', '#f14c4c'],
    ];
    for (const [bg, accent] of themes) {
      for (let k = 0; k <= 20; k++) {
        const { fill, text } = heatCell(k, 20, parseColour(bg)!, parseColour(accent)!);
        const ratio = contrast(parseColour(fill)!, parseColour(text)!);
        assert.ok(ratio >= 4.5, `${bg}/${accent} at ${k}/20: ${fill} with ${text} is ${ratio.toFixed(2)}:1`);
      }
    }
  });

  it('computes contrast as WCAG 2 does (white on black 21:1, #767676 on white 4.54:1)', () => {
    assert.equal(contrast([255, 255, 255], [0, 0, 0]), 21);
    assert.equal(Math.round(contrast(parseColour('#767676')!, [255, 255, 255]) * 100) / 100, 4.54);
    assert.equal(textOn(parseColour('#3794ff')!), '#000000');
    assert.equal(textOn(parseColour('#0f4a85')!), '#ffffff');
  });

  it('leaves 0 as the background, sets any count above 0 apart from it, and grows with the value', () => {
    const bg = parseColour('#ffffff')!;
    const accent = parseColour('#000000')!;
    assert.equal(heatCell(0, 10, bg, accent).fill, '#ffffff');
    assert.equal(heatCell(null, 10, bg, accent).fill, '#ffffff');
    const lum = (v: number) => parseColour(heatCell(v, 10, bg, accent).fill)![0];
    assert.ok(lum(1) < 255 - 20, 'a single coding is visibly not empty');
    assert.ok(lum(1) > lum(5) && lum(5) > lum(10));
    assert.equal(heatCell(10, 10, bg, accent).fill, '#000000');
    assert.equal(hex([1.6, 254.4, 16]), '#02fe10');
  });

  it('reads the colours VS Code themes give', () => {
    assert.deepEqual(parseColour(' #3794FF '), [55, 148, 255]);
    assert.deepEqual(parseColour('#fff'), [255, 255, 255]);
    assert.deepEqual(parseColour('#1e1e1e80'), [30, 30, 30]);
    assert.deepEqual(parseColour('rgb(30, 30, 30)'), [30, 30, 30]);
    assert.equal(parseColour('var(--x)'), undefined);
  });
});

describe('matrices: SVG heat map and tables', () => {
  it('prints every cell, escapes names, keeps the diagonal off the scale, and cuts to the rows shown', async () => {
    const project = await openStudy({
      'qda/codebook.yaml':
        'codes:\n  - {id: a, name: "<script>alert(1)</script>"}\n  - {id: b, name: Beta, parent: a}\n  - {id: c, name: "A & B"}\n  - {id: m, name: Mu, status: merged, mergedInto: a}\n  - {id: r, name: Rho, status: retired}\n',
    });
    const input = await projectMatrixInput(project);
    const table = cooccurrenceTable(cooccurrenceMatrix(input), input.codes, 'counts');
    const svg = heatmapSvg(table);
    assert.ok(!svg.includes('<script>'), 'a code name stays text');
    assert.ok(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(svg.includes('A &amp; B'));
    const cells = [
      ...svg.matchAll(/<g class="(qm-cell[^"]*)"><title>([^<]*)<\/title><rect[^>]*fill="([^"]+)"[^>]*\/><text[^>]*>([^<]*)<\/text><\/g>/g),
    ];
    assert.equal(cells.length, 9);
    assert.deepEqual(
      cells.map((c) => c[4]),
      ['5', '3', '2', '3', '5', '1', '2', '1', '4'],
    );
    assert.deepEqual(
      cells.filter((c) => c[1].includes('qm-own')).map((c) => c[3]),
      ['#e8e8e8', '#e8e8e8', '#e8e8e8'],
    );
    const cut = subTable(table, [2, 0], [0, 2]);
    assert.deepEqual(cut.values, [
      [2, 4],
      [5, 2],
    ]);
    assert.equal(cut.diagonal, false, 'rows and columns in another order: no diagonal');
    assert.equal(subTable(table, [0, 2], [0, 2]).diagonal, true);
  });

  it('words each attribute measure, naming the denominators', async () => {
    const input = await projectMatrixInput(await openStudy());
    const t = attributeTable(attributeMatrix(input, 'region'), input.codes, 'participants');
    assert.equal(t.title, 'Participants with each value of "region" who have at least one coding of the code');
    assert.deepEqual(t.columns, ['north', 'south', 'wales', 'No value']);
    assert.deepEqual(t.values[1], [1, 0, 0, 1]);
    assert.ok(t.notes.includes('Participants with each value: north 2, south 1, wales 0.'));
  });
});

describe('matrices: locating codings', () => {
  it('reads each transcript once, and again only after its codings or its text changed', async () => {
    const project = await openStudy();
    const files = project.ports.files;
    const reads: string[] = [];
    const read = files.read.bind(files);
    files.read = async (p: string) => (reads.push(p), read(p));
    const locator = new CodingLocator(project);
    const sources = includedSources(project);
    const first = await locator.locate(sources);
    assert.deepEqual(reads.filter((p) => p.startsWith('transcripts/')).sort(), [
      'transcripts/a.txt',
      'transcripts/b.txt',
      'transcripts/c.txt',
      'transcripts/d.txt',
    ]);
    assert.deepEqual(
      first.orphaned.get('transcripts/a.txt')?.map((c) => c.id),
      ['A8'],
    );
    reads.length = 0;
    await locator.locate(sources);
    assert.deepEqual(reads, [], 'nothing changed: nothing read');
    await project.changeCodings('transcripts/d.txt', (f) => ({ ...f, codings: f.codings.slice(1) }));
    locator.forget(['transcripts/b.txt']);
    reads.length = 0;
    const again = await locator.locate(sources);
    assert.deepEqual(reads.sort(), ['transcripts/b.txt', 'transcripts/d.txt']);
    assert.deepEqual(
      again.located.get('transcripts/d.txt')?.map((c) => c.id),
      ['D2'],
    );
  });
});
