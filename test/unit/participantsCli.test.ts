import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';

async function qda(cwd: string, ...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { cwd, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

function study(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qda-participants-'));
  write(root, 'qda/project.yaml', 'format: 1\nsources: [transcripts/**/*.transcript]\n');
  write(root, 'qda/codebook.yaml', 'codes:\n  - {id: help, name: Help}\n');
  write(
    root,
    'qda/participants.yaml',
    'attributes:\n  region: [north, wales]\nparticipants:\n  - {id: p01, sources: [transcripts/p01.transcript]}\n  - {id: p02, sources: [transcripts/p02.transcript], attributes: {region: wales}}\n',
  );
  write(root, 'transcripts/p01.transcript', 'p01: Day by day.\n');
  write(root, 'transcripts/p02.transcript', 'p02: The food bank.\n');
  const rows = ['id,Region,Why'];
  for (let i = 0; i < 30; i++) rows.push(`r${i},${i < 20 ? 'north' : 'wales'},"because ${i}"`);
  rows.push('p01,north,"Family, mostly"', 'p02,wales,');
  write(root, 'start.csv', rows.join('\r\n') + '\r\n');
  return root;
}

describe('qda import survey, representativeness --survey, participant withdraw', () => {
  it('prints the plan without --yes and writes nothing; with --yes imports the wave', async () => {
    const root = study();
    const dry = await qda(root, 'import', 'survey', 'start.csv', '--wave', 'start', '--text', 'Why');
    assert.equal(dry.code, 0, dry.err.join('\n'));
    assert.ok(
      dry.out.some((l) => l === '  p01: region = north (filled in)'),
      dry.out.join('\n'),
    );
    assert.ok(
      dry.out.some((l) => /Why: open answers -> transcripts\/surveys\/start\/why\.transcript \(31 answered\)/.test(l)),
      dry.out.join('\n'),
    );
    assert.match(dry.err.join('\n'), /nothing written/);
    assert.ok(!fs.existsSync(path.join(root, 'qda/surveys/start.yaml')));
    const wet = await qda(root, 'import', 'survey', 'start.csv', '--wave', 'start', '--text', 'Why', '--yes');
    assert.equal(wet.code, 0, wet.err.join('\n'));
    assert.match(
      fs.readFileSync(path.join(root, 'qda/surveys/start.yaml'), 'utf8'),
      /- \{id: p01, answers: \{Region: north, Why: "Family, mostly"\}\}/,
    );
    assert.match(
      fs.readFileSync(path.join(root, 'qda/participants.yaml'), 'utf8'),
      /id: p01[^\n]*\n[^\n]*\n\s+attributes: \{region: north\}/,
    );
    assert.ok(fs.existsSync(path.join(root, 'transcripts/surveys/start/why.transcript')));
    assert.equal((await qda(root, 'validate')).code, 0);
  });

  it('reports a malformed survey row with file and line, and imports nothing', async () => {
    const root = study();
    write(root, 'bad.csv', 'id,Region\np01,north\np02,"wales\n');
    const r = await qda(root, 'import', 'survey', 'bad.csv', '--wave', 'start', '--yes');
    assert.equal(r.code, 1);
    assert.ok(
      r.out.some((l) => l.startsWith('error: bad.csv: line 3, column 5: a quote opens a cell that is never closed')),
      r.out.join('\n'),
    );
    assert.ok(!fs.existsSync(path.join(root, 'qda/surveys/start.yaml')));
  });

  it('judges the sample against the survey with intervals and tests, as text and JSON', async () => {
    const root = study();
    await qda(root, 'import', 'survey', 'start.csv', '--wave', 'start', '--yes');
    const text = await qda(root, 'representativeness', '--survey', 'start');
    assert.equal(text.code, 0, text.err.join('\n'));
    assert.match(text.out.join('\n'), /against survey wave "start" \(32 respondents\)/);
    assert.match(text.out.join('\n'), /fit to the survey \(n = 2\): chi-square [\d.]+, df 1, p [\d.]+; exact multinomial p [\d.]+/);
    assert.match(text.out.join('\n'), /expected counts are under 5/);
    const json = JSON.parse((await qda(root, 'representativeness', '--survey', 'start', '--json')).out[0]);
    const region = json.attributes.find((a: { attribute: string }) => a.attribute === 'region');
    assert.deepEqual(
      region.categories.map((c: { value: string; targetCount: number }) => [c.value, c.targetCount]),
      [
        ['north', 21],
        ['wales', 11],
      ],
    );
    assert.equal(region.test.exactMethod, 'enumeration');
    const none = await qda(root, 'representativeness', '--survey', 'end');
    assert.equal(none.code, 2);
    assert.match(none.err[0], /no survey wave "end"; the waves: start/);
  });

  it('withdraws with --yes only, leaves them out of representativeness, and reinstates', async () => {
    const root = study();
    await qda(root, 'import', 'survey', 'start.csv', '--wave', 'start', '--yes');
    const dry = await qda(root, 'participant', 'withdraw', 'p02', '--reason', 'moved away');
    assert.match(dry.out.join('\n'), /would record that p02 withdrew \(moved away\)/);
    assert.doesNotMatch(fs.readFileSync(path.join(root, 'qda/participants.yaml'), 'utf8'), /withdrawn/);
    const wet = await qda(root, 'participant', 'withdraw', 'p02', '--reason', 'moved away', '--yes');
    assert.equal(wet.code, 0, wet.err.join('\n'));
    assert.match(
      fs.readFileSync(path.join(root, 'qda/participants.yaml'), 'utf8'),
      /withdrawn: \{date: \d{4}-\d\d-\d\d, reason: moved away\}/,
    );
    const json = JSON.parse((await qda(root, 'representativeness', '--survey', 'start', '--json')).out[0]);
    assert.equal(json.participants, 1);
    assert.equal(json.targetFrom.respondents, 31, 'their survey answers left out too');
    const list = await qda(root, 'participants');
    assert.match(
      list.out.find((l) => l.startsWith('p02'))!,
      /start\s+\d{4}-\d\d-\d\d$/,
    );
    assert.equal((await qda(root, 'participant', 'reinstate', 'p02')).code, 0);
    assert.doesNotMatch(fs.readFileSync(path.join(root, 'qda/participants.yaml'), 'utf8'), /withdrawn/);
    assert.equal((await qda(root, 'participant', 'withdraw', 'nobody', '--yes')).code, 1);
  });

  it('purges with --purge --yes: deletes their files and says git history still holds them', async () => {
    const root = study();
    await qda(root, 'import', 'survey', 'start.csv', '--wave', 'start', '--text', 'Why', '--yes');
    const r = await qda(root, 'participant', 'withdraw', 'p01', '--purge', '--yes');
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.ok(!fs.existsSync(path.join(root, 'transcripts/p01.transcript')));
    assert.doesNotMatch(fs.readFileSync(path.join(root, 'qda/surveys/start.yaml'), 'utf8'), /p01/);
    assert.doesNotMatch(fs.readFileSync(path.join(root, 'transcripts/surveys/start/why.transcript'), 'utf8'), /Family/);
    assert.match(r.err.join('\n'), /Git history still holds[\s\S]*git filter-repo --invert-paths --path 'transcripts\/p01\.transcript'/);
    const again = await qda(root, 'participant', 'reinstate', 'p01');
    assert.equal(again.code, 1);
    assert.match(again.err[0], /purged/);
  });
});
