import type { Memo, MemoFrontMatter } from '../../model';
import { keepProtoKeys, ordered, toYaml } from './emit';
import { finish, type Parsed } from './parse';
import { memoFrontMatterSchema } from './schemas';
import { YamlSource } from './yamlFile';

export const MEMO_KEYS = ['id', 'created', 'author', 'kind', 'links'] as const;
export const MEMO_LINK_KEYS = ['code', 'source', 'start', 'end', 'text', 'before', 'after'] as const;

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^---[ \t]*(\r?\n|$)/m;

/** Reads a memo: YAML front matter between `---` lines, then Markdown. */
export function parseMemo(text: string, path: string): Parsed<Memo> {
  const open = OPEN.exec(text);
  if (!open) {
    return finish<Memo>(undefined, [
      {
        line: 1,
        column: 1,
        message: 'a memo starts with a front-matter block: a line "---", YAML (id, created, kind), and a closing "---"',
      },
    ]);
  }
  const rest = text.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) {
    return finish<Memo>(undefined, [{ line: 1, column: 1, message: 'the front-matter block is not closed: add a line "---" after it' }]);
  }
  const yamlText = rest.slice(0, close.index);
  const body = rest.slice(close.index + close[0].length);
  const src = new YamlSource(yamlText, 1);
  if (!src.ok) return finish<Memo>(undefined, src.problems);
  const raw = src.toJS();
  const r = memoFrontMatterSchema.safeParse(raw ?? {});
  if (!r.success) {
    src.addZodError(r.error);
    return finish<Memo>(undefined, src.problems);
  }
  r.data.links?.forEach((link, i) => {
    if (link.code === undefined && link.source === undefined) {
      src.problems.push(src.atPath(['links', i], 'a link names a "code" or a "source"'));
    }
    if ((link.start === undefined) !== (link.end === undefined)) {
      src.problems.push(src.atPath(['links', i], 'a passage link has both "start" and "end"'));
    } else if (link.start !== undefined && link.end !== undefined && link.end <= link.start) {
      src.problems.push(src.atPath(['links', i, 'end'], `end (${link.end}) must be greater than start (${link.start})`));
    }
  });
  return finish({ path, meta: keepProtoKeys(raw, r.data) as MemoFrontMatter, body }, src.problems);
}

export function serializeMemo(memo: Memo): string {
  const meta = ordered({ ...memo.meta, links: memo.meta.links?.map((l) => ordered(l, MEMO_LINK_KEYS)) }, MEMO_KEYS);
  return `---\n${toYaml(meta)}---\n${memo.body}`;
}

/** A file-name slug of user text: lower case ASCII words joined by "-", never empty, never a path. */
export function slugify(title: string, fallback = 'memo'): string {
  const s = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s || fallback;
}
