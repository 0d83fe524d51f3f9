import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Where `p` really is: every link along it resolved, as far as the path exists;
 * the part that does not exist yet is appended as written. A link that leads
 * nowhere (dangling, or a loop) stays as it is, since nothing can be read
 * through it, and is for the caller to refuse if it must.
 */
export async function resolvedPath(p: string): Promise<string> {
  const rest: string[] = [];
  let at = path.resolve(p);
  for (;;) {
    try {
      return path.join(await fs.realpath(at), ...rest);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'ELOOP') throw e;
      const up = path.dirname(at);
      if (up === at) return path.resolve(p);
      rest.unshift(path.basename(at));
      at = up;
    }
  }
}

/** Whether `p` is `root` or below it (both absolute, already resolved). */
export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/** `p` relative to `root` with `/` separators, or undefined when it is outside. */
export function relativeInside(root: string, p: string): string | undefined {
  return isInside(root, p) ? path.relative(root, p).split(path.sep).join('/') : undefined;
}
