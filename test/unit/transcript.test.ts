import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CodePointIndex } from '../../src/core/text';
import {
  countWords,
  groupBySpeaker,
  parseTimestamp,
  parseTranscript,
  speakerRole,
  timestampAtOrBefore,
  wordsPerSpeaker,
  type Span,
  type TranscriptStructure,
} from '../../src/core/transcripts';

const DEFAULT_LABELS = ['Interviewer', 'I', 'Int', 'Facilitator', 'Researcher'];

const at = (text: string, span: Span | undefined) => (span ? text.slice(span.start, span.end) : undefined);
const speakers = (s: TranscriptStructure) => s.turns.map((t) => t.speaker);

/** Every span's code point offsets agree with its UTF-16 ones. */
function assertSpansConsistent(text: string, s: TranscriptStructure): void {
  const index = new CodePointIndex(text);
  const spans = [
    ...s.turns.flatMap((t) => [t.span, t.text, ...(t.label ? [t.label] : [])]),
    ...s.timestamps.map((t) => t.span),
    ...s.sections.map((x) => x.span),
  ];
  for (const sp of spans) {
    assert.ok(0 <= sp.start && sp.start <= sp.end && sp.end <= text.length, `span ${sp.start}-${sp.end} outside the text`);
    assert.equal(sp.cpStart, index.toCodePoint(sp.start));
    assert.equal(sp.cpEnd, index.toCodePoint(sp.end));
  }
}

