/**
 * Methods: the sample against its target or survey (with the test used), the
 * coding (codes, codings, coders, agreement where two coders coded the same
 * sources), saturation (the curve, Guest et al. 2020, Chao2 and coverage), and
 * the pseudonymisation actually applied. Every figure names its method and
 * source, in the words the panels use (saturation methodNotes, agreement METHODS).
 */
import { METHODS as AGREEMENT_METHODS, showFigure, unitRule } from '../agreement';
import type { AttributeComposition } from '../participants';
import { fixed, parameterText, percent, points, saturationCurveSvg, shortUnit, unitNoun } from '../saturation';
import type { ReportInputs } from './inputs';
import { count, labelled, para, type ReportBlock, type ReportSection } from './model';

const WILSON = 'Wilson EB (1927) Probable inference, the law of succession, and statistical inference. JASA 22:209-212';

/** The Methods section. */
export function methodsSection(x: ReportInputs): ReportSection {
  return {
    id: 'methods',
    title: 'Methods',
    blocks: [
      ...sample(x),
      ...coding(x),
      ...saturation(x),
      { kind: 'heading', level: 2, text: 'Pseudonymisation' },
      para(x.pseudonymStatement),
    ],
  };
}

function sample(x: ReportInputs): ReportBlock[] {
  const out: ReportBlock[] = [{ kind: 'heading', level: 2, text: 'Sample' }];
  const withdrawn = x.inc.withdrawn.length;
  out.push(
    para(
      `n = ${x.participantIds.length} ${x.participantIds.length === 1 ? 'participant' : 'participants'}, ${count(x.inc.sources.length, 'source')} (transcripts and survey answers)` +
        `${withdrawn ? `; ${withdrawn} withdrew and ${withdrawn === 1 ? 'is' : 'are'} left out of everything in this report` : ''}.`,
    ),
  );
  const c = x.composition;
  if (!c || !c.attributes.length) {
    out.push(para("No participant attributes are recorded in qda/participants.yaml, so the sample's composition is not described.", true));
    return out;
  }
  out.push(
    para(
      c.targetFrom.kind === 'survey'
        ? `Composition compared with survey wave “${x.p(c.targetFrom.wave)}” (${count(c.targetFrom.respondents, 'respondent')}). ${c.rule}`
        : `Composition compared with the target in qda/participants.yaml. ${c.rule}`,
    ),
  );
  for (const a of c.attributes) out.push(...attribute(x, a, c.targetFrom.kind === 'survey'));
  out.push(
    para(
      `Proportions carry 95 % Wilson intervals (${WILSON}). The fit to the target is tested with the exact multinomial test ` +
        "(every outcome enumerated, or a seeded Monte Carlo estimate for large samples) and Pearson's chi-square goodness-of-fit test, which is unreliable when expected counts are under 5.",
      true,
    ),
  );
  return out;
}

function attribute(x: ReportInputs, a: AttributeComposition, survey: boolean): ReportBlock[] {
  const rows = a.categories.map((k) => [
    x.p(k.value),
    String(k.count),
    percent(k.proportion),
    k.ciLow === null || k.ciHigh === null ? '—' : `${percent(k.ciLow)} – ${percent(k.ciHigh)}`,
    a.hasTarget ? `${percent(k.target)}${survey ? ` (${k.targetCount ?? 0})` : ''}` : '—',
    a.hasTarget ? points(k.difference) : '—',
    k.status,
  ]);
  const out: ReportBlock[] = [
    {
      kind: 'table',
      caption: x.p(a.attribute),
      header: ['Category', 'n', 'Share', '95 % CI (Wilson)', survey ? 'Survey (n)' : 'Target', 'Difference', 'Status'],
      rows,
      numeric: [1, 2, 4, 5],
    },
  ];
  const t = a.test;
  if (t && t.chi2 !== null) {
    out.push(
      para(
        `Fit of “${x.p(a.attribute)}” to the ${survey ? 'survey' : 'target'} (n = ${t.n}): exact multinomial p = ${fixed(t.exactP, 3)}` +
          `${t.exactMethod === 'monte-carlo' ? ' (Monte Carlo estimate)' : ''}; chi-square = ${fixed(t.chi2, 2)}, df = ${t.df}, p = ${fixed(t.p, 3)}.`,
      ),
    );
    for (const note of t.notes) out.push(para(note, true));
  }
  if (a.lacking.length)
    out.push(para(`${count(a.lacking.length, 'participant')} without a value: ${a.lacking.map(x.p).join(', ')}.`, true));
  return out;
}

