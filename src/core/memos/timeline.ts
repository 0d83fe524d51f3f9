/**
 * The memo log's timeline: memos grouped by the day or the week (Monday first)
 * they were written, in the author's time zone, newest first.
 */
import { localDay, type MemoFilter } from './memos';
import type { Memo } from '../model';

export type MemoGrouping = 'day' | 'week';

export interface MemoGroup {
  /** yyyy-mm-dd of the day, or of the Monday starting the week. */
  key: string;
  label: string;
  /** Newest first. */
  memos: Memo[];
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Local midnight of a yyyy-mm-dd day. */
function dayDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d);
}

/** The Monday (yyyy-mm-dd) of the week holding `day`. */
export function weekOf(day: string): string {
  const d = dayDate(day);
  if (Number.isNaN(d.getTime())) return day;
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return localDay(d);
}

/** ISO 8601 week number of a day. */
function isoWeek(day: string): number {
  const d = dayDate(day);
  d.setDate(d.getDate() + 3 - ((d.getDay() + 6) % 7));
  const jan4 = new Date(d.getFullYear(), 0, 4);
  return 1 + Math.round(((d.getTime() - jan4.getTime()) / 86400000 - 3 + ((jan4.getDay() + 6) % 7)) / 7);
}

/** `Wed 11 Feb 2026`, or `Week 7: from Mon 9 Feb 2026`. */
export function groupLabel(key: string, by: MemoGrouping): string {
  const d = dayDate(key);
  if (Number.isNaN(d.getTime())) return key;
  const date = `${DAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
  return by === 'day' ? date : `Week ${isoWeek(key)}: from ${date}`;
}

/**
 * When a memo was written, as a person reads it, in the author's time zone: `Thu 26 Feb 2026, 18:00`
 * (the stored value is an ISO timestamp, unchanged, when it is not a time).
 */
export function memoTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const clock = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return `${groupLabel(localDay(d), 'day')}, ${clock}`;
}

/** The timeline: groups newest first, memos in each newest first. */
export function groupMemos(memos: Iterable<Memo>, by: MemoGrouping): MemoGroup[] {
  const groups = new Map<string, Memo[]>();
  for (const memo of memos) {
    const day = localDay(memo.meta.created);
    const key = by === 'week' ? weekOf(day) : day;
    const list = groups.get(key) ?? [];
    list.push(memo);
    groups.set(key, list);
  }
  const newestFirst = (a: Memo, b: Memo) =>
    Date.parse(b.meta.created) - Date.parse(a.meta.created) || (a.path < b.path ? 1 : a.path > b.path ? -1 : 0);
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([key, list]) => ({ key, label: groupLabel(key, by), memos: list.sort(newestFirst) }));
}

/** `kind: reflexive · code: Stigma and shame`; empty when nothing is filtered. */
export function describeFilter(filter: MemoFilter, codeName: (id: string) => string | undefined = () => undefined): string {
  const parts: string[] = [];
  if (filter.kind !== undefined) parts.push(`kind: ${filter.kind}`);
  if (filter.author !== undefined) parts.push(`author: ${filter.author}`);
  if (filter.code !== undefined) parts.push(`code: ${codeName(filter.code) ?? filter.code}`);
  if (filter.source !== undefined) parts.push(`transcript: ${filter.source}`);
  return parts.join(' · ');
}