describe('parseTranscript: paragraph transcripts', () => {
  const T = [
    "[00:00:04] Interviewer: Okay, that's recording now.",
    '',
    "[00:00:15] P01: Right. Um. (laughs) So I'm thirty-eight.",
    '',
  ].join('\n');

  it('reads timestamped turns: speaker, timestamp, label and spoken text', () => {
    const s = parseTranscript(T);
    assert.equal(s.kind, 'transcript');
    assert.deepEqual(speakers(s), ['Interviewer', 'P01']);
    const [first, second] = s.turns;
    assert.deepEqual([first.timestamp?.text, first.timestamp?.seconds, first.timestamp?.line], ['[00:00:04]', 4, 0]);
    assert.equal(at(T, first.label), 'Interviewer');
    assert.equal(at(T, first.text), "Okay, that's recording now.");
    assert.equal(at(T, first.span), "[00:00:04] Interviewer: Okay, that's recording now.");
    assert.deepEqual([second.line, second.endLine, second.timestamp?.seconds], [2, 2, 15]);
    assert.equal(second.words, 5);
  });

  it('gives code point offsets beside UTF-16 ones when astral characters come first', () => {
    const text = `Note 🙂🙂\n\n${T}`;
    const s = parseTranscript(text);
    const label = s.turns[1].label!;
    assert.equal(at(text, label), 'Interviewer');
    assert.equal(label.start - label.cpStart, 2);
    assert.equal(new CodePointIndex(text).slice(label.cpStart, label.cpEnd), 'Interviewer');
    assertSpansConsistent(text, s);
  });

  it('reads non-ASCII speaker names (Zoë, Łukasz, Nguyễn Văn An)', () => {
    const text = 'Zoë: Bore da.\n\nŁukasz: Dzień dobry.\n\n[00:01:02] Nguyễn Văn An: Xin chào.\n';
    assert.deepEqual(speakers(parseTranscript(text)), ['Zoë', 'Łukasz', 'Nguyễn Văn An']);
    // Decomposed (NFD) accents are marks inside the name, not the end of it.
    assert.deepEqual(speakers(parseTranscript('Zoe\u0308: Bore da.')), ['Zoe\u0308']);
  });

  it('reads CR LF files like LF files, offsets aside', () => {
    const lf = `${T}\nŁukasz: Yes.\nNote: this continues.\n\n# Part two\n\nP01: More.\n`;
    const crlf = lf.replace(/\n/g, '\r\n');
    const a = parseTranscript(lf);
    const b = parseTranscript(crlf);
    assert.deepEqual(speakers(b), speakers(a));
    assert.deepEqual(
      b.turns.map((t) => [t.line, t.endLine, t.words, at(crlf, t.label)]),
      a.turns.map((t) => [t.line, t.endLine, t.words, at(lf, t.label)]),
    );
    assert.deepEqual(
      b.turns.map((t) => at(crlf, t.text)?.replace(/\r\n/g, '\n')),
      a.turns.map((t) => at(lf, t.text)),
    );
    assert.ok(b.turns.every((t) => !at(crlf, t.span)!.endsWith('\r')));
    assert.deepEqual(
      b.sections.map((x) => [x.title, x.line, x.endLine]),
      [['Part two', 7, 9]],
    );
    assertSpansConsistent(crlf, b);
  });

  it('does not take a colon in a sentence, or a label-like line inside a turn, for a speaker', () => {
    const text = [
      'Łukasz: I went to the office and',
      'Note: this line continues his turn.',
      '',
      'I said to him: no. A sentence at a paragraph start.',
      '',
      'One Two Three Four Five: five words.',
      '',
      'Averyveryveryverylongnamethatgoesonandonforever: too long.',
      '',
      'https://example.org is a link.',
      '',
      '12:30: a clock time.',
      '',
      '  Indented: not at the line start.',
    ].join('\n');
    const s = parseTranscript(text);
    // None of them is a label, so every paragraph continues Łukasz's turn.
    assert.deepEqual(speakers(s), ['Łukasz']);
    assert.deepEqual(
      s.labels.map((l) => l.speaker),
      ['Łukasz'],
    );
    assert.equal(at(text, s.turns[0].text), text.slice('Łukasz: '.length));
    assert.deepEqual(s.timestamps, []);
    assert.deepEqual(speakers(parseTranscript('I said to him: no.\n\nI know: yes.')), [undefined, undefined]);
  });

  it('starts a turn at every line of a known speaker, so one-turn-per-line files work', () => {
    const text = 'Interviewer: How are you?\nP01: Fine.\nInterviewer: Good.\nP01: And Note: this is text.\nNote: once is not enough.\n';
    const s = parseTranscript(text);
    assert.deepEqual(speakers(s), ['Interviewer', 'P01', 'Interviewer', 'P01']);
    assert.equal(at(text, s.turns[3].text), 'And Note: this is text.\nNote: once is not enough.');
  });

  it('continues a speaker over unlabelled paragraphs, and keeps a preamble apart', () => {
    const text =
      'Interview 7 (Rosa, pseudonym)\nTranscribed from audio.\n\nInterviewer: How do you manage?\n\nRosa: We get by.\n\nI do the shopping on a Tuesday.\n\nInterviewer: Thank you.\n';
    const s = parseTranscript(text);
    assert.deepEqual(speakers(s), [undefined, 'Interviewer', 'Rosa', 'Interviewer']);
    assert.deepEqual([s.turns[0].line, s.turns[0].endLine, s.turns[2].line, s.turns[2].endLine], [0, 1, 5, 7]);
    assert.equal(at(text, s.turns[2].text), 'We get by.\n\nI do the shopping on a Tuesday.');
    assert.equal(s.turns[2].words, 10);
    // Without any speaker, each paragraph is a turn.
    assert.equal(parseTranscript('One.\n\nTwo.\n\nThree.').turns.length, 3);
  });

  it('reads a timestamp after the label (Rev style) and a parenthesis in the label', () => {
    const text = 'Speaker 1 (00:03:12): Hello.\n\nInterviewer (JS): Hi.\n\nJan de Vries: Hallo.\n';
    const s = parseTranscript(text);
    assert.deepEqual(speakers(s), ['Speaker 1', 'Interviewer (JS)', 'Jan de Vries']);
    assert.deepEqual([s.turns[0].timestamp?.text, s.turns[0].timestamp?.seconds, at(text, s.turns[0].text)], ['(00:03:12)', 192, 'Hello.']);
  });

  it('lists leading and bracketed inline timestamps, but not clock times', () => {
    const text =
      '00:03:12.500 Interviewer: At [00:05:00] we paused (05:10) and 12:30 is a time.\n\n(1:02:03) P01: Yes, at 10:30:00.\n\n[00:10:00] P01: one\n[00:10:05] Interviewer: two\n';
    const s = parseTranscript(text);
    assert.deepEqual(
      s.timestamps.map((t) => [t.text, t.seconds, t.line]),
      [
        ['00:03:12.500', 192.5, 0],
        ['[00:05:00]', 300, 0],
        ['(05:10)', 310, 0],
        ['(1:02:03)', 3723, 2],
        ['[00:10:00]', 600, 4],
        ['[00:10:05]', 605, 5],
      ],
    );
    assert.deepEqual(speakers(s), ['Interviewer', 'P01', 'P01', 'Interviewer']);
    // A clock time is two words, as a double-click in the editor sees it.
    assert.equal(s.turns[0].words, 9);
  });

  it('reads sections from # headings, nested by level, and puts turns in them', () => {
    const text =
      'I: Before any section.\n\n# Part one\n\nI: Hello.\n\n## Money\n\nP01: Bills.\n\n# Part two\nP01: Later.\n\n#hashtag is text\n';
    const s = parseTranscript(text);
    assert.deepEqual(
      s.sections.map((x) => [x.title, x.level, x.line, x.endLine]),
      [
        ['Part one', 1, 2, 8],
        ['Money', 2, 6, 8],
        ['Part two', 1, 10, 13],
      ],
    );
    assert.deepEqual(
      s.turns.map((t) => [t.speaker, t.section]),
      [
        ['I', undefined],
        ['I', 0],
        ['P01', 1],
        ['P01', 2],
      ],
    );
    assert.equal(at(text, s.sections[1].heading), '## Money');
  });

  it('reads front matter values and starts the body after it', () => {
    const text =
      '---\ntitle: "Interview with Zoë"\nparticipant: p01 # a comment\ndate: 2026-03-02\ntags:\n  - money\n---\n# Part one: background\nZoë: Hello.\n';
    const s = parseTranscript(text);
    assert.deepEqual(s.frontMatter?.values, { title: 'Interview with Zoë', participant: 'p01', date: '2026-03-02' });
    assert.deepEqual([s.frontMatter?.endLine, at(text, s.frontMatter?.span)!.split('\n').length], [6, 7]);
    assert.deepEqual(
      s.sections.map((x) => x.title),
      ['Part one: background'],
    );
    assert.deepEqual(speakers(s), ['Zoë']);
  });

  it('reads no front matter unless it opens on the first line and closes', () => {
    assert.equal(parseTranscript('I: Hi.\n\n---\ntitle: x\n---\n').frontMatter, undefined);
    const unclosed = parseTranscript('---\ntitle: x\n\nI: Hi.\n');
    assert.equal(unclosed.frontMatter, undefined);
    assert.deepEqual(speakers(unclosed), [undefined, 'I']);
  });

  it('never throws, and keeps every span inside the text with matching code points (property)', () => {
    const piece = fc.constantFrom(
      '\n',
      '\r\n',
      '\n\n',
      ' ',
      'Zoë: ',
      'P01: ',
      '[00:01:02] ',
      '00:00:03.5 ',
      '(laughs)',
      '[inaudible',
      ']',
      '# H',
      '---',
      'word',
      '🙂',
      ':',
      'Note: ',
      '<v A>',
      '-->',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        for (const kind of ['transcript', 'webvtt', 'srt'] as const) assertSpansConsistent(text, parseTranscript(text, kind));
      }),
    );
  });

  it('recovers generated turns exactly (property)', () => {
    const name = fc.constantFrom('Interviewer', 'Zoë', 'Łukasz', 'Nguyễn Văn An', 'P01', 'Speaker 2', 'Jan de Vries');
    const words = fc.array(fc.constantFrom('money', "don't", 'thirty-eight', 'I', 'said:', 'Note:', '🙂', '(laughs)', '[crosstalk]'), {
      minLength: 1,
      maxLength: 8,
    });
    const turn = fc.record({ name, words, seconds: fc.integer({ min: 0, max: 36000 }) });
    fc.assert(
      fc.property(fc.array(turn, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (turns, eol) => {
        const hms = (n: number) => [Math.floor(n / 3600), Math.floor(n / 60) % 60, n % 60].map((x) => String(x).padStart(2, '0')).join(':');
        const text = turns.map((t) => `[${hms(t.seconds)}] ${t.name}: ${t.words.join(' ')}`).join(eol + eol);
        const s = parseTranscript(text);
        assert.deepEqual(
          speakers(s),
          turns.map((t) => t.name),
        );
        assert.deepEqual(
          s.turns.map((t) => t.timestamp?.seconds),
          turns.map((t) => t.seconds),
        );
        assert.deepEqual(
          s.turns.map((t) => at(text, t.text)),
          turns.map((t) => t.words.join(' ')),
        );
      }),
    );
  });
});

