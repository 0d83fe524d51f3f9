import * as assert from 'node:assert/strict';
import { compositionSvg } from '../../src/core/saturation/charts';
import { representativeness, surveyTarget } from '../../src/core/participants';
import type { Participants, Survey } from '../../src/core/model';

const PEOPLE: Participants = {
  attributes: { region: ['north', 'wales'] },
  participants: [
    { id: 'a', attributes: { region: 'north' } },
    { id: 'b', attributes: { region: 'north' } },
    { id: 'c', attributes: { region: 'wales' } },
  ],
};
const SURVEY: Survey = {
  wave: 'start',
  columns: [
    { name: 'id', use: 'id' },
    { name: 'Region', use: 'attribute', attribute: 'region' },
  ],
  respondents: [
    ...Array.from({ length: 6 }, (_, i) => ({ id: `n${i}`, answers: { Region: 'north' } })),
    ...Array.from({ length: 4 }, (_, i) => ({ id: `w${i}`, answers: { Region: 'wales' } })),
  ],
};

describe('composition chart against a survey', () => {
  const a = representativeness(PEOPLE, { target: surveyTarget(SURVEY) }).attributes[0];
  const svg = compositionSvg(a, 0.05);

  it('names the survey as the target, with its respondents', () => {
    assert.match(svg, /Survey share \(10 respondents\)/);
    assert.match(svg, /survey 60\.0 %/);
    assert.doesNotMatch(svg, />Target</);
  });

  it("draws each share's Wilson interval: 2/3 is 20.8 % to 93.9 %, 1/3 is 6.1 % to 79.2 %", () => {
    // 2/3: centre (0.6667 + 0.6402) / 2.2805 = 0.5731, half (1.96 / 2.2805) x 0.4252 = 0.3654.
    // The SVG keeps two decimals.
    const whiskers = [...svg.matchAll(/class="qc-ci"[^>]*data-low="([\d.]+)" data-high="([\d.]+)"/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    assert.deepEqual(whiskers, [
      [0.21, 0.94],
      [0.06, 0.79],
    ]);
  });
});
