// Measures Reflexive QDA inside the extension host of a real VS Code, on the large generated corpus.
// Run by bench/vscode.js only (through ./index.ts), once per phase (env QDA_BENCH_PHASE):
//   empty  a folder without a project: the extension activated by hand, features loaded; the
//          extension host's memory without a project (the baseline)
//   cold   the corpus without qda/.cache: activation, project open, Codes tree, search index,
//          memory, highlights of one transcript on opening it
//   warm   the same folder with the caches the cold session left, plus coding a selection and
//          typing in the transcript
// The figures go to $QDA_BENCH_OUT as JSON (and to one "[mocha] [bench] {json}" line). Nothing is
// asserted about speed: a step that fails is reported in `errors` and the others still run.
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import type { ActivationApi } from '../../../src/extension';
import type { Host } from '../../../src/vscode/host';
import type { ProjectSession } from '../../../src/vscode/session';
import { EXTENSION_ID, early, watch } from './probe';

type Phase = 'empty' | 'cold' | 'warm';
const PHASE = (process.env.QDA_BENCH_PHASE ?? 'warm') as Phase;
const CODINGS_TARGET = 200;
const CODING_RUNS = 5;
const EDIT_RUNS = 11;

const now = () => performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const round = (x: number | undefined, d = 2) => (x === undefined || !Number.isFinite(x) ? undefined : Math.round(x * 10 ** d) / 10 ** d);
const median = (xs: number[]) => {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function until<T>(what: string, probe: () => T | undefined, ms = 60_000, every = 2): Promise<T> {
  const deadline = now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}

/** Memory of a process from /proc (kB figures as MB). */
function procMemory(pid: number): { pssMB?: number; rssMB?: number } {
  try {
    const t = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(t)?.[1] ?? NaN) / 1024;
    return { pssMB: round(kb('Pss'), 1), rssMB: round(kb('Rss'), 1) };
  } catch {
    return {};
  }
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 300);
  } catch {
    return '';
  }
}

function parentPid(pid: number): number | undefined {
  try {
    // /proc/PID/stat: "pid (comm) state ppid …"; comm may contain spaces, so split after the last ')'.
    const t = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(t.slice(t.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

let gcFn: (() => void) | undefined;
function forceGc(): boolean {
  try {
    if (!gcFn) {
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    }
    gcFn();
    gcFn();
    return true;
  } catch {
    return false;
  }
}

function memory(): Record<string, number | undefined> {
  const m = process.memoryUsage();
  return {
    ...procMemory(process.pid),
    heapUsedMB: round(m.heapUsed / 2 ** 20, 1),
    externalMB: round(m.external / 2 ** 20, 1),
    arrayBuffersMB: round(m.arrayBuffers / 2 ** 20, 1),
  };
}

/** Settled memory, then the same after a full garbage collection. */
async function memoryNow(): Promise<Record<string, unknown>> {
  await sleep(2000);
  const settled = memory();
  const gc = forceGc();
  await sleep(500);
  const afterGc = memory();
  return { ...settled, afterGc: gc ? afterGc : 'gc not available' };
}

/** The extension's own log lines (LogOutputChannel "Reflexive QDA", under the extension host's log folder). */
function extensionLog(host: Host): string[] {
  const seen = new Set<string>();
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth < 0 || seen.has(dir)) return;
    seen.add(dir);
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full, depth - 1);
      else if (e.name.endsWith('.log')) files.push(full);
    }
  };
  try {
    walk(path.dirname(host.context.logUri.fsPath), 2);
  } catch {
    return [];
  }
  const lines = files.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'));
  return lines
    .filter((l) => /\[(info|warning|error)\] (opened project|search index|features loaded|could not|reloaded)/.test(l))
    .map((l) => l.slice(0, 300));
}

/**
 * When the project was already open as the probe started: the moment the extension logged it,
 * approximately (wall clock and this process's performance clock drift apart; corrected by today's offset).
 */
function readyFromLog(lines: string[]): number | undefined {
  for (const l of lines) {
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \[info\] opened project/.exec(l);
    if (m)
      return new Date(`${m[1]}T${m[2]}`).getTime() - performance.timeOrigin - (Date.now() - performance.timeOrigin - performance.now());
  }
  return undefined;
}

interface RenderRecord {
  uri: string;
  count: number;
  at: number;
  ms: number;
}