describe('parseTranscript: captions', () => {
  const VTT = [
    'WEBVTT',
    '',
    'NOTE speaker labels anonymised',
    '',
    '1',
    '00:00:01.000 --> 00:00:04.040',
    "<v Interviewer>Okay, that's recording.</v>",
    '',
    '00:00:05.240 --> 00:00:12.080',
    '<v P08>Yeah, loud and <i>clear</i>.</v>',
    '',
    '00:00:12.500 --> 00:00:14.000',
    'Still me (laughs).',
    '',
    '00:00:14.680 --> 00:00:18.380',
    '<v Interviewer>Thanks.</v>',
    '',
  ].join('\n');

  it('merges consecutive cues of one speaker into a turn, with labels at the voices', () => {
    const s = parseTranscript(VTT);
    assert.equal(s.kind, 'webvtt');
    assert.deepEqual(speakers(s), ['Interviewer', 'P08', 'Interviewer']);
    const p08 = s.turns[1];
    assert.deepEqual([p08.line, p08.endLine, p08.timestamp?.text, p08.timestamp?.seconds, p08.words], [8, 12, '00:00:05.240', 5.24, 6]);
    assert.equal(at(VTT, p08.label), 'P08');
    assert.ok(at(VTT, p08.text)!.startsWith('Yeah, loud'));
    assert.deepEqual(
      s.timestamps.map((t) => t.seconds),
      [1, 5.24, 12.5, 14.68],
    );
    assert.deepEqual(
      s.labels.map((l) => [l.speaker, at(VTT, l.span)]),
      [
        ['Interviewer', 'Interviewer'],
        ['P08', 'P08'],
        ['Interviewer', 'Interviewer'],
      ],
    );
    assertSpansConsistent(VTT, s);
  });

  it('takes a Zoom-style "Name:" at the start of the cue text as the speaker', () => {
    const text = 'WEBVTT\n\n1\n00:00:02.350 --> 00:00:05.120\nZoë Ł: Hello there.\n\n2\n00:00:06.000 --> 00:00:07.000\nŁukasz: Hi.\n';
    const s = parseTranscript(text);
    assert.deepEqual(speakers(s), ['Zoë Ł', 'Łukasz']);
    assert.deepEqual([at(text, s.turns[0].label), at(text, s.turns[0].text), s.turns[0].words], ['Zoë Ł', 'Hello there.', 2]);
  });

  it('makes each cue a turn when no cue names a speaker', () => {
    const text = '1\r\n00:00:01,000 --> 00:00:02,000\r\n<i>One</i> line.\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nTwo.\r\n';
    const s = parseTranscript(text);
    assert.equal(s.kind, 'srt');
    assert.deepEqual(
      s.turns.map((t) => [t.speaker, t.timestamp?.text, t.words, t.line, t.endLine]),
      [
        [undefined, '00:00:01,000', 2, 0, 2],
        [undefined, '00:00:03,000', 1, 4, 6],
      ],
    );
  });

  it('finds a label inside caption markup, as the importer does', () => {
    const text = '1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color="#fff">Zoë:</font> Hi there.\n';
    const [turn] = parseTranscript(text).turns;
    assert.deepEqual([turn.speaker, at(text, turn.label), turn.words], ['Zoë', 'Zoë', 2]);
  });

  it('tells the kind from the content when not given', () => {
    assert.equal(parseTranscript('WEBVTT\n').kind, 'webvtt');
    assert.equal(parseTranscript('\uFEFFWEBVTT - title\n').kind, 'webvtt');
    assert.equal(parseTranscript('1\n00:00:01,000 --> 00:00:02,000\nHi\n').kind, 'srt');
    assert.equal(parseTranscript('WEBVTTX\n').kind, 'transcript');
  });
});

