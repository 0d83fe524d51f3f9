/**
 * The review pack's own style and script, inlined into pack.html. The script is
 * plain ES2017 for old phones; it only ever writes user text with textContent
 * and `.value`, never as markup, and makes no request: progress goes to
 * localStorage, the response file to a Blob link.
 */

/** Readable on a phone, a desktop and on paper. */
export const PACK_STYLE = `
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #fff; --muted: #555; --line: #bbb; --accent: #1f4e8c; --soft: #f3f5f9; }
@media (prefers-color-scheme: dark) { :root { --fg: #eee; --bg: #161616; --muted: #bbb; --line: #666; --accent: #8ab4f8; --soft: #23262b; } }
html { font-size: 118.75%; -webkit-text-size-adjust: 100%; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; line-height: 1.6; color: var(--fg); background: var(--bg); margin: 0; }
main { max-width: 44rem; margin: 0 auto; padding: 1rem 1.1rem 5rem; }
h1 { font-size: 1.75rem; line-height: 1.25; } h2 { font-size: 1.4rem; margin-top: 2.5rem; } h3 { font-size: 1.25rem; } h4, h5, h6 { font-size: 1.1rem; }
.meta, .path, .hint { color: var(--muted); font-size: .9rem; }
.code { border: 1px solid var(--line); border-radius: .5rem; padding: .25rem 1rem 1rem; margin: 1.25rem 0; }
.code .code { margin-left: .25rem; }
.code h3, .code h4, .code h5, .code h6 { margin: .75rem 0 .25rem; }
blockquote { margin: .5rem 0; padding: .4rem .8rem; border-left: .3rem solid var(--line); background: var(--soft); }
fieldset { border: 1px solid var(--line); border-radius: .4rem; margin: .75rem 0; padding: .5rem .9rem .75rem; }
legend { font-weight: 600; float: left; width: 100%; padding: .25rem 0; }
legend + * { clear: left; }
.choices label { display: flex; align-items: flex-start; gap: .6rem; padding: .45rem .2rem; cursor: pointer; min-height: 2.75rem; box-sizing: border-box; }
input[type=radio] { flex: none; width: 1.3rem; height: 1.3rem; margin: .1rem 0 0; }
label.field { display: block; margin-top: .75rem; font-weight: 600; }
input[type=text], textarea { display: block; width: 100%; box-sizing: border-box; font: inherit; padding: .5rem; margin-top: .25rem; border: 1px solid var(--line); border-radius: .3rem; background: var(--bg); color: var(--fg); }
textarea { min-height: 5rem; resize: vertical; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
button { font: inherit; padding: .7rem 1.2rem; margin: .5rem .5rem .5rem 0; border-radius: .4rem; border: 2px solid var(--accent); background: var(--accent); color: var(--bg); cursor: pointer; min-height: 2.75rem; }
button.secondary { background: transparent; color: var(--accent); }
.changes li { margin: .2rem 0; }
.notice { border-left: .3rem solid var(--accent); padding: .3rem .8rem; font-weight: 600; }
#status { min-height: 1.6em; font-weight: 600; }
.print-only { display: none; }
@media print {
  html { font-size: 11pt; } :root { --fg: #000; --bg: #fff; --muted: #333; --line: #888; --soft: #fff; }
  main { max-width: none; padding: 0; }
  .actions, #status, #copy-area, .screen-only { display: none !important; }
  .print-only { display: block; }
  .code { break-inside: avoid; }
  textarea { min-height: 6rem; } input[type=text] { min-height: 2rem; }
}
`;

