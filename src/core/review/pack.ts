/**
 * The participant review pack: ONE self-contained HTML file that participants
 * open from their own device (file://, desktop or phone) or print. It shows the
 * codes with their definitions and a few pseudonymised quotes, asks for each
 * whether it fits their experience, and gives back a small response file.
 * It makes no request of any kind (strict CSP, no fonts, no images but data:).
 */
import { codebookData, type CodeNode } from '../codes';
import { escapeHtml, jsonForScript, renderMarkdown, standalonePage, type Pseudonymiser } from '../output';
import { shortHash } from '../hash';
import { type Project, ProjectError } from '../project';
import { chooseExamples, type Example } from './examples';
import { PACK_SCRIPT, PACK_STYLE } from './packAssets';
import {
  codebookVersion,
  diffCodebooks,
  listRounds,
  nextRoundId,
  ROUND_ID,
  roundPaths,
  snapshotCodebook,
  type CodeChange,
  type RoundRecord,
} from './rounds';

export const INTRO_FILE = 'qda/review-intro.md';

/** The introduction a project starts with; the researcher edits qda/review-intro.md. */
export const DEFAULT_INTRO = `# Thank you for looking at our codes

We have been reading the interviews, including yours, and giving names to the
things people talked about. We call these names **codes**. Below is each code,
what we mean by it, and a few short quotes from the interviews. Names and other
details in the quotes have been changed.

You know these experiences better than we do. For each code, please tell us:

- whether it **fits your experience**, fits it **partly**, or **does not fit**;
- anything you would like to say about it;
- a better name, if you can think of one.

Answer as many or as few as you like. Your answers are kept in this browser as
you go, so you can stop and come back later on the same device.

When you have finished, press **Save my responses** and send us the file it
saves, or press **Copy my responses as text** and paste them into an email.

Round: {{round}}. Questions? Ask the research team who sent you this page.
`;

export interface PackOptions {
  /** Round id; "round-N" (the next free N) when absent. */
  round?: string;
  /** Example quotes per code (default 3). */
  examples?: number;
  pseudonymiser: Pseudonymiser;
  /** Whether the pseudonymiser is the real one (recorded in round.json). */
  pseudonymised: boolean;
  /** A random nonce for the page's one script. */
  nonce?: string;
}

export interface PreparedPack {
  round: string;
  html: string;
  record: RoundRecord;
  changes: CodeChange[];
  previous?: RoundRecord;
  /** Files written (workspace-relative), when written. */
  written: string[];
}

/**
 * Prepares a review round: creates qda/review-intro.md when missing, then
 * writes qda/reviews/<round>/pack.html and round.json. A round that already
 * has responses is never overwritten.
 */
export async function prepareReview(project: Project, opts: PackOptions): Promise<PreparedPack> {
  const written: string[] = [];
  let intro = (await project.store.readText(INTRO_FILE))?.text;
  if (intro === undefined) {
    intro = DEFAULT_INTRO;
    await project.writeFile(INTRO_FILE, DEFAULT_INTRO);
    written.push(INTRO_FILE);
  }
  const pack = await buildReviewPack(project, { ...opts, intro });
  const paths = roundPaths(pack.round);
  const responses = await project.ports.files.list(paths.responses);
  if (responses.some((p) => p.endsWith('.json'))) {
    throw new ProjectError(
      `round "${pack.round}" already has responses in ${paths.responses}: prepare a new round instead of changing what participants answered`,
    );
  }
  await project.writeFile(paths.record, JSON.stringify(pack.record, null, 2) + '\n');
  await project.writeFile(paths.pack, pack.html);
  return { ...pack, written: [...written, paths.record, paths.pack] };
}

