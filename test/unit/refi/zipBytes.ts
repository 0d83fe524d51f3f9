/**
 * ZIP archives for tests, with the fields an attacker controls within reach:
 * built by fflate, then patched where a hostile archive would lie.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';

/** A ZIP of these files (text as UTF-8). */
export function zip(files: Record<string, string | Uint8Array>, level: 0 | 6 = 6): Uint8Array {
  const z: Zippable = {};
  for (const [name, v] of Object.entries(files)) z[name] = [typeof v === 'string' ? strToU8(v) : v, { level }];
  return zipSync(z, { mtime: new Date(2000, 0, 1) });
}

/** Offsets of every central directory entry (signature PK\1\2). */
function centralEntries(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 46 <= bytes.length; i++) if (view.getUint32(i, true) === 0x02014b50) out.push(i);
  return out;
}

/** The same archive with the central directory entry of `name` changed by `patch` (field offsets as in APPNOTE 4.3.12). */
export function patchCentral(bytes: Uint8Array, name: string, patch: (view: DataView, at: number) => void): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  for (const at of centralEntries(out)) {
    const len = view.getUint16(at + 28, true);
    if (new TextDecoder().decode(out.subarray(at + 46, at + 46 + len)) === name) {
      patch(view, at);
      return out;
    }
  }
  throw new Error(`no entry ${name}`);
}

/** The archive with `name`'s declared (inflated) size set to `size`: a forged size, as a ZIP bomb would declare. */
export function declareSize(bytes: Uint8Array, name: string, size: number): Uint8Array {
  return patchCentral(bytes, name, (v, at) => v.setUint32(at + 24, size, true));
}

/** Renames an entry in place (same length), in the central directory and its local header: names no tool would write. */
export function renameEntry(bytes: Uint8Array, from: string, to: string): Uint8Array {
  if (from.length !== to.length) throw new Error('same length only');
  const out = bytes.slice();
  const a = strToU8(from);
  const b = strToU8(to);
  for (let i = 0; i + a.length <= out.length; i++) {
    if (a.every((x, k) => out[i + k] === x)) out.set(b, i);
  }
  return out;
}
