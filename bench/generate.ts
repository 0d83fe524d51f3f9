/**
 * A seeded generator of realistic project corpora in format v1, written only
 * through the core serializers so that the benchmark reads what the tool writes.
 *
 *   node out/bench/generate.js DIR [--size small|large] [--seed N] [--scale N]
 *
 * The same size and seed always give byte-identical files. `.bench-corpus.json`
 * marks a folder as generated; it says `complete: true` only once the last file
 * is written, so a runner can tell a usable corpus from an interrupted one.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { captureAnchor } from '../src/core/anchor';
import {
  serializeCodebook,
  serializeCodings,
  serializeMemo,
  serializeParticipants,
  serializeProjectConfig,
  slugify,
} from '../src/core/project/format';
import { QDA_GITIGNORE } from '../src/core/project/init';
import type { Code, Coding, Memo, MemoKind, MemoLink, Participant } from '../src/core/model';
import { CodePointIndex, codePointLength } from '../src/core/text';
import { seededRandom } from '../src/core/random';

export type CorpusSize = 'small' | 'large';

/** Bump when the output changes, so that corpora kept from an older generator are rebuilt. */
export const GENERATOR_VERSION = 1;
export const MANIFEST = '.bench-corpus.json';

interface Shape {
  transcripts: number;
  words: number;
  codes: number;
  codings: number;
  memos: number;
}
const SHAPES: Record<CorpusSize, Shape> = {
  small: { transcripts: 8, words: 4000, codes: 60, codings: 800, memos: 16 },
  large: { transcripts: 100, words: 27000, codes: 300, codings: 20000, memos: 200 },
};

export interface CorpusManifest extends Shape {
  generator: number;
  complete: true;
  size: CorpusSize;
  seed: number;
  /** How many times the size's shape (transcripts, codings, memos); absent in manifests written before scales (1). */
  scale?: number;
  totalWords: number;
  sources: string[];
}

const COMMON = `the i and to a you it that of was in my we but so they know just like for have is on not be with it's me
he she all what there do at this had if then when about one because out get can no our up them going think would got really
were time money work go don't i'm that's been more some or just his her your by from week now well as could did yeah said
people day back want mean things how much only kids still never say even over pay home after an month first right always
who see thing other need before make too two every sort last new little years any way long again take lot come where down`.split(/\s+/);
const TOPICAL =
  `rent council benefits debt worry worried food bank voucher job family school bills electric heating landlord housing security
budget savings loan credit card wages shift hours payday friends church community shop cheap meals energy meter gas water phone stress
anxious proud coping struggle manage help support neighbour sister mum dad partner childcare bus travel car fuel damp repairs queue
forms assessment tribunal sanction overdraft arrears allotment garden dignity shame pride hope future plans sick doctor carer`.split(/\s+/);
const MID =
  `house place money's paid card cash tin bag coat shoes winter summer christmas birthday holiday weekend morning night evening today tomorrow yesterday
sometimes usually often enough less most nothing something everything anything nobody somebody everyone told asked felt thought made went came gave
kept left found used tried started stopped looked called rang sent wrote waited hard easy worse better best worst good bad big small short fine okay
honest proper real whole different same own next few reason problem point chance choice answer question letter form office centre list plan idea story
life world house street town city area road door window room kitchen bed table chair fridge cooker washing machine clothes uniform shoes tea dinner
lunch breakfast bread milk eggs pasta rice beans tins fruit meat nappies formula medicine tablets appointment letter email mother father brother
daughter son husband wife boyfriend girlfriend nan grandad auntie cousin mate boss manager worker staff pound pounds fiver tenner hundred thousand
quid penny pennies price prices cost costs bill amount extra left over short`.split(/\s+/);
const PHRASES = [
  'you know',
  'I mean',
  'sort of',
  'at the end of the month',
  'the food bank',
  'universal credit',
  'money day',
  'the council',
  'to be honest',
  'every single week',
];
const NAMES = ['Zoë', 'Łukasz', 'Nguyễn', 'Siân', 'José', 'Chloé', 'Anaïs', 'Øyvind', 'Małgorzata', 'Dvořák', 'Ngọc'];
const EMOJI = ['😊', '🙂', '😂', '👍', '🙏'];
const ANNOTATIONS = ['(laughs)', '[inaudible]', '(pause)', '[crosstalk]', '(sighs)', '[phone rings]'];
const THEMES = [
  'Getting by',
  'Housing',
  'Work and wages',
  'Debt',
  'Benefits system',
  'Family',
  'Food',
  'Health',
  'Community',
  'Stigma and shame',
  'Coping strategies',
  'Future and hope',
  'Transport',
  'Energy and heating',
  'Children',
  'Education',
  'Faith',
  'Friendship',
  'Advice and support',
  'Digital access',
  'Time and waiting',
  'Pride and dignity',
  'Having a say',
  'Caring',
  'Covid legacy',
];
const ASPECTS = [
  'worry',
  'practical tips',
  'turning points',
  'others\u2019 views',
  'cost',
  'relief',
  'anger',
  'routines',
  'trade-offs',
  'rules',
  'luck',
  'mistakes',
  'changes over time',
  'paperwork',
  'waiting',
  'good days',
  'bad days',
  'secrets',
  'asking for help',
  'saying no',
  'small wins',
];
const REGIONS = ['north', 'midlands', 'south', 'wales'];
const AGE_BANDS = ['18-29', '30-49', '50-64', '65+'];
const HOUSING = ['renting', 'social housing', 'owner', 'temporary'];
const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const MEMO_KINDS: MemoKind[] = ['reflexive', 'analytic', 'methodological', 'theoretical'];

