// The Saturation and Matrices panels in VS Code's web worker extension host, opened as a researcher
// opens them (Command Palette) and read as the screen shows them. Every figure expected here is
// computed from the project's own files (qda/participants.yaml, qda/codebook.yaml, qda/codings/...)
// by the small readers and the formulas written out below, or counted by hand from sample/; none is
// taken from the panel's state or the extension's model.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { openSession, readText, workspaceUri } from '../../integration/helpers';
import { ui } from '../../integration/ui';

/** One coding as its file holds it. */
interface FileCoding {
  source: string;
  code: string;
  start: number;
  end: number;
}

/** A participant of qda/participants.yaml: the one transcript the sample gives each, and the region. */
interface FileParticipant {
  id: string;
  source: string;
  interviewed: string;
  region: string;
}

/** The participants of qda/participants.yaml, in interview order. */
async function participantsFromFile(): Promise<FileParticipant[]> {
  const text = await readText(workspaceUri('qda', 'participants.yaml'));
  return text
    .split(/\n {2}- id: /)
    .slice(1)
    .map((b) => ({
      id: b.slice(0, b.indexOf('\n')).trim(),
      source: /sources: \[([^\]\s,]+)\]/.exec(b)![1],
      interviewed: /interviewed: (\S+)/.exec(b)![1],
      region: /region: ([^,}]+)/.exec(b)![1].trim(),
    }))
    .sort((a, b) => a.interviewed.localeCompare(b.interviewed));
}

/** Every coding of a transcript, from qda/codings/<source>.yaml (none when there is no file). */
async function codingsFromFile(source: string): Promise<FileCoding[]> {
  const text = await readText(workspaceUri('qda', 'codings', `${source}.yaml`)).catch(() => '');
  return text
    .split('\n  - ')
    .slice(1)
    .map((entry) => ({
      source,
      code: /^ {4}code: (\S+)$/m.exec(entry)![1],
      start: Number(/^ {4}start: (\d+)$/m.exec(entry)![1]),
      end: Number(/^ {4}end: (\d+)$/m.exec(entry)![1]),
    }));
}

/** Code id -> name, from qda/codebook.yaml. */
async function codeNames(): Promise<Map<string, string>> {
  const text = await readText(workspaceUri('qda', 'codebook.yaml'));
  const names = new Map<string, string>();
  for (const m of text.matchAll(/- id: (\S+)\n\s+name: (.+)\n/g)) names.set(m[1], m[2].replace(/^"(.*)"$/, '$1'));
  return names;
}

/** A table as the panel's text shows it: a heading line "Code\t…" (or "Code \ region\t…"), then a tab-separated line per row. */
function tableFromText(text: string): { columns: string[]; rows: Map<string, number[]> } {
  const lines = text.split('\n');
  const head = lines.findIndex((l) => /^Code( \\ [^\t]+)?\t/.test(l));
  assert.ok(head >= 0, `a table headed "Code" in:\n${text}`);
  const rows = new Map<string, number[]>();
  for (const line of lines.slice(head + 1)) {
    const cells = line.split('\t');
    if (cells.length < 2) break;
    rows.set(cells[0], cells.slice(1).map(Number));
  }
  return { columns: lines[head].split('\t').slice(1), rows };
}

/** The transcripts' codings in interview order, from the files. */
async function studyFromFiles(): Promise<{ participants: FileParticipant[]; codings: FileCoding[][] }> {
  const participants = await participantsFromFile();
  return { participants, codings: await Promise.all(participants.map((p) => codingsFromFile(p.source))) };
}

