import * as assert from 'node:assert/strict';
import { plainSummary } from '../../src/core/saturation/charts/numbers';

describe('plainSummary', () => {
  it('says how many codes the transcripts gave, how many may be unseen (Chao2 − observed, rounded) and whether new codes levelled off', () => {
    // 21.4 estimated − 14 observed = 7.4: "about 7 more"
    assert.equal(
      plainSummary({ by: 'source', units: [1, 2, 3, 4], observed: 14, chao2: 21.4, guest: { saturatedAt: null } }),
      '4 transcripts gave 14 codes; about 7 more may still be unseen; new codes have not levelled off yet.',
    );
    assert.equal(
      plainSummary({ by: 'participant', units: new Array(10), observed: 22, chao2: 22.2, guest: { saturatedAt: 'p08' } }),
      '10 participants gave 22 codes; probably none remain unseen; new codes levelled off at p08.',
    );
    // a transcript is named as the Guest card and the charts name it: its file name without folder or extension
    assert.equal(
      plainSummary({
        by: 'source',
        units: new Array(12),
        observed: 14,
        chao2: 14,
        guest: { saturatedAt: 'transcripts/wave-1/s09.transcript' },
      }),
      '12 transcripts gave 14 codes; probably none remain unseen; new codes levelled off at s09.',
    );
  });

  it('asks for more coding where nothing can be estimated yet', () => {
    assert.equal(
      plainSummary({ by: 'source', units: [], observed: 0, chao2: null, guest: { saturatedAt: null } }),
      'No transcripts coded yet: code a few to see whether new codes are levelling off.',
    );
    assert.equal(
      plainSummary({ by: 'source', units: [1], observed: 1, chao2: null, guest: { saturatedAt: null } }),
      '1 transcript gave 1 code; code at least two to estimate how many codes are still unseen.',
    );
  });
});
