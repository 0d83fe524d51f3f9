import * as vscode from 'vscode';
import { escapeMarkdownCell } from '../core/output';
import {
  DEFAULT_INTERVIEWER_LABELS,
  formatImportProblem,
  importTranscript,
  transcriptFileName,
  parseTimestamp,
  parseTranscript,
  speakerRole,
  timestampAtOrBefore,
  wordsPerSpeaker,
  type Span,
  type TranscriptKind,
  type TranscriptStructure,
  type Turn,
} from '../core/transcripts';
import { encodeUtf8 } from '../core/text';
import { registerCommand } from './commands';
import { Commands, Languages, Settings } from './ids';

/** Semantic token types, declared in package.json with TextMate fallbacks so every theme colours them. */
export const SEMANTIC_TOKEN_TYPES = ['interviewer', 'participant', 'interviewerSpeech'] as const;

/**
 * The editor side of transcripts (languages `transcript`, `webvtt`, `srt`): outline
 * and breadcrumbs by section and speaker turn, folding by turn, words per speaker
 * in a hover on the header, interviewer and participant labels told apart by
 * semantic tokens (labels from the setting, which a grammar cannot read), and the
 * commands Go to Timestamp and Import Transcript. Everything is owned by `context`.
 */
export function registerTranscriptLanguage(context: vscode.ExtensionContext, log?: vscode.LogOutputChannel): void {
  const channel = log ?? vscode.window.createOutputChannel('Reflexive QDA: Transcripts', { log: true });
  if (!log) context.subscriptions.push(channel);
  const cache = new StructureCache();
  const tokens = new RoleTokens(cache);
  const selector = Object.values(Languages).map((language) => ({ language }));
  context.subscriptions.push(
    cache,
    tokens,
    vscode.languages.registerDocumentSymbolProvider(
      selector,
      { provideDocumentSymbols: (doc) => symbols(doc, cache.get(doc)) },
      { label: 'Transcript' },
    ),
    vscode.languages.registerFoldingRangeProvider(selector, { provideFoldingRanges: (doc) => foldingRanges(doc, cache.get(doc)) }),
    vscode.languages.registerHoverProvider(selector, { provideHover: (doc, position) => headerHover(doc, cache.get(doc), position) }),
    vscode.languages.registerDocumentSemanticTokensProvider(selector, tokens, tokens.legend),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(Settings.interviewerLabels)) tokens.refresh();
    }),
  );
  registerCommand(context, channel, Commands.goToTimestamp, (time?: unknown) => goToTimestamp(cache, time));
  registerCommand(context, channel, Commands.importTranscript, (uri?: unknown) =>
    importCommand(channel, uri instanceof vscode.Uri ? uri : undefined),
  );
}

/** One parse per document version; forgotten when the document closes. */
class StructureCache implements vscode.Disposable {
  private readonly entries = new Map<string, { version: number; structure: TranscriptStructure }>();
  private readonly onClose = vscode.workspace.onDidCloseTextDocument((doc) => this.entries.delete(doc.uri.toString()));

  get(doc: vscode.TextDocument): TranscriptStructure {
    const key = doc.uri.toString();
    const hit = this.entries.get(key);
    if (hit && hit.version === doc.version) return hit.structure;
    const kind: TranscriptKind = doc.languageId === 'webvtt' || doc.languageId === 'srt' ? doc.languageId : 'transcript';
    const structure = parseTranscript(doc.getText(), kind);
    this.entries.set(key, { version: doc.version, structure });
    return structure;
  }

  dispose(): void {
    this.onClose.dispose();
    this.entries.clear();
  }
}

function interviewerLabels(doc: vscode.TextDocument): readonly string[] {
  const value = vscode.workspace.getConfiguration(undefined, doc).get<unknown>(Settings.interviewerLabels);
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : DEFAULT_INTERVIEWER_LABELS;
}

function rangeOf(doc: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));
}

/** The first words of a turn, for the outline: tags and extra whitespace removed. */
function firstWords(doc: vscode.TextDocument, turn: Turn, count = 8): string {
  const text = doc
    .getText(rangeOf(doc, turn.text))
    .slice(0, 300)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const words = text.split(' ');
  return words.length > count ? `${words.slice(0, count).join(' ')}…` : text;
}