/** The page script: progress in localStorage, "Save my responses", "Copy my responses as text". */
export const PACK_SCRIPT = `(function () {
  'use strict';
  var meta = JSON.parse(document.getElementById('pack-meta').textContent);
  var form = document.getElementById('review');
  var status = document.getElementById('status');
  var respondent = document.getElementById('respondent');
  var general = document.getElementById('general');
  var storage = null;
  try { storage = window.localStorage; storage.getItem(meta.storageKey); } catch (e) { storage = null; }
  var responseId = null;
  function say(text) { status.textContent = text; }
  function newId() {
    var bytes = new Uint8Array(6), alphabet = '0123456789abcdefghjkmnpqrstvwxyz', s = '';
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(bytes);
    else for (var i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    for (var k = 0; k < bytes.length; k++) s += alphabet.charAt(bytes[k] & 31);
    return s;
  }
  function sections() { return Array.prototype.slice.call(document.querySelectorAll('section[data-code]')); }
  // Codes nest: a section holds its children's sections, so look only at its own fields.
  function field(section, kind) { return section.querySelector(':scope > [data-field="' + kind + '"]'); }
  function radio(section, selector) { return section.querySelector(':scope > fieldset input[type=radio]' + selector); }
  function collect() {
    var answers = [];
    sections().forEach(function (s) {
      var checked = radio(s, ':checked');
      var comment = field(s, 'comment').value, better = field(s, 'betterName').value;
      if (!checked && !comment.trim() && !better.trim()) return;
      var a = { code: s.getAttribute('data-code'), name: s.getAttribute('data-name') };
      if (checked) a.fit = checked.value;
      if (comment.trim()) a.comment = comment.trim();
      if (better.trim()) a.betterName = better.trim();
      answers.push(a);
    });
    if (!responseId) responseId = newId();
    var r = { kind: 'reflexive-qda/review-response', format: 1, round: meta.round, codebookVersion: meta.codebookVersion, id: responseId,
      respondent: respondent.value.trim(), saved: new Date().toISOString().replace(/\\.\\d{3}Z$/, 'Z'), answers: answers };
    if (general.value.trim()) r.general = general.value.trim();
    return r;
  }
  function keep() {
    if (!storage) return;
    try { storage.setItem(meta.storageKey, JSON.stringify(collect())); } catch (e) { /* storage full or refused: answers stay on the page */ }
  }
  function restore() {
    if (!storage) { say('This browser does not keep your answers if you close the page: save your responses before you close it.'); return; }
    var saved = null;
    try { saved = JSON.parse(storage.getItem(meta.storageKey) || 'null'); } catch (e) { saved = null; }
    if (!saved || saved.round !== meta.round) return;
    responseId = saved.id || null;
    respondent.value = saved.respondent || '';
    general.value = saved.general || '';
    (saved.answers || []).forEach(function (a) {
      var s = document.querySelector('section[data-code="' + String(a.code).replace(/[^a-z0-9-]/g, '') + '"]');
      if (!s) return;
      if (a.fit) { var r = radio(s, '[value="' + String(a.fit).replace(/[^A-Za-z]/g, '') + '"]'); if (r) r.checked = true; }
      field(s, 'comment').value = a.comment || '';
      field(s, 'betterName').value = a.betterName || '';
    });
    say('Your answers so far have been brought back. You can carry on where you left off.');
  }
  var FIT = { fits: 'fits my experience', partly: 'partly fits', notFit: 'does not fit' };
  function asText(r) {
    var lines = ['Reflexive QDA review response', 'Round: ' + r.round, 'Codebook: ' + r.codebookVersion, 'Response: ' + r.id, 'Respondent: ' + r.respondent, ''];
    r.answers.forEach(function (a) {
      lines.push('[' + a.code + '] ' + a.name);
      if (a.fit) lines.push('Fit: ' + FIT[a.fit]);
      if (a.comment) lines.push('Comment: ' + a.comment);
      if (a.betterName) lines.push('Better name: ' + a.betterName);
      lines.push('');
    });
    if (r.general) lines.push('General comments:', r.general, '');
    return lines.join('\\n');
  }
  function needName() {
    if (respondent.value.trim()) return false;
    say('Please write your name or a pseudonym first (at the top of the page).');
    respondent.focus();
    return true;
  }
  function slug(s) { return s.toLowerCase().normalize('NFKD').replace(/[\\u0300-\\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'response'; }
  document.getElementById('save').addEventListener('click', function () {
    if (needName()) return;
    var r = collect();
    keep();
    var name = 'review-' + meta.round + '-' + slug(r.respondent) + '.json';
    var link = document.getElementById('download');
    if (link.href && link.href.indexOf('blob:') === 0) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([JSON.stringify(r, null, 2) + '\\n'], { type: 'application/json' }));
    link.download = name;
    link.textContent = 'Download ' + name + ' again';
    link.hidden = false;
    link.click();
    say('Saved as ' + name + ' (' + r.answers.length + ' of ' + sections().length + ' codes answered). Please send this file back to the research team.');
  });
  document.getElementById('copy').addEventListener('click', function () {
    if (needName()) return;
    var text = asText(collect());
    var area = document.getElementById('copy-text');
    document.getElementById('copy-area').hidden = false;
    area.value = text;
    var fallback = function () {
      area.focus(); area.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      say(ok ? 'Copied. Paste your responses into an email to the research team.' : 'Select the text below, copy it and paste it into an email to the research team.');
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { say('Copied. Paste your responses into an email to the research team.'); }, fallback);
    } else fallback();
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.addEventListener('input', keep);
  form.addEventListener('change', keep);
  restore();
  document.documentElement.setAttribute('data-ready', 'true');
})();`;
