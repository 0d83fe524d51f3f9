/**
 * GUIDs of a REFI-QDA project export. Each is a version 5 UUID of what the
 * object is in our project (a coding's id, a source's path, a coder's id), so
 * the same project exports the same GUIDs on every machine, every time, and
 * another tool can match its objects on the way back. An object imported from
 * another tool keeps that tool's GUID (a `guid` key), and exports it again.
 */
import { codeGuid, uuidV5 } from '../hash';

/**
 * uuidV5('https://reflexive-qda.org/refi', the RFC URL namespace). Fixed forever:
 * changing it would give every exported object a new GUID. (Codes have their own
 * namespace, shared with the .qdc export: see codeGuid.)
 */
export const REFI_GUID_NAMESPACE = '9788c37c-576b-5a5c-b3a6-3d2729dd95fe';

export type GuidKind = 'user' | 'source' | 'selection' | 'coding' | 'coding-note' | 'memo' | 'case' | 'variable' | 'set';

/** The GUID of one of our objects: `kind` and a key that identifies it in the project. */
export function refiGuid(kind: GuidKind, key: string): string {
  return uuidV5(`${kind}:${key}`, REFI_GUID_NAMESPACE);
}

export { codeGuid };

const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/** A GUID as we keep it (lower case, no braces), or undefined when `value` is not one. */
export function normalGuid(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = GUID.exec(value.trim());
  return m ? m[1].toLowerCase() : undefined;
}

/** Whether `value` is written with braces, as some tools write GUIDs (`{…}`). */
export function isBraced(value: string): boolean {
  return value.trim().startsWith('{');
}

/**
 * Hands out GUIDs that are unique within one document: an object's own GUID
 * (kept from an import) when it is well formed and not taken, else the derived one.
 */
export class GuidPool {
  private readonly used = new Set<string>();

  take(own: unknown, derived: () => string): string {
    const g = normalGuid(own);
    if (g && !this.used.has(g)) {
      this.used.add(g);
      return g;
    }
    let d = derived();
    // A derived GUID taken by another object's kept GUID: derive again from itself (never loops in practice).
    while (this.used.has(d)) d = uuidV5(d, REFI_GUID_NAMESPACE);
    this.used.add(d);
    return d;
  }
}