describe('wordsPerSpeaker', () => {
  it('counts words and turns per speaker, leaving out timestamps, annotations and tags', () => {
    const s = parseTranscript(
      "Preamble here.\n\n[00:00:01] I: So?\n\nP01: Yes (laughs) [inaudible 00:00:03] I don't know, thirty-eight.\n\n00:00:09.000 More, from P01.\n\nI: Right (05:00).\n",
    );
    assert.deepEqual(wordsPerSpeaker(s), [
      { turns: 1, words: 2 },
      { speaker: 'I', turns: 2, words: 2 },
      { speaker: 'P01', turns: 1, words: 8 },
    ]);
  });

  it('keeps apostrophes and hyphens inside words, as the word pattern does', () => {
    assert.equal(countWords("00:01:02 Zoë's thirty-eight don’t -- 'quoted' <i>x</i> (pause) [redacted] [00:01:02]"), 5);
  });
});

describe('speakerRole', () => {
  it('knows the default interviewer labels, ignoring case, numbers and initials', () => {
    for (const label of [
      'Interviewer',
      'INTERVIEWER',
      'I',
      'Int',
      'Facilitator',
      'researcher',
      'Interviewer 2',
      'I1',
      'Interviewer (JS)',
    ]) {
      assert.equal(speakerRole(label, DEFAULT_LABELS), 'interviewer', label);
    }
    for (const label of ['P01', 'Zoë', 'Intern', 'Participant', 'Speaker 1', 'In'])
      assert.equal(speakerRole(label, DEFAULT_LABELS), 'participant', label);
  });

  it('uses the labels it is given', () => {
    assert.equal(speakerRole('Moderator', ['Moderator']), 'interviewer');
    assert.equal(speakerRole('Interviewer', ['Moderator']), 'participant');
  });
});