/** A participant turn: where each of its sentences is, in code points (codings land on whole sentences). */
interface Turn {
  sentences: [number, number][];
}
interface Source {
  path: string;
  pid: string;
  text: string;
  index: CodePointIndex;
  turns: Turn[];
  words: number;
}

class Gen {
  readonly random: () => number;
  private readonly vocab: string[];
  private readonly cdf: number[] = [];
  private readonly ids = new Set<string>();

  constructor(seed: number) {
    this.random = seededRandom(seed);
    const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'te', 'vo', 'bri', 'dan', 'fel', 'gor', 'hum', 'pel', 'str', 'wen', 'ish', 'ly'];
    const rare: string[] = [];
    for (let i = 0; i < 6000; i++)
      rare.push(this.pick(syllables) + this.pick(syllables) + (this.random() < 0.5 ? this.pick(syllables) : ''));
    // Zipf (s ~ 1): the few common words carry most of the text, as in speech; the long tail keeps an index honest.
    this.vocab = [...COMMON.slice(0, 40), ...TOPICAL.slice(0, 20), ...COMMON.slice(40), ...TOPICAL.slice(20), ...MID, ...rare];
    let sum = 0;
    for (let r = 1; r <= this.vocab.length; r++) this.cdf.push((sum += 1 / Math.pow(r, 1.12)));
  }

  pick = <T>(xs: readonly T[]): T => xs[Math.floor(this.random() * xs.length)];
  int = (lo: number, hi: number): number => lo + Math.floor(this.random() * (hi - lo + 1));

  word(): string {
    const x = this.random() * this.cdf[this.cdf.length - 1];
    let [lo, hi] = [0, this.cdf.length - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      [lo, hi] = this.cdf[mid] < x ? [mid + 1, hi] : [lo, mid];
    }
    return this.vocab[lo];
  }

  /** A spoken sentence of about `n` words; returns its text and the words it holds. */
  sentence(n: number, question = false): [string, number] {
    const ws: string[] = [];
    let words = 0;
    while (words < n) {
      const r = this.random();
      let w: string;
      if (r < 0.02) w = this.pick(PHRASES);
      else if (r < 0.024) w = this.pick(NAMES);
      else {
        w = this.word();
        // Zipf alone stutters ("the the"); speakers rarely do.
        if (w === ws[ws.length - 1]) w = this.word();
      }
      if (ws.length > 2 && r > 0.96) w += ',';
      ws.push(w);
      words += w.split(' ').length;
    }
    if (this.random() < 0.01) ws.push(this.pick(EMOJI));
    let s = ws.join(' ').replace(/,$/, '');
    s = s[0].toUpperCase() + s.slice(1);
    // Transcribers type curly apostrophes about as often as straight ones: both must anchor.
    s = s.replace(/\bi\b/g, 'I').replace(/\bI'm\b/g, () => (this.random() < 0.5 ? 'I\u2019m' : "I'm"));
    const end = question ? '?' : this.random() < 0.05 ? '\u2026' : this.random() < 0.04 ? '!' : '.';
    return [s + end, words];
  }

  /** A random id like the tool mints, unique within the corpus. */
  id(prefix = ''): string {
    for (;;) {
      let s = prefix;
      for (let i = 0; i < 8; i++) s += ID_ALPHABET[Math.floor(this.random() * 32)];
      if (!this.ids.has(s)) return (this.ids.add(s), s);
    }
  }

  /** An ISO timestamp on a day of 2026 (1-based day of year), at office hours. */
  at(day: number): string {
    const d = new Date(Date.UTC(2026, 0, 1) + (day - 1) * 86400000 + (9 + this.int(0, 8)) * 3600000 + this.int(0, 59) * 60000);
    return d.toISOString().replace('.000Z', 'Z');
  }
}