const short = (source: string) => source.replace(/^.*\//, '').replace(/\..*$/, '');
const percent = (x: number) => `${(100 * x).toFixed(1)} %`;

describe('the Saturation and Matrices panels in the web worker extension host', () => {
  before(async () => {
    await openSession();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('shows the Saturation panel from the Command Palette, with the figures the codings files give', async function () {
    this.timeout(120000);
    const { participants, codings } = await studyFromFiles();
    // The incidence of codes in transcripts, in interview order (participants.yaml's dates).
    const units = participants
      .map((p, i) => ({ source: p.source, codes: new Set(codings[i].map((c) => c.code)) }))
      .filter((u) => u.codes.size);
    const seen = new Set<string>();
    const newCodes = units.map((u) => {
      const fresh = [...u.codes].filter((c) => !seen.has(c));
      fresh.forEach((c) => seen.add(c));
      return fresh.length;
    });
    // By hand from sample/: s01-s04 gave 5, 3, 2 and 2 new codes (12), s05 one (debt-credit), s07 one
    // (getting-online), the others none.
    assert.deepStrictEqual(
      units.map((u) => short(u.source)),
      ['s01', 's02', 's03', 's04', 's05', 's06', 's07', 's08', 's09', 's10', 's11', 's12'],
    );
    assert.deepStrictEqual(newCodes, [5, 3, 2, 2, 1, 0, 1, 0, 0, 0, 0, 0]);
    const m = units.length;
    const s = seen.size;
    const inUnits = [...seen].map((c) => units.filter((u) => u.codes.has(c)).length);
    const q1 = inUnits.filter((n) => n === 1).length;
    const q2 = inUnits.filter((n) => n === 2).length;
    const u = inUnits.reduce((a, b) => a + b, 0);
    // Chao2 (Chao 1987), with its Q2 = 0 form; sample coverage for incidence data (Chao & Jost 2012), with
    // iNEXT's Q2 = 0 form; Good-Turing 1 - Q1/U.
    const chao2 = q2 > 0 ? s + ((m - 1) / m) * ((q1 * q1) / (2 * q2)) : s + ((m - 1) / m) * ((q1 * (q1 - 1)) / 2);
    const a = q2 > 0 ? ((m - 1) * q1) / ((m - 1) * q1 + 2 * q2) : ((m - 1) * (q1 - 1)) / ((m - 1) * (q1 - 1) + 2);
    const coverage = 1 - (q1 / u) * a;
    // Guest, Namey & Chen (2020), base 4 and runs of 2 at <= 5 % (qda/project.yaml): the first run of two
    // consecutive transcripts after the base whose new codes are at most 5 % of the base's codes. By hand:
    // s05-s06, s06-s07 and s07-s08 add 1 of 12 (8.3 %); s08-s09 add none, so saturation is at s09.
    const base = newCodes.slice(0, 4).reduce((x, y) => x + y, 0);
    let saturatedAt: string | undefined;
    for (let end = 5; end < m && !saturatedAt; end++) if (newCodes[end - 1] + newCodes[end] <= 0.05 * base) saturatedAt = units[end].source;
    assert.strictEqual(saturatedAt, 'transcripts/s09.transcript');

    await ui.runCommand('Reflexive QDA: Show Saturation');
    await ui.waitForActiveTab('Saturation');
    const text = await ui.webview('Saturation').waitForText('Sample coverage', { timeout: 60000 });
    const unseen = Math.round(chao2 - s);
    assert.ok(
      text.includes(
        `${m} transcripts gave ${s} codes; about ${unseen} more may still be unseen; new codes levelled off at ${short(saturatedAt)}.`,
      ),
      text,
    );
    assert.match(text, new RegExp(`Sample coverage\\s+${percent(coverage)}\\s+Chao & Jost 2012`));
    assert.match(text, new RegExp(`Codes observed\\s+${s}\\s+in ${m} transcripts · Q1 ${q1}, Q2 ${q2}`));
    assert.match(text, new RegExp(`Chao2 estimated number of codes\\t${chao2.toFixed(2)}\\t`));
    assert.match(text, new RegExp(`Good-Turing coverage \\(naive\\)\\t${percent(1 - q1 / u)}\\t`));
    assert.match(text, new RegExp(`m = ${m}, U = ${u}, Q1 = ${q1}, Q2 = ${q2}`));
    assert.match(text, /Saturation \(Guest\)\s+at s09\s+base 4, run 2, ≤ 5 %/);
    // the bars of "New codes per transcript": the transcripts, then the new codes of each
    assert.ok(
      text.includes(`${units.map((x) => short(x.source)).join('\n')}\nTranscripts in interview order\n${newCodes.join('\n')}\n`),
      text,
    );
  });

  it('shows the Matrices panel from the Command Palette: co-occurrence and codes by region as the codings files give them', async function () {
    this.timeout(120000);
    const { participants, codings } = await studyFromFiles();
    const all = codings.flat();
    const names = await codeNames();
    const coded = [...new Set(all.map((c) => c.code))];
    // Co-occurrence (docs/matrices.md): the codings of a that share at least one character with a
    // coding of b in the same transcript; the diagonal, the codings of a.
    const overlapping = (x: string, y: string) =>
      all.filter((c) => c.code === x && all.some((d) => d.code === y && d.source === c.source && d.start < c.end && c.start < d.end))
        .length;

    await ui.runCommand('Reflexive QDA: Show Matrices (Co-occurrence, Codes by Attribute, Framework)');
    await ui.waitForActiveTab('Matrices');
    const panel = ui.webview('Matrices');
    const text = await panel.waitForText("Codings of the row's code that share at least one character", { timeout: 60000 });
    const cooccurrence = tableFromText(text);
    assert.deepStrictEqual([...cooccurrence.rows.keys()].sort(), coded.map((c) => names.get(c)!).sort(), 'a row per code with codings');
    assert.deepStrictEqual([...cooccurrence.columns].sort(), coded.map((c) => names.get(c)!).sort(), 'a column per code with codings');
    const id = new Map([...names].map(([k, v]) => [v, k]));
    for (const [row, values] of cooccurrence.rows)
      assert.deepStrictEqual(
        values,
        cooccurrence.columns.map((column) => overlapping(id.get(row)!, id.get(column)!)),
        `the row of ${row}`,
      );
    // the sample has two pairs of codes on the same words (counted by hand: going-without with
    // protecting-children twice in s04 and s12, advice-support with space-of-own once in s06)
    assert.strictEqual(overlapping('going-without', 'protecting-children'), 2);
    assert.strictEqual(overlapping('advice-support', 'space-of-own'), 1);
    assert.ok(text.includes(`${all.length} codings counted, by every coder`), text);

    // Codes by participant attribute: the codings of each code in the transcripts of the participants
    // of each region.
    await panel.select('#matrix', 'Codes by participant attribute');
    await panel.waitForText('Attribute');
    await panel.select('#attribute', 'region');
    const byRegion = tableFromText(await panel.waitForText('with each value of "region"'));
    const regions = ['north', 'midlands', 'south', 'wales']; // qda/project.yaml declares them in this order
    assert.deepStrictEqual(byRegion.columns, regions);
    const inRegion = (code: string, region: string) =>
      participants.reduce((n, p, i) => n + (p.region === region ? codings[i].filter((c) => c.code === code).length : 0), 0);
    for (const [row, values] of byRegion.rows)
      assert.deepStrictEqual(
        values,
        regions.map((r) => inRegion(id.get(row)!, r)),
        `the row of ${row}`,
      );
    // a cell lists its passages: as many as it counts
    const north = inRegion('budgeting', 'north');
    assert.ok(north >= 2, 'the sample codes budgeting twice in s01 (north)');
    await panel.click({ selector: 'td.cell[data-row="budgeting"][data-column="north"]' });
    const title = await panel.waitForText(`: ${north} passages`, { selector: '#detailsTitle' });
    assert.strictEqual(title, `${names.get('budgeting')}, region = north: ${north} passages`);
  });
});
