import * as assert from 'node:assert/strict';
import {
  compositionCsv,
  compositionSvg,
  curveCsv,
  fileSlug,
  guestCsv,
  newCodesSvg,
  niceTicks,
  saturationBodyHtml,
  saturationCurveSvg,
  saturationExportFiles,
  stillProducing,
  subgroupCurvesSvg,
  type SaturationView,
} from '../../src/core/saturation/charts';
import type { Participants } from '../../src/core/model';
import { csvCell, toCsv } from '../../src/core/output/csv';
import { escapeXml } from '../../src/core/output/escape';
import { representativeness, type AttributeComposition } from '../../src/core/participants/representativeness';
import { incidenceFromMatrix, methodNotes, saturationReport, analyseIncidence, type SaturationReport } from '../../src/core/saturation';

/**
 * A deliberately tiny XML reader: enough to prove that chart and panel
 * markup is well-formed (every tag closed in order, attributes quoted, no stray
 * `<` or `&`) and to read elements back with their attributes and decoded text.
 * It walks the string character by character; no regular expression decides structure.
 */

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  /** Decoded text directly inside this element (not its children's). */
  text: string;
  /** Decoded text of this element and all its descendants. */
  allText: string;
  parent: XmlElement | undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '<') throw new Error(`xml: raw "<" in ${where}`);
    if (ch !== '&') {
      out += ch;
      continue;
    }
    const end = raw.indexOf(';', i);
    if (end < 0 || end - i > 10) throw new Error(`xml: bare "&" in ${where}`);
    const name = raw.slice(i + 1, end);
    if (name.startsWith('#x')) out += String.fromCodePoint(parseInt(name.slice(2), 16));
    else if (name.startsWith('#')) out += String.fromCodePoint(Number(name.slice(1)));
    else if (name in ENTITIES) out += ENTITIES[name];
    else throw new Error(`xml: unknown entity &${name}; in ${where}`);
    i = end;
  }
  return out;
}