function symbols(doc: vscode.TextDocument, s: TranscriptStructure): vscode.DocumentSymbol[] {
  const roots: vscode.DocumentSymbol[] = [];
  if (s.frontMatter) {
    const range = rangeOf(doc, s.frontMatter.span);
    roots.push(
      new vscode.DocumentSymbol(s.frontMatter.values.title ?? 'Front matter', 'front matter', vscode.SymbolKind.Property, range, range),
    );
  }
  const sections: vscode.DocumentSymbol[] = [];
  const open: { level: number; symbol: vscode.DocumentSymbol }[] = [];
  for (const section of s.sections) {
    const symbol = new vscode.DocumentSymbol(
      section.title,
      '',
      vscode.SymbolKind.Namespace,
      rangeOf(doc, section.span),
      rangeOf(doc, section.heading),
    );
    while (open.length && open[open.length - 1].level >= section.level) open.pop();
    (open.length ? open[open.length - 1].symbol.children : roots).push(symbol);
    open.push({ level: section.level, symbol });
    sections.push(symbol);
  }
  const labels = interviewerLabels(doc);
  for (const turn of s.turns) {
    const preview = firstWords(doc, turn);
    const name = turn.speaker ?? (preview || '…');
    const detail = [turn.timestamp?.text, turn.speaker !== undefined ? preview : undefined].filter(Boolean).join(' ');
    const kind =
      turn.speaker === undefined
        ? vscode.SymbolKind.Field
        : speakerRole(turn.speaker, labels) === 'interviewer'
          ? vscode.SymbolKind.Event
          : vscode.SymbolKind.String;
    const range = rangeOf(doc, turn.span);
    const selection = turn.label
      ? rangeOf(doc, turn.label)
      : turn.timestamp
        ? rangeOf(doc, turn.timestamp.span)
        : doc.lineAt(range.start.line).range;
    const symbol = new vscode.DocumentSymbol(name, detail, kind, range, selection.intersection(range) ?? range);
    (turn.section !== undefined ? sections[turn.section].children : roots).push(symbol);
  }
  // Sections were filled before their turns: put every level in document order.
  const inOrder = (list: vscode.DocumentSymbol[]): vscode.DocumentSymbol[] => {
    for (const symbol of list) inOrder(symbol.children);
    return list.sort((a, b) => a.range.start.compareTo(b.range.start));
  };
  return inOrder(roots);
}

function foldingRanges(doc: vscode.TextDocument, s: TranscriptStructure): vscode.FoldingRange[] {
  const ranges: vscode.FoldingRange[] = [];
  const add = (span: Span, kind?: vscode.FoldingRangeKind) => {
    const r = rangeOf(doc, span);
    if (r.end.line > r.start.line) ranges.push(new vscode.FoldingRange(r.start.line, r.end.line, kind));
  };
  if (s.frontMatter) add(s.frontMatter.span);
  for (const section of s.sections) add(section.span, vscode.FoldingRangeKind.Region);
  for (const turn of s.turns) add(turn.span);
  return ranges;
}