const pad3 = (n: number) => String(n).padStart(3, '0');
const clock = (s: number) => [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((x) => String(x).padStart(2, '0')).join(':');
const isoDay = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString().slice(0, 10);

function transcript(g: Gen, pid: string, path: string, targetWords: number, interviewDay: number): Source {
  const parts: string[] = [];
  let cp = 0;
  const put = (s: string) => {
    parts.push(s);
    cp += codePointLength(s);
  };
  // Some transcripts carry front matter, as exported from transcription tools; offsets still count from byte 0.
  if (g.random() < 0.3) put(`---\ntitle: Interview ${pid.toUpperCase()}\nparticipant: ${pid}\ndate: ${isoDay(interviewDay)}\n---\n`);
  const label = pid.toUpperCase();
  const turns: Turn[] = [];
  let [words, seconds] = [0, g.int(1, 9)];
  while (words < targetWords) {
    const [q, qw] = g.sentence(g.int(6, 22), true);
    put(`[${clock(seconds)}] Interviewer: ${q}\n\n`);
    seconds += Math.round(qw / 2.5) + g.int(1, 4);
    words += qw;
    put(`[${clock(seconds)}] ${label}: `);
    const turn: Turn = { sentences: [] };
    for (let k = 0, count = g.int(1, 9); k < count; k++) {
      if (k > 0) put(g.random() < 0.06 ? ` ${g.pick(ANNOTATIONS)} ` : ' ');
      const [s, sw] = g.sentence(g.int(4, 24));
      const start = cp;
      put(s);
      turn.sentences.push([start, cp]);
      words += sw;
      seconds += Math.round(sw / 2.6);
    }
    put('\n\n');
    seconds += g.int(1, 5);
    turns.push(turn);
  }
  const text = parts.join('');
  return { path, pid, text, index: new CodePointIndex(text), turns, words };
}

/** 25 themes at most, each with children; some children have children of their own. */
function codebook(g: Gen, count: number): Code[] {
  const [codes, used] = [[] as Code[], new Set<string>()];
  const add = (name: string, parent: string | undefined, base: string): Code => {
    let id = base.slice(0, 48).replace(/-+$/, '');
    for (let k = 2; used.has(id); k++) id = `${base.slice(0, 44)}-${k}`;
    used.add(id);
    const [definition] = g.sentence(g.int(10, 30));
    const code: Code = { id, name, ...(parent ? { parent } : {}), definition, status: 'active', created: g.at(g.int(30, 60)) };
    if (!parent)
      code.color = `#${Math.floor(g.random() * 0xffffff)
        .toString(16)
        .padStart(6, '0')}`;
    if (g.random() < 0.3) code.include = g.sentence(g.int(6, 16))[0];
    if (g.random() < 0.2) code.exclude = g.sentence(g.int(6, 16))[0];
    if (g.random() < 0.1) code.revised = [{ at: g.at(g.int(90, 200)), by: g.pick(['mf', 'aa']), note: g.sentence(g.int(6, 14))[0] }];
    codes.push(code);
    return code;
  };
  const themes = THEMES.slice(0, Math.max(4, Math.min(THEMES.length, Math.round(count / 12)))).map((t) => add(t, undefined, slugify(t)));
  const children: Code[] = [];
  while (codes.length < count) {
    const grand = children.length > themes.length * 4 && g.random() < 0.3;
    const parent = grand ? g.pick(children) : g.pick(themes);
    const aspect = g.pick(ASPECTS);
    const name = grand ? `${parent.name}: ${g.pick(TOPICAL)}` : `${parent.name}: ${aspect}`;
    const code = add(name, parent.id, `${parent.id}-${slugify(grand ? name.split(': ').pop()! : aspect)}`);
    if (!grand) children.push(code);
  }
  // A living codebook has a few merged and retired codes; leaves only, so that no active code hangs under them.
  const parents = new Set(codes.map((c) => c.parent));
  const leaves = codes.filter((c) => c.parent && !parents.has(c.id));
  for (let k = 0; k < Math.max(1, Math.round(count / 60)); k++) {
    const c = g.pick(leaves);
    if (c.status !== 'active') continue;
    const into = codes.find((o) => o.parent === c.parent && o.id !== c.id && o.status === 'active');
    if (into && k % 2 === 0) Object.assign(c, { status: 'merged', mergedInto: into.id });
    else c.status = 'retired';
  }
  return codes;
}

/** Splits `total` over `weights` in whole numbers that add up exactly. */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.floor((total * w) / sum));
  let left = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % out.length, left--) out[i]++;
  return out;
}

