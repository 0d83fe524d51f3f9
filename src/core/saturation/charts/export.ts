/**
 * The files "Export Saturation Figures" writes: SVG charts, CSV tables and a
 * captions file naming each figure's method, so a paper can cite them as drawn.
 */
import { escapeMarkdown } from '../../output';
import { slugify } from '../../project';
import { newCodesSvg } from './bars';
import { compositionSvg } from './composition';
import { compositionCsv, curveCsv, estimatesCsv, guestCsv, methodsCsv, subgroupsCsv } from './csv';
import { saturationCurveSvg, subgroupCurvesSvg } from './curve';
import { parameterText, percent, unitNoun } from './numbers';
import type { SaturationView } from './protocol';

export interface ExportFile {
  /** A plain file name: no folders, safe on every file system. */
  name: string;
  content: string;
}

/**
 * A file-name-safe slug of user text ("Age band" -> "age-band"). Never empty,
 * never a path: an attribute called "../x" cannot write outside the folder.
 */
export function fileSlug(text: string): string {
  return slugify(text, 'attribute');
}

function uniqueNamer(): (stem: string, ext: string) => string {
  const used = new Set<string>();
  return (stem, ext) => {
    let name = `${stem}.${ext}`;
    for (let k = 2; used.has(name); k++) name = `${stem}-${k}.${ext}`;
    used.add(name);
    return name;
  };
}

/** Every file of the export for one view of the panel, in a stable order. */
export function saturationExportFiles(view: SaturationView): ExportFile[] {
  const { report, composition } = view;
  const name = uniqueNamer();
  const files: ExportFile[] = [];
  // captions.md is Markdown: the study title, coder and attribute names are the user's text, shown as text.
  const md = escapeMarkdown;
  const captions: string[] = [`# Saturation figures: ${md(view.title)}`, ''];
  const scope = `${report.units.length} ${unitNoun(report.by, report.units.length)} coded, ${report.coder ? `codings by ${md(report.coder)}` : 'codings by every coder'}; Guest base ${report.guest.baseSize}, run ${report.guest.runLength}, threshold ${percent(report.guest.threshold)}.`;
  captions.push(scope, '');
  const add = (file: string, content: string, caption: string) => {
    files.push({ name: file, content });
    captions.push(`- ${file}: ${caption}`);
  };
  const cite = (key: string) => {
    const n = report.methods[key];
    if (!n) return '';
    const params = parameterText(n.parameters);
    return `${n.label}: ${n.method.replace(/\.$/, '')}${n.citation ? ` (${n.citation})` : ''}${params ? ` [${params}]` : ''}`;
  };

  add(
    name('saturation-curve', 'svg'),
    saturationCurveSvg(report, report.by),
    [cite('cumulative'), cite('expectedCurve'), cite('expectedCurveSD'), cite('band'), cite('chao2')].filter(Boolean).join('; '),
  );
  add(
    name('new-codes', 'svg'),
    newCodesSvg(report, report.by, { newCodeNames: view.newCodeNames }),
    [cite('newCodes'), cite('guest')].filter(Boolean).join('; '),
  );
  if (report.subgroups) {
    add(
      name(`subgroups-${fileSlug(report.subgroups.attribute)}`, 'svg'),
      subgroupCurvesSvg(report.subgroups, report.by),
      `Codes seen so far within each category of "${md(report.subgroups.attribute)}".`,
    );
  }
  for (const a of composition.attributes) {
    add(
      name(`representativeness-${fileSlug(a.attribute)}`, 'svg'),
      compositionSvg(a, composition.tolerance),
      `Sample composition by "${md(a.attribute)}"${a.hasTarget ? ` against its target. ${composition.rule}` : ' (no target set).'}`,
    );
  }
  add(
    name('saturation', 'csv'),
    curveCsv(report, view.newCodeNames),
    'Per unit in interview order: new codes, codes so far, expected curve with SD, random-order band.',
  );
  add(name('guest-runs', 'csv'), guestCsv(report), cite('guest'));
  add(
    name('estimates', 'csv'),
    estimatesCsv(report),
    'Observed codes, Chao2 (classic, bias-corrected, SE), share observed, sample coverage, Good-Turing, Guest saturation point, with methods and citations.',
  );
  add(name('methods', 'csv'), methodsCsv(report), 'Every method, citation and parameter behind the figures.');
  if (report.subgroups) {
    add(
      name(`subgroups-${fileSlug(report.subgroups.attribute)}`, 'csv'),
      subgroupsCsv(report.subgroups),
      `The statistics per category of "${md(report.subgroups.attribute)}".`,
    );
  }
  add(name('representativeness', 'csv'), compositionCsv(composition), composition.rule);
  for (const w of [...report.warnings, ...composition.warnings]) captions.push(`- Note: ${md(w)}`);
  files.push({ name: name('captions', 'md'), content: captions.join('\n') + '\n' });
  return files;
}