describe(`bench (${PHASE})`, () => {
  it('measures the extension in the real extension host', async function () {
    this.timeout(300_000);
    const errors: string[] = [];
    const result: Record<string, unknown> = { phase: PHASE, errors };
    const step = async (name: string, fn: () => unknown) => {
      try {
        await fn();
      } catch (e) {
        errors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    const write = () => {
      const json = JSON.stringify(result);
      console.log(`[mocha] [bench] ${json}`);
      if (process.env.QDA_BENCH_OUT) fs.writeFileSync(process.env.QDA_BENCH_OUT, json);
    };

    // The process we run in is the extension host: check it is what `ps` calls one.
    const pid = process.pid;
    const ppid = parentPid(pid);
    result.process = {
      pid,
      cmdline: cmdline(pid),
      isExtensionHost: /extensionHost/i.test(cmdline(pid)),
      ppid,
      parentCmdline: ppid ? cmdline(ppid) : undefined,
    };
    // What else shares this thread: the built-in extensions already active, and the documents that activated some.
    result.sharedHost = {
      activeExtensions: vscode.extensions.all.filter((e) => e.isActive && e.id !== EXTENSION_ID).map((e) => e.id),
      documents: vscode.workspace.textDocuments.map((d) => `${d.languageId} ${d.uri.toString()}`),
    };
    const loadStart = (globalThis as { __qdaLoadStart?: number }).__qdaLoadStart;
    const sinceLoad = (t: number | undefined) => (t === undefined || loadStart === undefined ? undefined : round(t - loadStart));

    const ext = vscode.extensions.getExtension<ActivationApi>(EXTENSION_ID);
    if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
    if (PHASE !== 'empty') await until('activation by workspaceContains', () => ext.isActive || undefined, 30_000, 20);
    const api = await ext.activate();
    watch(api);
    const features = await api.loaded;
    const host = features.host;
    const session: ProjectSession | undefined = await api.ready;
    result.activationMs = round(api.activationMs, 3);
    const mainStart = (globalThis as { __qdaMainStart?: number }).__qdaMainStart;
    result.featuresEvalStartMs = sinceLoad(mainStart);
    // `loaded` had usually resolved before the probe could watch it: then the features' own log line tells.
    const loadedLine = extensionLog(host)
      .map((l) => /features loaded in ([\d.]+) ms/.exec(l))
      .find(Boolean);
    result.featuresLoadedMs =
      early.loadedBeforeProbe && loadedLine && mainStart !== undefined
        ? sinceLoad(mainStart + Number(loadedLine[1]))
        : sinceLoad(early.loadedAt);
    result.early = {
      probeMs: sinceLoad(early.probeAt),
      activeAtProbe: early.activeAtProbe,
      readyBeforeProbe: early.readyBeforeProbe,
      loadedBeforeProbe: early.loadedBeforeProbe,
    };
    if (PHASE !== 'empty' && !session) throw new Error('no project session: the folder should hold qda/project.yaml');

    const coding = features.features.coding;

    if (session) {
      let readyAt = early.readyAt;
      result.readySource = 'event';
      if (early.readyBeforeProbe) {
        readyAt = readyFromLog(extensionLog(host));
        result.readySource = 'log';
      }
      result.readyMs = sinceLoad(readyAt);
      await step('tree', () => until('the Codes tree root items', () => early.treeAt, 60_000));
      // The tree may fill in the same turn as `ready`, before a poll could see it.
      result.treeMs = sinceLoad(early.treeAt === undefined || readyAt === undefined ? early.treeAt : Math.max(early.treeAt, readyAt));
      result.treeRoots = coding.codes.tree.getChildren().length;
      result.project = {
        codes: session.project.codebook.codes.length,
        sources: session.project.sources.length,
        codings: [...session.project.codings.values()].reduce((n, f) => n + f.codings.length, 0),
        problems: session.project.problems.length,
      };
    }

    // Show the QDA views: the time until VS Code reports the Codes view visible.
    await step('treeShown', async () => {
      const view = coding.codes.view;
      const wasVisible = view.visible;
      let visibleAt: number | undefined;
      const sub = view.onDidChangeVisibility((e) => e.visible && (visibleAt ??= now()));
      const t0 = now();
      await vscode.commands.executeCommand('reflexiveQda.codes.focus');
      const commandAt = now();
      try {
        if (!wasVisible) await until('the Codes view to become visible', () => visibleAt ?? (view.visible ? now() : undefined), 30_000);
      } finally {
        sub.dispose();
      }
      result.treeShown = {
        wasVisible,
        commandMs: round(commandAt - t0),
        visibleMs: visibleAt === undefined ? undefined : round(visibleAt - t0),
      };
    });

    if (session) {
      await step('search', async () => {
        const service = features.features.search.service;
        if (!service?.settled) {
          result.searchReadyMs = 'no search feature';
          return;
        }
        await until('the search index', () => early.searchReadyAt, 120_000, 20);
        result.searchReadyMs = sinceLoad(early.searchReadyAt);
        result.searchReadyBeforeWatch = early.searchReadyBeforeWatch ?? false;
        result.memoryAtReady = early.memoryAtReady;
        result.memoryAtSearchReady = early.memoryAtSearchReady;
      });
    }

    // Its own account of the durations (Project.open, the search index); the timestamps are wall clock.
    result.log = extensionLog(host);
    // The extension host's memory: project open, views shown, search index ready; no transcript open.
    await step('memory', async () => {
      result.memory = await memoryNow();
    });

    if (!session) {
      write();
      return;
    }

    // Render records of the highlights: every draw, with the document and the number of ranges.
    const renders: RenderRecord[] = [];
    const h = coding.highlights as unknown as { render(e: vscode.TextEditor): void };
    const render = h.render;
    h.render = function (editor: vscode.TextEditor) {
      const t = now();
      render.call(this, editor);
      const uri = editor.document.uri.toString();
      const at = now();
      renders.push({ uri, count: coding.highlights.rendered.get(uri) ?? 0, at, ms: at - t });
    };
    const renderedAfter = (uri: string, t0: number, ok: (count: number) => boolean) =>
      renders.find((r) => r.uri === uri && r.at >= t0 && ok(r.count));

    // The transcript whose number of codings is closest to 200.
    const [source, file] = [...session.project.codings.entries()]
      .filter(([s]) => session.project.sources.includes(s))
      .sort(
        (a, b) => Math.abs(a[1].codings.length - CODINGS_TARGET) - Math.abs(b[1].codings.length - CODINGS_TARGET) || (a[0] < b[0] ? -1 : 1),
      )[0];
    const uri = session.files.uri(source);
    let editor: vscode.TextEditor | undefined;
    await step('highlightOpen', async () => {
      const t0 = now();
      const doc = await vscode.workspace.openTextDocument(uri);
      const openedAt = now();
      editor = await vscode.window.showTextDocument(doc);
      const shownAt = now();
      const r = await until('highlights of the opened transcript', () => renderedAfter(doc.uri.toString(), t0, (n) => n > 0), 60_000);
      result.transcript = { source, codings: file.codings.length, chars: doc.getText().length, lines: doc.lineCount, highlighted: r.count };
      result.highlightOpen = {
        ms: round(r.at - t0),
        renderMs: round(r.ms),
        openDocumentMs: round(openedAt - t0),
        showEditorMs: round(shownAt - t0),
      };
    });
    await step('memoryWithTranscript', async () => {
      await sleep(1000);
      result.memoryWithTranscript = memory();
    });

    if (PHASE === 'cold') {
      // The warm session is to find the search index's cache, written 30 s after a change otherwise.
      await step('flushSearch', async () => {
        const service = features.features.search.service;
        result.searchFlushed = service?.flush ? await service.flush() : 'no flush()';
      });
      await step('settle', () => session.settle());
      write();
      return;
    }
    if (PHASE !== 'warm' || !editor) {
      write();
      return;
    }

    // Code a selection through the command, CODING_RUNS times at different places.
    await step('coding', async () => {
      await vscode.workspace.getConfiguration('reflexiveQda').update('coder', 'bench', vscode.ConfigurationTarget.Global);
      const code = session.project.codebook.codes.find((c) => c.status === 'active' && !c.parent) ?? session.project.codebook.codes[0];
      const doc = editor!.document;
      const text = doc.getText();
      const turns = [...text.matchAll(/^\[\d\d:\d\d:\d\d\] P\d+: /gm)].map((m) => m.index! + m[0].length);
      const highlightMs: number[] = [];
      const commandMs: number[] = [];
      const modelMs: number[] = [];
      const renderMs: number[] = [];
      let changedAt: number | undefined;
      const sub = session.project.onDidChange(() => (changedAt ??= now()));
      for (let i = 0; i < CODING_RUNS; i++) {
        const at = turns[Math.floor(((i + 1) / (CODING_RUNS + 1)) * turns.length)];
        // About eight words: the selection ends mid-word, snapping makes it whole words.
        const words = /^(\S+\s+){7}\S{1,3}/u.exec(text.slice(at, at + 400))?.[0] ?? text.slice(at, at + 40);
        editor!.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + words.length));
        const key = doc.uri.toString();
        const before = coding.highlights.rendered.get(key) ?? 0;
        changedAt = undefined;
        const t0 = now();
        const n = await vscode.commands.executeCommand<number>('reflexiveQda.codeSelection', { codes: [code.id] });
        const done = now();
        if (n !== 1) throw new Error(`codeSelection coded ${n} passages, expected 1`);
        const r = await until('the new highlight', () => renderedAfter(key, t0, (c) => c > before), 30_000);
        highlightMs.push(r.at - t0);
        commandMs.push(done - t0);
        if (changedAt !== undefined) modelMs.push(changedAt - t0);
        renderMs.push(r.ms);
        // The file watcher sees our own write and reloads the file: let that pass before the next run.
        await sleep(400);
        await session.settle();
        await sleep(200);
      }
      sub.dispose();
      result.coding = {
        code: code.id,
        highlightMs: highlightMs.map((x) => round(x)),
        commandMs: commandMs.map((x) => round(x)),
        highlightMedianMs: round(median(highlightMs)),
        commandMedianMs: round(median(commandMs)),
        // Command start until the project model announced the change (the codings file is written by then), and the draw's own time.
        modelChangedMs: modelMs.map((x) => round(x)),
        modelChangedMedianMs: round(median(modelMs)),
        renderMedianMs: round(median(renderMs)),
      };
    });

    // Type one character before a coding: the live codings follow (the coding's start moves by one).
    await step('edit', async () => {
      const doc = editor!.document;
      const live = coding.live;
      const liveSource = live.get(doc);
      if (!liveSource) throw new Error('no live codings for the transcript');
      // The handler's own time: LiveCodings' listener calls this.onEdit, looked up at each call.
      const tracked = live as unknown as { onEdit?: (e: vscode.TextDocumentChangeEvent) => void };
      const handlerMs: number[] = [];
      const onEdit = tracked.onEdit;
      if (typeof onEdit === 'function') {
        tracked.onEdit = function (e: vscode.TextDocumentChangeEvent) {
          const t = now();
          onEdit.call(this, e);
          handlerMs.push(now() - t);
        };
      }
      const followMs: number[] = [];
      const rerenderMs: number[] = [];
      const key = doc.uri.toString();
      // transcripts are read-only while coding (#19 item 3): unlocked as a person would to correct one
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('reflexiveQda.editTranscript');
      try {
        for (let i = 0; i < EDIT_RUNS; i++) {
          // A coding in the middle of the transcript (its state turns from exact to moved after the first edit).
          const entries = (live.get(doc) ?? liveSource).entries
            .filter((e) => e.state === 'exact' || e.state === 'moved')
            .sort((a, b) => a.start - b.start);
          const target = entries[Math.floor(entries.length / 2)];
          if (!target) throw new Error('no coding to follow');
          const id = target.coding.id;
          const startCp = target.start;
          const text = doc.getText();
          // Code points to UTF-16 (the text may hold astral characters).
          let u = 0;
          for (let cp = 0; cp < startCp && u < text.length; cp++) u += text.charCodeAt(u) >= 0xd800 && text.charCodeAt(u) <= 0xdbff ? 2 : 1;
          const lineStart = text.lastIndexOf('\n', u - 1) + 1;
          let followedAt: number | undefined;
          const sub = live.onDidChange((e) => {
            if (e.reason !== 'edit' || followedAt !== undefined) return;
            const moved = live.get(doc)?.entries.find((x) => x.coding.id === id);
            if (moved && moved.start === startCp + 1) followedAt = now();
          });
          const t0 = now();
          const applied = await editor!.edit((b) => b.insert(doc.positionAt(lineStart), 'x'), {
            undoStopBefore: false,
            undoStopAfter: false,
          });
          try {
            if (!applied) throw new Error('the edit was not applied');
            await until('the live codings to follow the edit', () => followedAt, 10_000, 1);
          } finally {
            sub.dispose();
          }
          followMs.push(followedAt! - t0);
          // Highlights redraw after a 30 ms pause in typing.
          const r = await until('highlights after the edit', () => renderedAfter(key, t0, () => true), 10_000);
          rerenderMs.push(r.at - t0);
          await sleep(100);
        }
      } finally {
        if (typeof onEdit === 'function') delete (tracked as { onEdit?: unknown }).onEdit;
      }
      // The first edit is reported on its own; the medians leave it out (JIT warm-up).
      result.edit = {
        followFirstMs: round(followMs[0]),
        followMedianMs: round(median(followMs.slice(1))),
        followMs: followMs.map((x) => round(x)),
        handlerFirstMs: round(handlerMs[0], 4),
        handlerMedianMs: round(median(handlerMs.slice(1)), 4),
        handlerMaxMs: round(Math.max(...handlerMs.slice(1)), 4),
        handlerCalls: handlerMs.length,
        rerenderMedianMs: round(median(rerenderMs.slice(1))),
      };
    });
    delete (h as { render?: unknown }).render;
    await step('memoryAfterEditing', async () => {
      result.memoryAfterEditing = memory();
    });
    write();
  });
});