function codings(g: Gen, src: Source, count: number, active: Code[], day: number): Coding[] {
  const out: Coding[] = [];
  // Zipf over codes: a few codes are everywhere, most are rare, as in real codebooks.
  const code = () => active[Math.min(active.length - 1, Math.floor(Math.pow(g.random(), 2.2) * active.length))].id;
  const make = (start: number, end: number, coder: string): Coding => {
    const a = captureAnchor(src.index, start, end);
    const c: Coding = { id: g.id(), code: code(), ...a, coder, at: g.at(day + g.int(1, 60)) };
    if (g.random() < 0.04) c.note = g.sentence(g.int(4, 12))[0];
    return c;
  };
  while (out.length < count) {
    const r = g.random();
    if (out.length > 0 && r < 0.25) {
      // The second coder on a passage the first one coded: same span or a neighbouring one, same or other code.
      const o = g.pick(out);
      const c = make(o.start, o.end, o.coder === 'mf' ? 'aa' : 'mf');
      if (g.random() < 0.5) c.code = o.code;
      out.push(c);
    } else if (out.length > 0 && r < 0.35) {
      // A finer code nested inside an earlier passage.
      const o = g.pick(out);
      const len = o.end - o.start;
      if (len < 12) continue;
      const s = o.start + g.int(0, Math.floor(len / 3));
      out.push(make(s, Math.max(s + 1, o.end - g.int(0, Math.floor(len / 3))), o.coder ?? 'mf'));
    } else {
      const t = g.pick(src.turns);
      const i = g.int(0, t.sentences.length - 1);
      const j = Math.min(t.sentences.length - 1, i + (g.random() < 0.6 ? 0 : g.int(1, 3)));
      out.push(make(t.sentences[i][0], t.sentences[j][1], g.random() < 0.6 ? 'mf' : 'aa'));
    }
  }
  return out;
}

