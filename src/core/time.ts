/** Times as the format writes them. */

/** ISO 8601 in UTC to the second, as the format writes times. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