function coding(x: ReportInputs): ReportBlock[] {
  const codings = [...x.support.values()].reduce((n, s) => n + s.codings, 0);
  const out: ReportBlock[] = [{ kind: 'heading', level: 2, text: 'Coding' }];
  const coders = x.coders.map((c) => `${x.p(c.coder)} (${count(c.codings, 'coding')} in ${count(c.sources, 'source')})`);
  out.push(
    para(
      `${count(x.data.nodes.length, 'active code')} (${count(x.data.roots.length, 'theme')}), ${count(codings, 'coding')} of active codes. ` +
        (coders.length ? `Coders: ${coders.join(', ')}.` : 'No coding names its coder.'),
    ),
  );
  if (!x.agreement.length) {
    out.push(
      para(
        x.coders.length > 1
          ? 'No two coders coded the same source, so inter-coder agreement is not reported.'
          : 'Each source was coded by one coder: inter-coder agreement does not apply.',
        true,
      ),
    );
    return out;
  }
  const rows = x.agreement.map((r) => [
    `${x.p(r.coders[0])} and ${x.p(r.coders[1])}`,
    String(r.sources.length),
    showFigure('kappa', r.overall.kappa),
    showFigure('alpha', r.overall.alpha),
    showFigure('agreement', r.overall.agreement),
    showFigure('jaccard', r.overall.jaccard),
  ]);
  out.push({
    kind: 'table',
    caption: 'Inter-coder agreement, all codes pooled, by character',
    header: ['Coders', 'Sources both coded', 'κ', 'α', 'Agreement', 'Jaccard'],
    rows,
    numeric: [1, 2, 3, 4, 5],
  });
  out.push(para(`Unit: ${unitRule('character')}.`, true));
  const m = AGREEMENT_METHODS;
  out.push({
    kind: 'list',
    items: (['kappa', 'alpha', 'agreement', 'jaccard'] as const).map((k) => [
      { text: `${m[k].label}: `, strong: true },
      { text: `${m[k].method}.${m[k].citation ? ` ${m[k].citation}` : ''}` },
    ]),
  });
  return out;
}

function saturation(x: ReportInputs): ReportBlock[] {
  const r = x.saturation;
  const g = r.guest;
  const noun = unitNoun(r.by);
  const out: ReportBlock[] = [{ kind: 'heading', level: 2, text: 'Saturation' }];
  const notes = r.methods;
  const caption =
    `Codes seen after each ${unitNoun(r.by, 1)}, in interview order; the expected curve over all orders (${notes.expectedCurve.citation}) ` +
    `with ±1 SD; ${r.band ? `the middle of ${r.band.orders} seeded random orders; ` : ''}the Chao2 estimate; the point where Guest et al.'s criterion is met.`;
  const table = {
    header: ['#', unitNoun(r.by, 1), 'New codes', 'So far', 'Expected ± SD'],
    rows: r.units.map((u, i) => [
      String(i + 1),
      x.p(shortUnit(u)),
      String(r.newCodes[i]),
      String(r.cumulative[i]),
      `${fixed(r.expectedCurve[i], 2)} ± ${fixed(r.expectedCurveSD[i], 2)}`,
    ]),
    numeric: [0, 2, 3, 4],
  };
  // The chart names its units (source paths) in its tooltips: they pass the pseudonymiser like all project text.
  const named = { ...r, units: r.units.map(x.p), guest: { ...g, saturatedAt: g.saturatedAt === null ? null : x.p(g.saturatedAt) } };
  out.push({ kind: 'figure', svg: saturationCurveSvg(named, r.by), caption, table });
  const verdict =
    g.saturatedAt !== null
      ? `reached at ${x.p(shortUnit(g.saturatedAt))}: the run ending there added new codes at or under ${percent(g.threshold, 1)} of the ${g.baseCodes} codes in the base`
      : `not reached: no run of ${count(g.runLength, unitNoun(r.by, 1), noun)} has yet added new codes at or under ${percent(g.threshold, 1)} of the ${g.baseCodes} codes in the base`;
  out.push(
    labelled(
      'Thematic saturation (Guest, Namey & Chen 2020):',
      `base of ${count(g.baseSize, unitNoun(r.by, 1), noun)}, runs of ${g.runLength}, threshold ${percent(g.threshold, 1)}; ${verdict}. ${notes.guest.citation}.`,
    ),
  );
  const m = r.units.length;
  out.push(
    labelled(
      'Chao2:',
      m > 1
        ? `${fixed(r.chao2, 2)} ± ${fixed(r.chao2SE, 2)} codes estimated (bias-corrected ${fixed(r.chao2BiasCorrected, 2)}), ${r.observed} observed (${percent(r.observedShare, 0)}); ${parameterText(notes.chao2.parameters)}. ${notes.chao2.citation}.`
        : `not estimated: it needs two or more ${noun} (${m} coded).`,
    ),
  );
  out.push(
    labelled(
      'Sample coverage:',
      `${percent(r.coverage)} (${notes.coverage.method}; ${parameterText(notes.coverage.parameters)}). ${notes.coverage.citation}.`,
    ),
  );
  for (const w of r.warnings) out.push(para(w, true));
  return out;
}
