/**
 * Guest, Namey & Chen (2020), "A simple method to assess and report thematic
 * saturation in qualitative research", PLOS ONE 15(5): e0232076.
 */

export interface GuestRun {
  /** Unit ids in the run. */
  units: string[];
  /** Codes first seen within the run. */
  newCodes: number;
  /** newCodes / codes in the base; null when the base holds no code. */
  ratio: number | null;
  /** Whether the ratio is at or under the threshold. */
  meets: boolean;
}

export interface GuestResult {
  baseSize: number;
  runLength: number;
  threshold: number;
  /** Codes seen in the base (the first `baseSize` units). */
  baseCodes: number;
  runs: GuestRun[];
  /** The last unit of the first run that meets the threshold, or null. */
  saturatedAt: string | null;
}

export interface GuestParameters {
  baseSize: number;
  runLength: number;
  threshold: number;
}

/**
 * `newCodes / baseCodes <= threshold` without trusting floating point: 1/20 must
 * meet 0.05 although 0.05 is not exactly representable. Counts are integers, so a
 * slack far below 1/baseCodes changes no honest answer.
 */
export function meetsThreshold(newCodes: number, baseCodes: number, threshold: number): boolean {
  if (baseCodes <= 0) return false;
  return newCodes - threshold * baseCodes <= 1e-9 * Math.max(1, baseCodes);
}

/**
 * Saturation by base and runs: the base is the first `baseSize` units; runs of
 * `runLength` units slide one unit at a time from unit baseSize+1; a run meets the
 * threshold when the codes first seen within it, over the codes in the base, is at
 * or under `threshold`. Saturation is the last unit of the first run that meets.
 *
 * @param newCodes codes first seen in each unit, in interview order
 */
export function guestSaturation(units: readonly string[], newCodes: readonly number[], p: GuestParameters): GuestResult {
  const { baseSize, runLength, threshold } = p;
  let baseCodes = 0;
  for (let u = 0; u < Math.min(baseSize, newCodes.length); u++) baseCodes += newCodes[u];
  const runs: GuestRun[] = [];
  let saturatedAt: string | null = null;
  for (let start = baseSize; start + runLength <= units.length; start++) {
    let fresh = 0;
    for (let u = start; u < start + runLength; u++) fresh += newCodes[u];
    const meets = meetsThreshold(fresh, baseCodes, threshold);
    runs.push({
      units: units.slice(start, start + runLength),
      newCodes: fresh,
      ratio: baseCodes > 0 ? fresh / baseCodes : null,
      meets,
    });
    if (meets && saturatedAt === null) saturatedAt = units[start + runLength - 1];
  }
  return { baseSize, runLength, threshold, baseCodes, runs, saturatedAt };
}
