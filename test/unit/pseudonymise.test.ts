import * as assert from 'node:assert/strict';
import { exportCodebook } from '../../src/core/exports/codebook';
import { Project } from '../../src/core/project/project';
import {
  exportPseudonymiser,
  loadPseudonyms,
  parsePseudonyms,
  PseudonymMapMissing,
  Pseudonymiser,
  pseudonymisationPreview,
  PSEUDONYMS_FILE,
} from '../../src/core/output/pseudonymise';
import { proposedPseudonymMap } from '../../src/core/output/pseudonymCandidates';
import { reviewStudy } from './helpers/reviewStudy';

const map = (yaml: string) => {
  const r = parsePseudonyms(yaml);
  assert.ok(r.value, JSON.stringify(r.problems));
  return new Pseudonymiser(r.value);
};

describe('pseudonymise', () => {
  it('reads the map: names, patterns, and the built-in rules on by default', () => {
    const r = parsePseudonyms(
      'names:\n  Margaret: Ruth\n  Mary Ann: Jo\npatterns:\n  - match: "NI [A-Z]{2}\\\\d{6}"\n    replace: "[NI number]"\n',
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.value, {
      names: [
        { name: 'Margaret', pseudonym: 'Ruth' },
        { name: 'Mary Ann', pseudonym: 'Jo' },
      ],
      patterns: [{ match: 'NI [A-Z]{2}\\d{6}', replace: '[NI number]' }],
      emails: true,
      phones: true,
    });
  });

  it('reads a proposed map with no names found as a valid, empty map', () => {
    const r = parsePseudonyms(proposedPseudonymMap([]));
    assert.deepEqual([r.problems, r.value?.names, r.value?.emails, r.value?.phones], [[], [], true, true]);
  });

  it('reports an invalid regular expression at its line and refuses the map', () => {
    const r = parsePseudonyms('names:\n  A: B\npatterns:\n  - match: "(unclosed"\n');
    assert.equal(r.writable, false);
    assert.equal(r.problems[0].line, 4);
    assert.match(r.problems[0].message, /patterns\[0\]\.match is not a valid regular expression/);
    assert.equal(parsePseudonyms('names: [a, b]\n').value, undefined);
  });

  it('replaces whole names in any case, longer names first, never inside another word', () => {
    const p = map('names:\n  Mary: Sue\n  Mary Ann: Jo\n  Ann: Liz\n');
    assert.equal(
      p.apply('MARY ANN met mary, Ann and Annabel; Mary\nAnn too. Ann’s tin.'),
      'Jo met Sue, Liz and Annabel; Jo too. Liz’s tin.',
    );
  });

  it('replaces in one pass, so a pseudonym is never replaced again', () => {
    const p = map('names:\n  Ann: Bea\n  Bea: Cat\n');
    assert.equal(p.apply('Ann and Bea'), 'Bea and Cat');
  });

  it('replaces email addresses and phone numbers, but not dates, times or amounts', () => {
    const p = Pseudonymiser.builtIn;
    assert.equal(
      p.apply('Mail zoë.k+x@mail.example.co.uk or ring 07700 900123, +44 (0)29 2087 4000 or (029) 2087 4000.'),
      'Mail [email] or ring [phone number], [phone number] or [phone number].',
    );
    assert.equal(
      p.apply('On 2026-03-02 at 10:30 I paid £120.50 for 3 weeks; ref 12345.'),
      'On 2026-03-02 at 10:30 I paid £120.50 for 3 weeks; ref 12345.',
    );
    assert.equal(map('emails: false\nphones: false\n').apply('a@b.org 07700 900123'), 'a@b.org 07700 900123');
    assert.equal(Pseudonymiser.none.apply('Margaret a@b.org'), 'Margaret a@b.org');
  });

  it('reports each replacement for the preview', () => {
    const r = map('names:\n  Margaret: Ruth\n').applyWithReport('Margaret, margaret@example.org');
    assert.deepEqual(r, {
      text: 'Ruth, [email]',
      replacements: [
        { rule: 'Margaret', from: 'Margaret', to: 'Ruth' },
        { rule: 'email', from: 'margaret@example.org', to: '[email]' },
      ],
    });
  });

  it('previews what it would replace in every quote of the project (codings and code examples)', async () => {
    const ports = reviewStudy({ [PSEUDONYMS_FILE]: 'names:\n  Margaret: Ruth\n' });
    const project = await Project.open(ports);
    const loaded = await loadPseudonyms(project);
    assert.equal(loaded.exists, true);
    const preview = pseudonymisationPreview(project, loaded.pseudonymiser);
    assert.equal(preview.quotes, 10, '9 codings and 1 code example');
    assert.equal(preview.changed, 3);
    const rows = Object.fromEntries(preview.rows.map((r) => [r.rule, [r.count, r.matched]]));
    assert.deepEqual(rows, { Margaret: [2, ['Margaret']], email: [1, ['margaret@example.org']], phone: [1, ['07700 900123']] });
    assert.ok(preview.rows[0].samples.every((s) => !s.after.includes('Margaret')));
  });

  it('falls back to the built-in rules when the project has no map, and refuses a broken one', async () => {
    const none = await loadPseudonyms(await Project.open(reviewStudy()));
    assert.deepEqual([none.exists, none.pseudonymiser === Pseudonymiser.builtIn], [false, true]);
    const broken = await loadPseudonyms(await Project.open(reviewStudy({ [PSEUDONYMS_FILE]: 'names: {a: [1, 2]}\n' })));
    assert.equal(broken.problems.length > 0, true);
  });

  it('refuses to pseudonymise without a map (nothing may claim it), and with a broken one names the line', async () => {
    await assert.rejects(exportPseudonymiser(await Project.open(reviewStudy()), true), (e: unknown) => {
      assert.ok(e instanceof PseudonymMapMissing);
      assert.match((e as Error).message, /nothing was exported: there is no qda\/private\/pseudonyms\.yaml.*qda pseudonyms --init/s);
      return true;
    });
    const broken = await Project.open(reviewStudy({ [PSEUDONYMS_FILE]: 'names:\n  A: B\npatterns:\n  - match: "(x"\n' }));
    await assert.rejects(exportPseudonymiser(broken, true), /pseudonyms\.yaml:4:\d+: patterns\[0\]\.match/);
    const withMap = await exportPseudonymiser(await Project.open(reviewStudy({ [PSEUDONYMS_FILE]: 'names:\n  Margaret: Ruth\n' })), true);
    assert.deepEqual([withMap.pseudonymised, withMap.pseudonymiser.apply('Margaret said')], [true, 'Ruth said']);
    // not pseudonymising is the caller's explicit choice, and says so
    const off = await exportPseudonymiser(await Project.open(reviewStudy()), false);
    assert.deepEqual([off.pseudonymised, off.pseudonymiser.apply('Margaret, 07700 900123')], [false, 'Margaret, 07700 900123']);
  });

  it('is applied to examples in codebook exports', async () => {
    const project = await Project.open(reviewStudy({ [PSEUDONYMS_FILE]: 'names:\n  Margaret: Ruth\n' }));
    const p = (await loadPseudonyms(project)).pseudonymiser;
    const md = new TextDecoder().decode(exportCodebook(project, 'md', { quote: (s) => p.apply(s) }));
    assert.match(md, /> I never know if the money will last, Ruth said\./);
  });
});
