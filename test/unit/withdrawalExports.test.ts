import * as assert from 'node:assert/strict';
import { strFromU8, unzipSync } from 'fflate';
import { CODEBOOK_FORMATS, exportCodebook } from '../../src/core/exports/codebook';
import { exportPassages } from '../../src/core/exports/passages';
import { resolveMemoLinks } from '../../src/core/memos';
import { exportMemos } from '../../src/core/memos/export';
import { inclusion, withdrawParticipant } from '../../src/core/participants';
import type { Project } from '../../src/core/project/project';
import { buildReviewPack } from '../../src/core/review';
import { Pseudonymiser } from '../../src/core/output/pseudonymise';
import { projectRepresentativeness, projectSaturation } from '../../src/core/saturation/analysis';
import { saturationExportFiles, saturationView } from '../../src/core/saturation/charts';
import { ProjectSearch } from '../../src/core/search/cache';
import { withdrawalStudy } from './helpers/withdrawalStudy';

/** p01's words: in their interview, their survey answer, and their attributes. */
const THEIRS = ['Day by day', 'help from my sister', 'My sister again'];
const NOW = new Date('2026-12-01T00:00:00Z');

/** The study, with a code example and a memo quoting p01, before and after p01 withdraws. */
async function both(): Promise<{ before: Project; after: Project }> {
  const make = async () => {
    const { ports, project } = await withdrawalStudy();
    await project.changeCodebook((cb) => ({ codes: cb.codes.map((c) => ({ ...c, example: 'help from my sister' })) }));
    const t = ports.files.text('transcripts/p01.transcript')!;
    const at = [...t.slice(0, t.indexOf('help from my sister'))].length;
    await project.writeFile(
      'qda/memos/2026-03-02-quote.md',
      `---\nid: m2\ncreated: 2026-03-02T10:00:00Z\nkind: analytic\nlinks:\n  - source: transcripts/p01.transcript\n    start: ${at}\n    end: ${at + 19}\n    text: help from my sister\n---\nA quote.\n`,
    );
    return project;
  };
  const before = await make();
  const after = await make();
  await withdrawParticipant(after, 'p01');
  return { before, after };
}

function text(x: string | Uint8Array): string {
  if (typeof x === 'string') return x;
  if (x[0] !== 0x50 || x[1] !== 0x4b) return strFromU8(x);
  // A .docx: the text of every part.
  return Object.values(unzipSync(x))
    .map((b) => strFromU8(b))
    .join('\n');
}

/** The test can fail: p01's words are in the export before; none is after. */
function assertLeftOut(name: string, before: string, after: string, words: readonly string[] = THEIRS): void {
  assert.ok(
    words.some((w) => before.includes(w)),
    `${name}: the export had none of p01's words even before (the check proves nothing)`,
  );
  for (const w of words) assert.ok(!after.includes(w), `${name}: "${w}" is still in the export after p01 withdrew`);
}

describe('withdrawal: nothing of a withdrawn participant in any analysis or export', () => {
  let p: { before: Project; after: Project };
  before(async () => (p = await both()));

  it('saturation: their interview is no unit, their codings are not counted, the figures do not name them', () => {
    const units = (x: Project) => projectSaturation(x, { band: false, includeSurveys: true }).units;
    assert.ok(units(p.before).includes('transcripts/p01.transcript'));
    assert.ok(!units(p.after).includes('transcripts/p01.transcript'));
    const byPerson = projectSaturation(p.after, { band: false, by: 'participant' });
    assert.ok(!byPerson.units.includes('p01'));
    const files = (x: Project) =>
      saturationExportFiles(saturationView(x, {}, 1))
        .map((f) => f.content)
        .join('\n');
    assertLeftOut('saturation figures', files(p.before), files(p.after), ['p01']);
  });

  it('representativeness: their row and their survey answers are left out', () => {
    const r = (x: Project) => projectRepresentativeness(x, { target: { kind: 'survey', wave: 'start' } });
    assert.deepEqual([r(p.before).participants, r(p.before).targetFrom], [2, { kind: 'survey', wave: 'start', respondents: 3 }]);
    assert.deepEqual([r(p.after).participants, r(p.after).targetFrom], [1, { kind: 'survey', wave: 'start', respondents: 2 }]);
    const north = (x: Project) =>
      r(x)
        .attributes.find((a) => a.attribute === 'region')!
        .categories.find((c) => c.value === 'north')!;
    assert.deepEqual([north(p.before).count, north(p.before).targetCount], [1, 1]);
    assert.deepEqual([north(p.after).count, north(p.after).targetCount], [0, 0]);
  });

  it("search: no hit in their interview or their survey answer; other people's answers still found", async () => {
    const hits = async (x: Project, q: string) => {
      const s = await ProjectSearch.open(x, { useCache: false });
      const r = await s.search(q);
      s.dispose();
      return r.hits
        .filter((h) => h.kind === 'passage')
        .map((h) => h.snippet.text)
        .join('\n');
    };
    assertLeftOut('search "sister"', await hits(p.before, 'sister'), await hits(p.after, 'sister'));
    assertLeftOut('search "day"', await hits(p.before, 'day'), await hits(p.after, 'day'));
    assert.match(await hits(p.after, 'food bank'), /Food bank|food bank/);
  });

  it("review packs: no example quote of theirs, not even the code's example", async () => {
    const pack = async (x: Project) =>
      (
        await buildReviewPack(x, {
          round: 'round-1',
          intro: 'Hello',
          pseudonymiser: Pseudonymiser.none,
          pseudonymised: false,
          nonce: 'n0nce',
          examples: 5,
        })
      ).html;
    assertLeftOut('review pack', await pack(p.before), await pack(p.after));
  });

  for (const format of CODEBOOK_FORMATS) {
    it(`codebook export (${format}): no example quoting them, counts without their codings`, () => {
      const out = (x: Project) => text(exportCodebook(x, format, { now: NOW }));
      assertLeftOut(`codebook.${format}`, out(p.before), out(p.after));
    });
  }

  for (const format of ['md', 'csv', 'docx'] as const) {
    it(`passages export (${format}): none of their passages`, async () => {
      const out = async (x: Project) => {
        const texts = new Map<string, string>();
        for (const s of x.codings.keys()) texts.set(s, (await x.store.readText(s))?.text ?? '');
        return text(exportPassages(x, format, { pseudonymise: (s) => s, texts }));
      };
      assertLeftOut(`passages.${format}`, await out(p.before), await out(p.after), [...THEIRS, 'transcripts/p01.transcript']);
    });
  }

  for (const format of ['md', 'html'] as const) {
    it(`memo export (${format}): a link to their passage is named, not quoted`, async () => {
      const out = async (x: Project) =>
        exportMemos({ memos: x.memos.values(), links: await resolveMemoLinks(x), generated: NOW, inclusion: inclusion(x) }, format);
      const after = await out(p.after);
      assertLeftOut(`memos.${format}`, await out(p.before), after);
      assert.match(after, /a withdrawn participant(.|&#39;)s: not quoted/);
    });
  }
});