/** The pack and its round record, without writing anything. */
export async function buildReviewPack(project: Project, opts: PackOptions & { intro: string }): Promise<Omit<PreparedPack, 'written'>> {
  const { rounds } = await listRounds(project);
  const round = opts.round ?? nextRoundId(rounds);
  if (!ROUND_ID.test(round))
    throw new ProjectError(`"${round}" cannot name a round: use lower-case letters, digits and "-" (for example round-2)`);
  const data = codebookData(project);
  if (!data.nodes.length) throw new ProjectError('the codebook has no active codes to review');
  const snapshot = snapshotCodebook(project.codebook);
  const previous = [...rounds].reverse().find((r) => r.round !== round);
  const changes = previous ? diffCodebooks(previous.codes, snapshot) : [];
  const now = project.ports.clock
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const record: RoundRecord = {
    format: 1,
    round,
    created: now,
    ...(project.config.title ? { title: project.config.title } : {}),
    codebookVersion: codebookVersion(snapshot),
    examples: opts.examples ?? 3,
    pseudonymised: opts.pseudonymised,
    ...(previous ? { previousRound: previous.round } : {}),
    codes: snapshot,
  };
  const examples = chooseExamples(project, record.examples ?? 3);
  const nonce = opts.nonce ?? `${project.ports.ids.newId()}${project.ports.ids.newId()}`.replace(/[^A-Za-z0-9]/g, '');
  const html = packHtml({
    title: data.title,
    record,
    nodes: data.roots,
    examples,
    changes,
    previous,
    intro: opts.intro,
    quote: (s) => opts.pseudonymiser.apply(s),
    nonce,
  });
  return { round, html, record, changes, ...(previous ? { previous } : {}) };
}

interface PackParts {
  title: string;
  record: RoundRecord;
  nodes: CodeNode[];
  examples: Map<string, Example[]>;
  changes: CodeChange[];
  previous?: RoundRecord;
  intro: string;
  quote: (s: string) => string;
  nonce: string;
}

const CHANGE_TEXT: Record<CodeChange['kind'], (c: CodeChange) => string> = {
  added: (c) => `New: <strong>${escapeHtml(c.name)}</strong>`,
  renamed: (c) => `Renamed: <strong>${escapeHtml(c.from ?? '')}</strong> is now <strong>${escapeHtml(c.name)}</strong>`,
  redefined: (c) => `New wording of what we mean by <strong>${escapeHtml(c.name)}</strong>`,
  moved: (c) =>
    `Moved: <strong>${escapeHtml(c.name)}</strong> is now under ${escapeHtml(c.to ?? '')} (was under ${escapeHtml(c.from ?? '')})`,
  merged: (c) => `Joined: <strong>${escapeHtml(c.name)}</strong> is now part of <strong>${escapeHtml(c.to ?? '')}</strong>`,
  retired: (c) => `Dropped: <strong>${escapeHtml(c.name)}</strong>`,
};

