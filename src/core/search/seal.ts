import { encodePostings, FrozenIndex } from './frozen';
import { miniSearchOptions } from './options';
import type { Segment } from './segment';
import { packIndex, unpackIndex, type EncodedIndex, type PackedIndex } from './serial';

/*
 * A source segment is sealed when it is full while an index is built: its
 * MiniSearch (a map entry per document, field lengths as arrays) is packed into
 * the frozen form a loaded segment has (./frozen.ts), so that a large build holds
 * one segment's MiniSearch at a time, not every segment's, and the save writes
 * the bytes made here. A later edit thaws it as it thaws a loaded segment.
 */

/** Packs a segment's MiniSearch into its frozen form (nothing to do when it is frozen already). */
export function sealSegment(seg: Segment): void {
  if (seg.isFrozen) return;
  seg.compact();
  const packed = packIndex(seg.ms);
  const { bytes, termBytes } = encodePostings(packed.postings);
  const options = miniSearchOptions();
  const frozen = new FrozenIndex(
    {
      ...packed,
      documentIds: Int32Array.from(packed.documentIds),
      fieldLength: Int32Array.from(packed.fieldLength),
      termBytes,
      postings: bytes,
    },
    options,
  );
  seg.freeze(frozen, (f) => unpackIndex({ ...f.parts, postings: f.postingNumbers() }, options));
}

/**
 * A segment's index for saving: a frozen one as it is (its postings encoded), with `numbers` every posting as
 * numbers (for JSON); a MiniSearch packed.
 */
export function indexOf(seg: Segment, numbers: boolean): PackedIndex | EncodedIndex {
  const f = seg.frozenIndex;
  if (!f) return packIndex(seg.ms);
  const { termBytes, postings, ...rest } = f.parts;
  if (numbers)
    return {
      ...rest,
      documentIds: Array.from(rest.documentIds),
      fieldLength: Array.from(rest.fieldLength),
      postings: Array.from(f.postingNumbers()),
    };
  return { ...rest, termBytes, postingsBytes: postings };
}