const isNameChar = (c: string) =>
  (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '-' || c === '_' || c === ':' || c === '.';
const isSpace = (c: string) => c === ' ' || c === '\n' || c === '\t' || c === '\r';

/** Parses `source`; throws with a reason when it is not well-formed. Returns every element in document order. */
function parseXml(source: string): XmlElement[] {
  const all: XmlElement[] = [];
  const stack: XmlElement[] = [];
  let i = 0;
  const readName = () => {
    const start = i;
    while (i < source.length && isNameChar(source[i])) i++;
    if (i === start) throw new Error(`xml: expected a name at ${start}: ${source.slice(start, start + 20)}`);
    return source.slice(start, i);
  };
  const addText = (t: string) => {
    for (const e of stack) e.allText += t;
    if (stack.length) stack[stack.length - 1].text += t;
    else if (t.trim()) throw new Error(`xml: text outside the root element: ${t.slice(0, 20)}`);
  };
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const chunk = source.slice(i, lt < 0 ? source.length : lt);
    if (chunk) addText(decode(chunk, `text near ${i}`));
    if (lt < 0) break;
    i = lt + 1;
    if (source.startsWith('!--', i)) {
      const end = source.indexOf('-->', i);
      if (end < 0) throw new Error('xml: unclosed comment');
      i = end + 3;
      continue;
    }
    if (source[i] === '/') {
      i++;
      const name = readName();
      if (source[i] !== '>') throw new Error(`xml: malformed closing tag </${name}`);
      i++;
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`xml: </${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const el: XmlElement = { name: readName(), attrs: {}, text: '', allText: '', parent: stack[stack.length - 1] };
    if (!stack.length && all.length) throw new Error(`xml: a second root element <${el.name}>`);
    all.push(el);
    for (;;) {
      while (isSpace(source[i])) i++;
      if (source[i] === '/' && source[i + 1] === '>') {
        i += 2;
        break;
      }
      if (source[i] === '>') {
        i++;
        stack.push(el);
        break;
      }
      if (i >= source.length) throw new Error(`xml: unclosed tag <${el.name}`);
      const attr = readName();
      if (source[i] !== '=' || source[i + 1] !== '"') throw new Error(`xml: attribute ${attr} of <${el.name}> is not ="quoted"`);
      const end = source.indexOf('"', i + 2);
      if (end < 0) throw new Error(`xml: unterminated attribute ${attr}`);
      if (attr in el.attrs) throw new Error(`xml: duplicate attribute ${attr} on <${el.name}>`);
      el.attrs[attr] = decode(source.slice(i + 2, end), `attribute ${attr} of <${el.name}>`);
      i = end + 1;
    }
  }
  if (stack.length) throw new Error(`xml: <${stack[stack.length - 1].name}> never closed`);
  return all;
}

/** Elements of a name, optionally with a class among their classes. */
function select(elements: readonly XmlElement[], name: string, cls?: string): XmlElement[] {
  return elements.filter((e) => e.name === name && (cls === undefined || (e.attrs.class ?? '').split(/\s+/).includes(cls)));
}

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';

/** A report from a 0/1 matrix: units x codes. */
function reportOf(units: string[], matrix: number[][], extra: Partial<SaturationReport> = {}): SaturationReport {
  const codes = matrix[0]?.map((_, k) => `c${k}`) ?? [];
  const stats = analyseIncidence(incidenceFromMatrix(units, codes, matrix), {
    band: false,
    guest: { baseSize: 2, runLength: 1, threshold: 0.2 },
  });
  return {
    ...stats,
    by: 'source',
    coder: null,
    uncoded: [],
    unitSources: Object.fromEntries(units.map((u) => [u, [u]])),
    excluded: { otherCoder: 0, unknownCode: 0, retiredCode: 0, mergeCycle: 0 },
    methods: methodNotes(stats),
    ...extra,
  };
}

// New codes 2, 1, 0, 1: cumulative 2, 3, 3, 4.
const SMALL = reportOf(
  ['a', 'b', 'c', 'd'],
  [
    [1, 1, 0, 0],
    [1, 0, 1, 0],
    [1, 1, 0, 0],
    [0, 0, 0, 1],
  ],
);

function tickLineY(svg: XmlElement[], label: string): number {
  const tick = select(svg, 'text', 'qc-tick').find((t) => t.text === label && t.attrs['text-anchor'] === 'end');
  assert.ok(tick, `no y tick labelled ${label}`);
  return Number(tick.attrs.y) - 4;
}

function xTickX(svg: XmlElement[], label: string): number {
  const tick = select(svg, 'text', 'qc-tick').find((t) => t.text === label && t.attrs['text-anchor'] === 'middle');
  assert.ok(tick, `no x tick labelled ${label}`);
  return Number(tick.attrs.x);
}

describe('charts', () => {
  describe('escapeXml', () => {
    it('turns the five markup characters into entities and keeps other text', () => {
      assert.equal(escapeXml(`<a href="x">Tom & Jerry's</a> 🙂`), '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; 🙂');
    });

    it('drops characters XML cannot hold when a name carries them (one rule for every XML export)', () => {
      assert.equal(escapeXml('a\u0000b\u001bc\ud800d'), 'abcd');
    });
  });

  describe('niceTicks', () => {
    it('gives whole steps of 1, 2 or 5 from 0 past the maximum', () => {
      assert.deepEqual(niceTicks(4), [0, 1, 2, 3, 4]);
      assert.deepEqual(niceTicks(12), [0, 5, 10, 15]);
      assert.deepEqual(niceTicks(0), [0, 1]);
    });
  });

  describe('saturationCurveSvg', () => {
    let svg: XmlElement[] = [];
    before(() => {
      svg = parseXml(saturationCurveSvg(SMALL, 'source'));
    });

    it('is one well-formed svg document with a point per unit', () => {
      assert.equal(svg[0].name, 'svg');
      assert.equal(svg[0].attrs.xmlns, 'http://www.w3.org/2000/svg');
      assert.equal(select(svg, 'circle', 'qc-observed-point').length, 4);
      assert.equal(select(svg, 'path', 'qc-observed').length, 1);
      assert.equal(select(svg, 'path', 'qc-band').length, 0, 'no band was computed');
    });

    it('places each point at its unit on x and its count on y, on the drawn axes', () => {
      const points = select(svg, 'circle', 'qc-observed-point');
      const y0 = tickLineY(svg, '0');
      const y4 = tickLineY(svg, '4');
      const x0 = xTickX(svg, '0');
      const x4 = xTickX(svg, '4');
      [2, 3, 3, 4].forEach((v, i) => {
        assert.equal(Number(points[i].attrs['data-value']), v);
        assert.ok(Math.abs(Number(points[i].attrs.cy) - (y0 + ((y4 - y0) * v) / 4)) < 0.01, `point ${i + 1}: cy ${points[i].attrs.cy}`);
        assert.ok(
          Math.abs(Number(points[i].attrs.cx) - (x0 + ((x4 - x0) * (i + 1)) / 4)) < 0.01,
          `point ${i + 1}: cx ${points[i].attrs.cx}`,
        );
      });
      assert.ok(y4 < y0, 'more codes is higher up');
    });

    it('draws the Chao2 estimate at its value', () => {
      const line = select(svg, 'line', 'qc-estimate').find((l) => l.parent?.name === 'svg');
      assert.ok(line);
      assert.equal(SMALL.chao2, 5.5);
      const y0 = tickLineY(svg, '0');
      const y4 = tickLineY(svg, '4');
      assert.ok(Math.abs(Number(line.attrs.y1) - (y0 + ((y4 - y0) * SMALL.chao2) / 4)) < 0.01);
    });

    it('shows unit names as text, never as markup, when a name holds HTML', () => {
      const hostile = reportOf(
        [SCRIPT, IMG],
        [
          [1, 0],
          [0, 1],
        ],
      );
      const text = saturationCurveSvg(hostile, 'source');
      const els = parseXml(text);
      assert.equal(els.filter((e) => e.name === 'script' || e.name === 'img').length, 0);
      assert.ok(!text.includes('<script') && !text.includes('<img'));
      const titles = select(els, 'title').map((t) => t.text);
      assert.ok(
        titles.some((t) => t.includes(SCRIPT)),
        'the name survives as text',
      );
      assert.ok(titles.some((t) => t.includes(IMG)));
    });

    it('says there is nothing to draw when no unit is coded', () => {
      const els = parseXml(saturationCurveSvg(reportOf([], []), 'participant'));
      assert.equal(select(els, 'circle', 'qc-observed-point').length, 0);
      assert.equal(select(els, 'text', 'qc-empty')[0]?.text, 'No coded participants yet');
    });
  });

  describe('newCodesSvg', () => {
    it('draws bar heights in proportion to new codes, base bars marked, names in tooltips', () => {
      const els = parseXml(newCodesSvg(SMALL, 'source', { newCodeNames: [['Hope', SCRIPT], ['Fear'], [], ['Joy']] }));
      const bars = select(els, 'rect', 'qc-bar').filter((b) => b.attrs['data-index']);
      assert.deepEqual(
        bars.map((b) => Number(b.attrs['data-value'])),
        [2, 1, 0, 1],
      );
      const heights = bars.map((b) => Number(b.attrs.height));
      assert.ok(Math.abs(heights[0] - 2 * heights[1]) < 0.02, heights.join(', '));
      assert.equal(heights[2], 0);
      assert.deepEqual(
        bars.map((b) => (b.attrs.class.includes('qc-bar-base') ? 'base' : 'run')),
        ['base', 'base', 'run', 'run'],
      );
      const tip = bars[0].allText;
      assert.ok(tip.includes(`Hope, ${SCRIPT}`), tip);
      assert.equal(select(els, 'script').length, 0);
    });
  });

  describe('compositionSvg', () => {
    const people: Participants = {
      attributes: { [SCRIPT]: ['north', IMG] },
      participants: [
        { id: 'p1', sources: [], attributes: { [SCRIPT]: 'north' } },
        { id: 'p2', sources: [], attributes: { [SCRIPT]: IMG } },
        { id: 'p3', sources: [], attributes: { [SCRIPT]: IMG } },
        { id: 'p4', sources: [], attributes: { [SCRIPT]: IMG } },
      ],
      target: { [SCRIPT]: { north: 0.5, [IMG]: 0.5 } },
    };
    let els: XmlElement[] = [];
    before(() => {
      const composition = representativeness(people);
      els = parseXml(compositionSvg(composition.attributes[0] as AttributeComposition, composition.tolerance));
    });

    it('keeps hostile attribute and category names as text', () => {
      assert.equal(els.filter((e) => ['script', 'img'].includes(e.name)).length, 0);
      assert.ok(select(els, 'text', 'qc-category').some((t) => t.allText.includes(IMG)));
      assert.equal(select(els, 'title')[0].text, `Sample composition: ${SCRIPT}`);
    });

    it('draws shares against targets on one scale and flags under and over', () => {
      const bars = select(els, 'rect', 'qc-share').filter((b) => b.attrs['data-value']);
      assert.deepEqual(
        bars.map((b) => Number(b.attrs['data-value'])),
        [0.25, 0.75],
      );
      assert.ok(Math.abs(Number(bars[1].attrs.width) - 3 * Number(bars[0].attrs.width)) < 0.02);
      const target = select(els, 'line', 'qc-target').filter((l) => l.attrs['data-value']);
      const x0 = Number(bars[0].attrs.x);
      assert.ok(Math.abs(Number(target[0].attrs.x1) - x0 - 2 * Number(bars[0].attrs.width)) < 0.02, 'target 50 % is twice a 25 % bar');
      assert.deepEqual(
        select(els, 'g', 'qc-composition-row').map((r) => r.attrs['data-status']),
        ['under', 'over'],
      );
    });
  });

  describe('CSV', () => {
    it('quotes fields as RFC 4180 asks and defuses formulas in text', () => {
      assert.equal(csvCell('a,b'), '"a,b"');
      assert.equal(csvCell('say "hi"'), '"say ""hi"""');
      assert.equal(csvCell('two\nlines'), '"two\nlines"');
      assert.equal(csvCell('=HYPERLINK("http://x")'), '"\'=HYPERLINK(""http://x"")"');
      assert.equal(csvCell('+1'), "'+1");
      assert.equal(csvCell('-5'), "'-5");
      assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
      assert.equal(csvCell(-0.1), '-0.1', 'numbers keep their sign');
      assert.equal(csvCell(1 / 3), '0.333333');
      assert.equal(csvCell(null), '');
      assert.equal(
        toCsv([
          ['a', 1],
          ['b', null],
        ]),
        'a,1\r\nb,\r\n',
      );
    });

    it('writes the curve table exactly, one row per unit', () => {
      const r = reportOf(
        ['s1', 's2', 's3'],
        [
          [1, 1, 0],
          [1, 0, 1],
          [1, 0, 0],
        ],
      );
      assert.deepEqual(
        r.expectedCurve.map((v) => Number(v.toFixed(6))),
        [1.666667, 2.333333, 3],
      );
      const sd = r.expectedCurveSD.map((v) => csvCell(v));
      assert.equal(
        curveCsv(r, [['Hope', 'Fear'], ['=cmd'], []]),
        'position,source,sources,new_codes,cumulative,expected,expected_sd,new_code_names\r\n' +
          `1,s1,s1,2,2,1.666667,${sd[0]},Hope; Fear\r\n` +
          `2,s2,s2,1,3,2.333333,${sd[1]},'=cmd\r\n` +
          `3,s3,s3,0,3,3,${sd[2]},\r\n`,
      );
    });

    it('writes the Guest runs with their ratio and verdict', () => {
      assert.equal(
        guestCsv(SMALL),
        'run,units,new_codes,base_codes,ratio,threshold,meets_threshold,base_size,run_length\r\n' +
          '1,c,0,3,0,0.2,yes,2,1\r\n' +
          '2,d,1,3,0.333333,0.2,no,2,1\r\n',
      );
    });

    it('writes the composition with signed differences and a defused category', () => {
      const c = representativeness({
        participants: [
          { id: 'p1', sources: [], attributes: { region: '-north' } },
          { id: 'p2', sources: [], attributes: { region: 'south' } },
        ],
        target: { region: { '-north': 0.8, south: 0.2 } },
      });
      assert.equal(
        compositionCsv(c),
        'attribute,category,count,share,target,difference,status,tolerance\r\n' +
          "region,'-north,1,0.5,0.8,-0.3,under,0.05\r\n" +
          'region,south,1,0.5,0.2,0.3,over,0.05\r\n',
      );
    });
  });

  describe('fileSlug', () => {
    it('makes a safe file name stem from any attribute name', () => {
      assert.equal(fileSlug('Age band'), 'age-band');
      assert.equal(fileSlug('Région'), 'region');
      assert.equal(fileSlug('../../etc/passwd'), 'etc-passwd');
      assert.equal(fileSlug(SCRIPT), 'script-alert-1-script');
      assert.equal(fileSlug('***'), 'attribute');
    });
  });

  describe('stillProducing', () => {
    it('says yes while the latest unit of a subgroup added codes, even after a saturation point', () => {
      assert.equal(SMALL.guest.saturatedAt, 'c');
      assert.deepEqual(stillProducing(SMALL, 'source'), {
        producing: true,
        text: 'yes: 1 new code in its latest transcript, after saturation at c',
      });
      const flat = reportOf(
        ['a', 'b', 'c'],
        [
          [1, 1],
          [1, 0],
          [0, 1],
        ],
      );
      assert.deepEqual(stillProducing(flat, 'source'), { producing: false, text: 'no: saturated at c' });
      assert.equal(stillProducing(reportOf([], []), 'participant').producing, null);
    });
  });

  describe('panel and export', () => {
    const people: Participants = {
      attributes: { [SCRIPT]: ['north', IMG] },
      participants: [
        { id: IMG, sources: ['t/1.txt'], attributes: { [SCRIPT]: IMG } },
        { id: 'p2', sources: ['t/2.txt'], attributes: { [SCRIPT]: 'north' } },
      ],
      target: { [SCRIPT]: { north: 0.5, [IMG]: 0.5 } },
    };
    const codes = [
      { id: 'x', name: SCRIPT, status: 'active' as const },
      { id: 'y', name: IMG, status: 'active' as const },
    ];
    const coding = (code: string, coder: string) => ({ id: `${code}${coder}`, code, start: 0, end: 1, text: 'a', coder });
    const report = saturationReport({
      codes,
      codingsBySource: new Map([
        ['t/1.txt', [coding('x', IMG)]],
        ['t/2.txt', [coding('y', SCRIPT)]],
      ]),
      sources: ['t/1.txt', 't/2.txt'],
      participants: people,
      settings: { order: [], baseSize: 1, runLength: 1, threshold: 0.05 },
      by: 'participant',
      coder: undefined,
      subgroupBy: SCRIPT,
    });
    const view: SaturationView = {
      version: 1,
      title: SCRIPT,
      options: { by: 'participant', coder: null, baseSize: 1, runLength: 1, threshold: 0.05, subgroupBy: SCRIPT },
      defaults: { baseSize: 1, runLength: 1, threshold: 0.05 },
      coders: [IMG, SCRIPT],
      attributes: [SCRIPT],
      report,
      newCodeNames: [[SCRIPT], [IMG]],
      composition: representativeness(people),
    };

    it('renders the panel body as well-formed markup with every hostile name as text', () => {
      const html = saturationBodyHtml(view);
      const els = parseXml(`<div>${html}</div>`);
      assert.deepEqual(
        els.filter((e) => ['script', 'img', 'iframe'].includes(e.name)).map((e) => e.name),
        [],
      );
      assert.ok(
        els.every((e) => Object.keys(e.attrs).every((a) => !a.startsWith('on'))),
        'no event handler attribute',
      );
      const text = els[0].allText;
      for (const s of [SCRIPT, IMG]) assert.ok(text.includes(s), `${s} shown as text`);
      assert.equal(select(els, 'svg', 'qc-subgroups').length, 1);
      assert.equal(select(els, 'svg', 'qc-composition').length, 1);
      assert.equal(parseXml(subgroupCurvesSvg(report.subgroups!, 'participant'))[0].name, 'svg');
    });

    it('exports well-formed SVG files and CSV tables under safe, unique names', () => {
      const files = saturationExportFiles(view);
      const names = files.map((f) => f.name);
      assert.deepEqual(names, [
        'saturation-curve.svg',
        'new-codes.svg',
        'subgroups-script-alert-1-script.svg',
        'representativeness-script-alert-1-script.svg',
        'saturation.csv',
        'guest-runs.csv',
        'estimates.csv',
        'methods.csv',
        'subgroups-script-alert-1-script.csv',
        'representativeness.csv',
        'captions.md',
      ]);
      for (const f of files.filter((x) => x.name.endsWith('.svg'))) assert.equal(parseXml(f.content)[0].name, 'svg', f.name);
      for (const f of files.filter((x) => x.name.endsWith('.csv')))
        assert.ok(f.content.endsWith('\r\n') && !/(^|,)[=+@]/m.test(f.content), f.name);
    });
  });
});