function codeSection(n: CodeNode, p: PackParts): string {
  const c = n.code;
  const id = escapeHtml(c.id);
  const h = Math.min(n.depth + 3, 6);
  const quotes = p.examples.get(c.id) ?? [];
  const shown = quotes.length ? quotes.map((q) => p.quote(q.text)) : c.example ? [p.quote(c.example)] : [];
  const name = escapeHtml(c.name);
  return `<section class="code" data-code="${id}" data-name="${name}" aria-labelledby="h-${id}">
<h${h} id="h-${id}">${name}</h${h}>
${n.depth > 0 ? `<p class="path">Part of: ${escapeHtml(n.path.slice(0, -1).join(' / '))}</p>\n` : ''}${c.definition ? `<p class="definition">${escapeHtml(c.definition)}</p>\n` : '<p class="hint">(No description yet.)</p>\n'}${shown.length ? `<p class="hint">In people's own words:</p>\n${shown.map((q) => `<blockquote>${escapeHtml(q)}</blockquote>`).join('\n')}\n` : ''}<fieldset class="choices">
<legend>Does “${name}” fit your experience?</legend>
<label><input type="radio" name="fit-${id}" value="fits"> Fits my experience</label>
<label><input type="radio" name="fit-${id}" value="partly"> Partly fits</label>
<label><input type="radio" name="fit-${id}" value="notFit"> Does not fit</label>
</fieldset>
<label class="field" for="comment-${id}">Your comment on “${name}” (optional)</label>
<textarea id="comment-${id}" data-field="comment" rows="3"></textarea>
<label class="field" for="name-${id}">A better name for it (optional)</label>
<input type="text" id="name-${id}" data-field="betterName" autocomplete="off">
${n.children.map((k) => codeSection(k, p)).join('\n')}
</section>`;
}

// The default introduction's promise, wherever its line breaks fall.
const NAMES_CHANGED = /Names\s+and\s+other\s+details\s+in\s+the\s+quotes\s+have\s+been\s+changed\.[ \t]*\n?/g;

/** The introduction without the default promise that names were changed, when they were not. */
function honestIntro(intro: string, pseudonymised: boolean): string {
  return pseudonymised ? intro : intro.replace(NAMES_CHANGED, '');
}

/** The pack's HTML: everything inline, one nonce'd script, user text escaped everywhere. */
export function packHtml(p: PackParts): string {
  const r = p.record;
  const intro = honestIntro(p.intro, r.pseudonymised !== false).replace(/\{\{\s*(round|title|codes)\s*\}\}/g, (_m, k: string) =>
    k === 'round' ? r.round : k === 'title' ? p.title : String(r.codes.filter((c) => c.status === 'active').length),
  );
  const meta = {
    round: r.round,
    codebookVersion: r.codebookVersion,
    storageKey: `reflexive-qda-review:${shortHash(p.title, 8)}:${r.round}`,
  };
  const changes = p.previous
    ? `<section class="changes" aria-labelledby="changes-h"><h2 id="changes-h">What has changed since ${escapeHtml(p.previous.round)}</h2>
${p.changes.length ? `<p>Thank you to everyone who answered last time. This is what we changed since then:</p><ul>${p.changes.map((c) => `<li>${CHANGE_TEXT[c.kind](c)}</li>`).join('')}</ul>` : '<p>We did not change the codes since then.</p>'}
</section>`
    : '';
  return standalonePage({
    title: `${p.title}: do these codes fit your experience?`,
    heading: p.title,
    style: PACK_STYLE,
    head: [
      '<meta name="referrer" content="no-referrer">',
      `<meta name="qda-round" content="${escapeHtml(r.round)}">`,
      `<meta name="qda-codebook-version" content="${escapeHtml(r.codebookVersion)}">`,
    ].join('\n'),
    body: `<p class="meta">Review ${escapeHtml(r.round)}, codebook version ${escapeHtml(r.codebookVersion)}, prepared ${escapeHtml(r.created.slice(0, 10))}.</p>
<section class="intro" aria-label="Introduction">
${renderMarkdown(intro, { headingOffset: 1, links: false })}
</section>
${r.pseudonymised === false ? '<p class="notice">The quotes below are as people said them: names and other details have not been changed.</p>\n' : ''}
<p class="print-only">If you are answering on paper: tick one box for each code you want to answer, write in the spaces, and give the pages back to the research team.</p>
${changes}
<form id="review" novalidate>
<fieldset>
<legend>About you</legend>
<label class="field" for="respondent">Your name, or a pseudonym you would like us to use</label>
<input type="text" id="respondent" autocomplete="off">
</fieldset>
<h2>The codes</h2>
${p.nodes.map((n) => codeSection(n, p)).join('\n')}
<h2>Anything else?</h2>
<label class="field" for="general">General comments about the codes, or anything we missed (optional)</label>
<textarea id="general" rows="5"></textarea>
<div class="actions">
<h2>Sending your answers</h2>
<button type="button" id="save">Save my responses</button>
<button type="button" id="copy" class="secondary">Copy my responses as text</button>
<p><a id="download" hidden></a></p>
</div>
<p id="status" role="status" aria-live="polite"></p>
<div id="copy-area" hidden>
<label class="field" for="copy-text">Your responses as text</label>
<textarea id="copy-text" rows="10" readonly></textarea>
</div>
</form>`,
    scripts: {
      nonce: p.nonce,
      elements: [
        `<script type="application/json" id="pack-meta" nonce="${p.nonce}">${jsonForScript(meta)}</script>`,
        `<script nonce="${p.nonce}">${PACK_SCRIPT}</script>`,
      ],
    },
  });
}
