import type { Code, Memo } from '../model';
import { hashText } from '../text';
import { codeDoc } from './options';
import { Segment } from './segment';
import type { CodeRecord, IndexedCode, MemoLinkRef, MemoRecord, UpdateReport } from './types';

const NO_CHANGE: UpdateReport = { added: 0, removed: 0, changed: false };

/**
 * The codebook and the memos of a SearchIndex: a segment each, with their
 * records by code id and memo path. Updates are keyed by content, as the
 * sources' are; `changed` is called when what a query reads changed.
 */
export class CodesAndMemos {
  readonly codesSegment = new Segment('codes', 'codes');
  readonly memosSegment = new Segment('memos', 'memos');
  readonly codes = new Map<string, CodeRecord>();
  readonly memos = new Map<string, MemoRecord>();
  /** Code id -> the code it was merged into, from the last updateCodes (so `code:` finds codings of merged codes too). */
  mergedInto = new Map<string, string>();

  /**
   * Takes a loaded codes or memos segment in place of the empty one: its records and MiniSearch move over.
   * False when the segment it would replace holds documents already.
   */
  load(seg: Segment): boolean {
    const into = seg.kind === 'codes' ? this.codesSegment : this.memosSegment;
    if (into.documentCount > 0) return false;
    into.adopt(seg);
    for (const rec of seg.records.values()) {
      if (rec.kind === 'code') this.codes.set(rec.code.id, rec);
      else if (rec.kind === 'memo') this.memos.set(rec.path, rec);
    }
    into.dirty = false;
    return true;
  }

  /** Indexes a memo, or re-indexes it when its body changed; its front matter is always taken as given. */
  updateMemo(memo: Memo, changed: () => void): UpdateReport {
    const key = hashText(memo.body);
    const old = this.memos.get(memo.path);
    const links = (memo.meta.links ?? []).map((l) => {
      const ref: MemoLinkRef = {};
      if (typeof l.code === 'string') ref.code = l.code;
      if (typeof l.source === 'string') ref.source = l.source;
      return ref;
    });
    const meta = (r: { memoId: string; memoKind: string; author?: string; links: MemoLinkRef[] }) =>
      JSON.stringify([r.memoId, r.memoKind, r.author, r.links]);
    const fresh = { memoId: memo.meta.id, memoKind: memo.meta.kind, author: memo.meta.author, links };
    if (old?.key === key) {
      if (meta(old) === meta(fresh)) return NO_CHANGE;
      Object.assign(old, fresh);
      if (memo.meta.author === undefined) delete old.author;
      this.memosSegment.dirty = true;
      return { added: 0, removed: 0, changed: true };
    }
    const rec: MemoRecord = { kind: 'memo', id: 0, path: memo.path, key, body: memo.body, ...fresh };
    if (memo.meta.author === undefined) delete rec.author;
    if (old) this.memosSegment.remove([old]);
    this.memosSegment.add(rec, { text: rec.body });
    this.memos.set(memo.path, rec);
    changed();
    return { added: 1, removed: old ? 1 : 0, changed: true };
  }

  /** Removes a memo by its path. */
  removeMemo(path: string, changed: () => void): UpdateReport {
    const old = this.memos.get(path);
    if (!old) return NO_CHANGE;
    this.memosSegment.remove([old]);
    this.memos.delete(path);
    changed();
    return { added: 0, removed: 1, changed: true };
  }

  /** Replaces the codebook; only codes whose searchable fields changed are re-indexed. */
  updateCodes(codes: readonly Code[], changed: () => void): UpdateReport {
    const ids = new Set(codes.map((c) => c.id));
    this.mergedInto = new Map(codes.flatMap((c) => (c.status === 'merged' && c.mergedInto ? [[c.id, c.mergedInto] as const] : [])));
    const gone: CodeRecord[] = [];
    for (const [id, rec] of [...this.codes]) {
      if (ids.has(id)) continue;
      gone.push(rec);
      this.codes.delete(id);
    }
    const fresh: CodeRecord[] = [];
    for (const c of codes) {
      const code: IndexedCode = { id: c.id, name: c.name };
      for (const f of ['definition', 'include', 'exclude'] as const) if (typeof c[f] === 'string') code[f] = c[f];
      const key = hashText(JSON.stringify(code));
      const old = this.codes.get(c.id);
      if (old?.key === key) continue;
      if (old) gone.push(old);
      const rec: CodeRecord = { kind: 'code', id: 0, key, code };
      this.codes.set(c.id, rec);
      fresh.push(rec);
    }
    if (gone.length + fresh.length === 0) return NO_CHANGE;
    this.codesSegment.remove(gone);
    for (const rec of fresh) this.codesSegment.add(rec, codeDoc(rec));
    changed();
    return { added: fresh.length, removed: gone.length, changed: true };
  }
}
