import * as assert from 'node:assert/strict';
import { gridHostMessageSchema, gridWebviewMessageSchema, participantsGrid, withdrawParticipant } from '../../src/core/participants';
import { withdrawalStudy } from './helpers/withdrawalStudy';

describe('participants grid', () => {
  it('lists participants with attributes, sources and codings, survey waves and withdrawals', async () => {
    const { project } = await withdrawalStudy();
    await withdrawParticipant(project, 'p02', { reason: 'moved away' });
    const g = participantsGrid(project, {}, 7);
    assert.equal(g.version, 7);
    assert.deepEqual(g.attributes, [{ name: 'region', values: ['north', 'wales'], declared: true }]);
    assert.deepEqual(
      g.rows.map((r) => [r.id, r.attributes.region, r.sources.map((s) => s.path), r.codings, r.waves, r.withdrawn]),
      [
        ['p01', 'north', ['transcripts/p01.transcript'], 1, ['start'], null],
        ['p02', 'wales', ['transcripts/p02.transcript'], 1, ['start'], { date: '2026-11-29', reason: 'moved away' }],
      ],
    );
    assert.deepEqual(g.waves, ['start']);
    assert.deepEqual([g.target, g.targets], [{ kind: 'survey', wave: 'start' }, [{ kind: 'survey', wave: 'start' }]]);
    assert.equal(g.composition.participants, 1, 'the withdrawn participant is shown in the grid but not counted');
    assert.equal(
      gridHostMessageSchema.safeParse(JSON.parse(JSON.stringify({ type: 'update', view: g }))).success,
      true,
      'what the webview checks accepts it',
    );
  });

  it('falls back to the default target when the one asked for is gone', async () => {
    const { project } = await withdrawalStudy();
    assert.deepEqual(participantsGrid(project, { target: { kind: 'survey', wave: 'end' } }).target, { kind: 'survey', wave: 'start' });
    assert.deepEqual(participantsGrid(project, { target: { kind: 'participants' } }).composition.targetFrom, { kind: 'participants' });
  });

  it('drops malformed messages from the webview', () => {
    assert.equal(gridWebviewMessageSchema.safeParse({ type: 'setAttribute', participant: 'p01', attribute: 'region' }).success, false);
    assert.equal(gridWebviewMessageSchema.safeParse({ type: 'setTarget', target: { kind: 'survey' } }).success, false);
    assert.equal(gridWebviewMessageSchema.safeParse({ type: 'run', command: 'rm -rf' }).success, false);
    assert.equal(gridWebviewMessageSchema.safeParse({ type: 'withdraw', participant: 'p01' }).success, true);
  });
});