describe('parseTimestamp, timestampAtOrBefore, groupBySpeaker', () => {
  it('reads the times people type and transcripts hold', () => {
    const cases: [string, number | undefined][] = [
      ['12:34', 754],
      ['1:02:03', 3723],
      ['00:03:12.500', 192.5],
      ['[00:03:12]', 192],
      ['(03:12)', 192],
      ['75', 75],
      [' 90:00 ', 5400],
      ['00:00:05,240', 5.24],
      ['12:75', undefined],
      ['1:2', undefined],
      ['abc', undefined],
      ['', undefined],
      ['1:02:03:04', undefined],
    ];
    for (const [text, seconds] of cases) assert.equal(parseTimestamp(text), seconds, text);
  });

  it('finds the timestamp at or before a time, or the first one', () => {
    const s = parseTranscript('[00:00:04] I: a\n\n[00:01:00] P: b\n\n[00:02:00] I: c\n');
    assert.equal(timestampAtOrBefore(s.timestamps, 90)?.text, '[00:01:00]');
    assert.equal(timestampAtOrBefore(s.timestamps, 60)?.text, '[00:01:00]');
    assert.equal(timestampAtOrBefore(s.timestamps, 9999)?.text, '[00:02:00]');
    assert.equal(timestampAtOrBefore(s.timestamps, 1)?.text, '[00:00:04]');
    assert.equal(timestampAtOrBefore([], 1), undefined);
  });

  it('groups items by speaker, unnamed items joining the turn before', () => {
    const g = groupBySpeaker<{ speaker?: string; n: number }>([
      { speaker: 'A', n: 1 },
      { n: 2 },
      { speaker: 'A', n: 3 },
      { speaker: 'B', n: 4 },
      { n: 5 },
    ]);
    assert.deepEqual(
      g.map((x) => x.map((i) => i.n)),
      [
        [1, 2, 3],
        [4, 5],
      ],
    );
    type Item = { speaker?: string; n: number };
    assert.equal(groupBySpeaker<Item>([{ n: 1 }, { n: 2 }]).length, 2);
    assert.deepEqual(
      groupBySpeaker<Item>([{ n: 1 }, { speaker: 'A', n: 2 }]).map((x) => x.length),
      [1, 1],
    );
  });
});