function memo(g: Gen, n: number, total: number, codes: Code[], sources: Source[], files: Set<string>): Memo {
  const day = 40 + Math.floor((n * 220) / total) + g.int(0, 3);
  const title = g.sentence(g.int(3, 7))[0].replace(/[.?!\u2026]$/, '');
  let file = `qda/memos/${isoDay(day)}-${slugify(title)}.md`;
  for (let k = 2; files.has(file); k++) file = `qda/memos/${isoDay(day)}-${slugify(title)}-${k}.md`;
  files.add(file);
  const links: MemoLink[] = [];
  for (let k = g.int(0, 3); k > 0; k--) links.push({ code: g.pick(codes).id });
  for (let k = g.int(0, 2); k > 0; k--) {
    const src = g.pick(sources);
    if (g.random() < 0.5) links.push({ source: src.path });
    else {
      const t = g.pick(src.turns);
      const [s, e] = g.pick(t.sentences);
      links.push({ source: src.path, ...captureAnchor(src.index, s, e) });
    }
  }
  const paras: string[] = [`# ${title}`];
  for (let p = g.int(1, 5); p > 0; p--) {
    const ss: string[] = [];
    for (let k = g.int(2, 7); k > 0; k--) ss.push(g.sentence(g.int(6, 22))[0]);
    paras.push(g.random() < 0.15 ? ss.map((s) => `- ${s}`).join('\n') : ss.join(' '));
  }
  const meta = {
    id: g.id('m-'),
    created: g.at(day),
    author: g.random() < 0.6 ? 'mf' : 'aa',
    kind: g.pick(MEMO_KINDS),
    ...(links.length ? { links } : {}),
  };
  return { path: file, meta, body: paras.join('\n\n') + '\n' };
}

async function put(dir: string, rel: string, text: string): Promise<void> {
  const file = path.join(dir, rel);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
}