function headerHover(doc: vscode.TextDocument, s: TranscriptStructure, position: vscode.Position): vscode.Hover | undefined {
  const headerEnd = s.frontMatter ? doc.positionAt(s.frontMatter.span.end).line : 0;
  if (position.line > headerEnd) return undefined;
  const rows = wordsPerSpeaker(s);
  const total = rows.reduce((n, r) => n + r.words, 0);
  if (!rows.length) return undefined;
  const labels = interviewerLabels(doc);
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**Words per speaker**: ${total.toLocaleString('en')} words in ${s.turns.length} turns\n\n`);
  md.appendMarkdown('| Speaker | Role | Turns | Words | Share |\n|---|---|--:|--:|--:|\n');
  for (const r of rows) {
    const role = r.speaker === undefined ? '' : speakerRole(r.speaker, labels);
    const share = total ? `${Math.round((100 * r.words) / total)}%` : '';
    md.appendMarkdown(
      `| ${r.speaker === undefined ? '*(no speaker)*' : escapeMarkdownCell(r.speaker)} | ${role} | ${r.turns} | ${r.words.toLocaleString('en')} | ${share} |\n`,
    );
  }
  return new vscode.Hover(md, new vscode.Range(0, 0, headerEnd, doc.lineAt(headerEnd).text.length));
}

/** Colours speaker labels by role, and marks the interviewer's speech, from the setting. */
class RoleTokens implements vscode.DocumentSemanticTokensProvider, vscode.Disposable {
  readonly legend = new vscode.SemanticTokensLegend([...SEMANTIC_TOKEN_TYPES]);
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeSemanticTokens = this.changed.event;

  constructor(private readonly cache: StructureCache) {}

  refresh(): void {
    this.changed.fire();
  }

  provideDocumentSemanticTokens(doc: vscode.TextDocument): vscode.SemanticTokens {
    const s = this.cache.get(doc);
    const labels = interviewerLabels(doc);
    const found: { range: vscode.Range; type: (typeof SEMANTIC_TOKEN_TYPES)[number] }[] = [];
    for (const label of s.labels) found.push({ range: rangeOf(doc, label.span), type: speakerRole(label.speaker, labels) });
    // Speech spans lines, and a semantic token may not: one token per line. Captions
    // interleave timing lines with speech, so only paragraph transcripts get these.
    for (const turn of s.kind === 'transcript' ? s.turns : []) {
      if (turn.speaker === undefined || speakerRole(turn.speaker, labels) !== 'interviewer') continue;
      const r = rangeOf(doc, turn.text);
      for (let line = r.start.line; line <= r.end.line; line++) {
        const from = line === r.start.line ? r.start.character : 0;
        const to = line === r.end.line ? r.end.character : doc.lineAt(line).text.length;
        if (to > from) found.push({ range: new vscode.Range(line, from, line, to), type: 'interviewerSpeech' });
      }
    }
    const builder = new vscode.SemanticTokensBuilder(this.legend);
    found.sort((a, b) => a.range.start.compareTo(b.range.start));
    for (const t of found) if (t.range.isSingleLine && !t.range.isEmpty) builder.push(t.range, t.type);
    return builder.build();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Moves the cursor to the timestamp at or before a time typed by the user (or given as an argument). */
async function goToTimestamp(cache: StructureCache, time?: unknown): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open a transcript to go to a time in it.');
    return;
  }
  const { timestamps } = cache.get(editor.document);
  if (!timestamps.length) {
    void vscode.window.showInformationMessage('This transcript has no timestamps.');
    return;
  }
  const typed =
    typeof time === 'string' || typeof time === 'number'
      ? String(time)
      : await vscode.window.showInputBox({
          title: 'Go to Timestamp',
          prompt: `A time in the recording, e.g. 12:34 or 1:02:03 (${timestamps[0].text} to ${timestamps[timestamps.length - 1].text})`,
          placeHolder: '12:34',
          validateInput: (v) => (parseTimestamp(v) === undefined ? 'Type a time such as 12:34 or 1:02:03' : undefined),
        });
  if (typed === undefined) return;
  const seconds = parseTimestamp(typed);
  if (seconds === undefined) throw new Error(`"${typed}" is not a time such as 12:34 or 1:02:03`);
  const target = timestampAtOrBefore(timestamps, seconds);
  if (!target) return;
  const at = editor.document.positionAt(target.span.start);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Imports a .vtt, .srt or .docx file as `<name>.transcript` beside it, asking before replacing one. */
async function importCommand(log: vscode.LogOutputChannel, uri?: vscode.Uri): Promise<void> {
  const source =
    uri ??
    (
      await vscode.window.showOpenDialog({
        title: 'Import Transcript',
        openLabel: 'Import',
        canSelectMany: false,
        filters: { 'Captions and Word documents': ['vtt', 'srt', 'docx'] },
      })
    )?.[0];
  if (!source) return;
  const name = source.path.slice(source.path.lastIndexOf('/') + 1);
  const result = importTranscript(name, await vscode.workspace.fs.readFile(source));
  if (!result.ok) {
    for (const p of result.problems) log.error(`import: ${formatImportProblem(p)}`);
    const more = result.problems.length > 1 ? ` (and ${result.problems.length - 1} more problems: see the log)` : '';
    void vscode.window.showErrorMessage(`Could not import ${name}: nothing was written. ${formatImportProblem(result.problems[0])}${more}`);
    return;
  }
  const targetName = transcriptFileName(name);
  const target = source.with({ path: `${source.path.slice(0, source.path.lastIndexOf('/'))}/${targetName}` });
  if (await exists(target)) {
    const answer = await vscode.window.showWarningMessage(
      `${targetName} already exists. Replace it with the import of ${name}?`,
      { modal: true },
      'Replace',
    );
    if (answer !== 'Replace') return;
  }
  await vscode.workspace.fs.writeFile(target, encodeUtf8(result.text));
  log.info(`imported ${source.toString(true)} as ${targetName}`);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
