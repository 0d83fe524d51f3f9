import * as assert from 'node:assert/strict';
import { unzipSync } from 'fflate';
import { exportPassages, passageRows } from '../../src/core/exports/passages';
import { Project } from '../../src/core/project/project';
import { memoryPorts } from './helpers/memoryFiles';

const T = '[00:00:01] Interviewer: How is it?\n\n[00:00:05] P1: Zoë said "=SUM(A1)" <script>x</script> was fine.\n';

async function study() {
  const at = (q: string) => [...T.slice(0, T.indexOf(q))].length;
  const q1 = 'Zoë said "=SUM(A1)" <script>x</script>';
  return Project.open(
    memoryPorts({
      'qda/project.yaml': 'format: 1\nsources: [t/*.transcript]\n',
      'qda/codebook.yaml':
        'codes:\n  - {id: theme, name: Theme}\n  - {id: help, name: Help, parent: theme}\n  - {id: old, name: Old, status: merged, mergedInto: help}\n  - {id: other, name: Other}\n',
      'qda/participants.yaml': 'participants:\n  - {id: p1, sources: [t/a.transcript], attributes: {region: wales}}\n',
      't/a.transcript': T,
      'qda/codings/t/a.transcript.yaml': `source: t/a.transcript\ncodings:\n  - {id: c1, code: old, start: ${at(q1)}, end: ${at(q1) + [...q1].length}, text: ${JSON.stringify(q1)}, coder: mf, note: ask Zoë}\n  - {id: c2, code: other, start: 0, end: 10, text: "[00:00:01]", coder: aa}\n`,
    }),
  );
}
const pseudo = (s: string) => s.replace(/Zoë/g, 'Z.');

describe('passages export', () => {
  it('collects passages with speaker, participant and attributes; merged codes count with their target', async () => {
    const p = await study();
    const rows = passageRows(p, { codes: ['help'], pseudonymise: pseudo, texts: new Map([['t/a.transcript', T]]) });
    assert.equal(rows.length, 1);
    assert.deepEqual(
      { ...rows[0], start: 0, end: 0 },
      {
        code: 'help',
        codePath: 'Theme / Help',
        source: 't/a.transcript',
        participant: 'p1',
        attributes: { region: 'wales' },
        speaker: 'P1',
        start: 0,
        end: 0,
        text: 'Z. said "=SUM(A1)" <script>x</script>',
        coder: 'mf',
        note: 'ask Z.',
      },
    );
  });

  it('writes CSV with formula injection neutralised and quotes escaped', async () => {
    const p = await study();
    const csv = exportPassages(p, 'csv', { pseudonymise: pseudo }) as string;
    const lines = csv.split('\r\n');
    assert.equal(lines.length, 4, 'header, two passages, and the final CR LF');
    assert.equal(lines[0], 'code,code path,source,participant,region,speaker,start,end,passage,coder,note');
    assert.ok(
      lines.some((l) => l.includes('"Z. said ""=SUM(A1)"" <script>x</script>"')),
      csv,
    );
    assert.ok(!csv.includes('Zoë'));
  });

  it('writes Markdown with markup shown as text', async () => {
    const p = await study();
    const md = exportPassages(p, 'md', { pseudonymise: pseudo, codes: ['help'] }) as string;
    assert.match(md, /^# Coded passages: project\n/);
    assert.match(md, /## Theme \/ Help \(1\)/);
    assert.ok(!md.includes('<script>'), md);
  });

  it('writes a Word document whose text is escaped XML', async () => {
    const p = await study();
    const bytes = exportPassages(p, 'docx', { pseudonymise: pseudo, codes: ['help'] }) as Uint8Array;
    const doc = new TextDecoder().decode(unzipSync(bytes)['word/document.xml']);
    assert.ok(doc.includes('&lt;script&gt;x&lt;/script&gt;'));
    assert.ok(!doc.includes('<script>'));
    assert.ok(doc.includes('Theme / Help (1)'));
  });
});