/** The manifest of a complete corpus in `dir`; undefined for anything else, an interrupted one included. */
export async function readManifest(dir: string): Promise<CorpusManifest | undefined> {
  const text = await fs.readFile(path.join(dir, MANIFEST), 'utf8').catch(() => '');
  try {
    const m = JSON.parse(text) as CorpusManifest;
    return m.complete === true ? m : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The shape of a size at a scale: `scale` times the transcripts, codings and memos (a study with more
 * interviews, coded as densely, by a team writing as much per transcript), the same codebook.
 */
export function shapeOf(size: CorpusSize, scale = 1): Shape {
  const s = SHAPES[size];
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`scale must be a whole number from 1, not ${scale}`);
  return { ...s, transcripts: s.transcripts * scale, codings: s.codings * scale, memos: s.memos * scale };
}

/** The folder name of a corpus: `corpus-large-1`, and `corpus-large-x10-1` at ten times that. */
export function corpusName(size: CorpusSize, seed: number, scale = 1): string {
  return `corpus-${size}${scale === 1 ? '' : `-x${scale}`}-${seed}`;
}

/** Writes a corpus into `dir`: an empty or missing folder, or one this generator made before (it is replaced). */
export async function generateCorpus(dir: string, opts: { size: CorpusSize; seed: number; scale?: number }): Promise<CorpusManifest> {
  const scale = opts.scale ?? 1;
  const shape = shapeOf(opts.size, scale);
  const existing = await fs.readdir(dir).catch(() => [] as string[]);
  // Only an empty folder or one marked as ours is written to: the target could be a typo for a real project.
  if (existing.length && !existing.includes(MANIFEST))
    throw new Error(`${dir} is not empty and is not a generated corpus; refusing to write into it`);
  await fs.mkdir(dir, { recursive: true });
  // Marked first, completed last: an interrupted run leaves a folder that is ours but not complete.
  await fs.writeFile(path.join(dir, MANIFEST), JSON.stringify({ generator: GENERATOR_VERSION, complete: false }) + '\n');
  for (const f of ['qda', 'transcripts']) await fs.rm(path.join(dir, f), { recursive: true, force: true });

  const g = new Gen(opts.seed);
  const codes = codebook(g, shape.codes);
  const active = codes.filter((c) => c.status === 'active');
  const participants: Participant[] = [];
  const sources: Source[] = [];
  for (let s = 1; s <= shape.transcripts; s++) {
    const pid = `p${pad3(s)}`;
    const wave = s <= Math.ceil(shape.transcripts / 2) ? 1 : 2;
    const src = `transcripts/wave-${wave}/${pid}.transcript`;
    const day = 60 + Math.floor((s * 180) / shape.transcripts);
    const t = transcript(g, pid, src, Math.round(shape.words * (0.85 + 0.3 * g.random())), day);
    sources.push(t);
    await put(dir, src, t.text);
    participants.push({
      id: pid,
      sources: [src],
      interviewed: isoDay(day),
      attributes: {
        'age band': g.pick(AGE_BANDS),
        region: REGIONS[Math.min(3, Math.floor(Math.pow(g.random(), 1.3) * 4))],
        housing: g.pick(HOUSING),
      },
    });
  }
  const perSource = apportion(
    shape.codings,
    sources.map((s) => s.words * (0.6 + 0.8 * g.random())),
  );
  for (const [k, src] of sources.entries()) {
    const list = codings(g, src, perSource[k], active, 60 + k);
    await put(dir, `qda/codings/${src.path}.yaml`, serializeCodings({ source: src.path, codings: list }));
  }
  for (let n = 0, files = new Set<string>(); n < shape.memos; n++) {
    const m = memo(g, n, shape.memos, codes, sources, files);
    await put(dir, m.path, serializeMemo(m));
  }
  await put(dir, 'qda/codebook.yaml', serializeCodebook({ codes }));
  await put(
    dir,
    'qda/participants.yaml',
    serializeParticipants({
      attributes: { 'age band': AGE_BANDS, region: REGIONS, housing: HOUSING },
      participants,
      target: {
        region: { north: 0.3, midlands: 0.25, south: 0.35, wales: 0.1 },
        'age band': { '18-29': 0.2, '30-49': 0.35, '50-64': 0.3, '65+': 0.15 },
      },
    }),
  );
  await put(dir, 'qda/.gitignore', QDA_GITIGNORE);
  await put(
    dir,
    'qda/project.yaml',
    serializeProjectConfig({
      format: 1,
      title: `Benchmark study (${opts.size}${scale === 1 ? '' : ` x${scale}`}, seed ${opts.seed})`,
      sources: ['transcripts/**/*.transcript'],
      saturation: { order: [], baseSize: 4, runLength: 2, threshold: 0.05 },
    }),
  );
  // Keeps a corpus generated inside the repository (bench/.corpus-*) out of git without touching the repo's .gitignore.
  await put(dir, '.gitignore', '*\n');
  const manifest: CorpusManifest = {
    generator: GENERATOR_VERSION,
    complete: true,
    size: opts.size,
    seed: opts.seed,
    ...(scale === 1 ? {} : { scale }),
    ...shape,
    totalWords: sources.reduce((n, s) => n + s.words, 0),
    sources: sources.map((s) => s.path),
  };
  await put(dir, MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const flag = (name: string) => (args.includes(name) ? args.splice(args.indexOf(name), 2)[1] : undefined);
  const size = (flag('--size') ?? 'small') as CorpusSize;
  const seed = Number(flag('--seed') ?? 1);
  const scale = Number(flag('--scale') ?? 1);
  if (args.length !== 1 || !(size in SHAPES) || !Number.isInteger(seed) || !Number.isInteger(scale) || scale < 1) {
    console.error('usage: node out/bench/generate.js DIR [--size small|large] [--seed N] [--scale N]');
    process.exit(2);
  }
  const t0 = performance.now();
  generateCorpus(path.resolve(args[0]), { size, seed, scale }).then(
    (m) =>
      console.log(
        `${args[0]}: ${m.transcripts} transcripts, ${m.totalWords} words, ${m.codes} codes, ${m.codings} codings, ${m.memos} memos in ${Math.round(performance.now() - t0)} ms`,
      ),
    (e) => ((process.exitCode = 1), console.error(e instanceof Error ? e.message : e)),
  );
}
