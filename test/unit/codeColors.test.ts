import * as assert from 'node:assert/strict';
import { addCode, freshColor, PALETTE, shownColor, shownColors } from '../../src/core/codes';
import type { Code } from '../../src/core/model';
import { Project } from '../../src/core/project/project';
import { memoryPorts } from './helpers/memoryFiles';

const code = (id: string, extra: Partial<Code> = {}): Code => ({ id, name: id, status: 'active', ...extra });

describe('code colours', () => {
  it('shows a code without a colour in its nearest ancestor’s colour', () => {
    const codes = [
      code('theme', { color: '#59A14F' }),
      code('child', { parent: 'theme' }),
      code('grandchild', { parent: 'child' }),
      code('own', { parent: 'theme', color: '#e15759' }),
      code('lone'),
    ];
    const shown = shownColors(codes);
    assert.equal(shown.get('theme'), '#59a14f', 'its own, lower case');
    assert.equal(shown.get('child'), '#59a14f', 'its parent’s');
    assert.equal(shown.get('grandchild'), '#59a14f', 'its grandparent’s');
    assert.equal(shown.get('own'), '#e15759', 'its own wins over its parent’s');
    assert.equal(shown.has('lone'), false, 'no colour anywhere up the tree');
    assert.equal(shownColor(codes, 'grandchild'), '#59a14f');
  });

  it('ignores a colour that is not #rrggbb and ends at a cycle of parents', () => {
    const codes = [code('a', { parent: 'b', color: 'red' }), code('b', { parent: 'a' }), code('c', { parent: 'a' })];
    assert.deepEqual([...shownColors(codes)], []);
  });

  it('gives a new code the first palette colour none of its siblings or its parent shows', () => {
    const codes = [
      code('theme', { color: PALETTE[0] }),
      code('x', { parent: 'theme', color: PALETTE[1] }),
      code('y', { parent: 'theme' }), // shows the theme's PALETTE[0]
      code('z', { parent: 'theme', color: PALETTE[3] }),
      code('other', { color: PALETTE[2] }), // not a sibling of theme's children
    ];
    assert.equal(freshColor(codes, 'theme'), PALETTE[2], '0 is the parent’s and y’s, 1 is x’s; 2 is only a cousin’s');
    // top level: theme (0) and other (2) are the siblings
    assert.equal(freshColor(codes), PALETTE[1]);
  });

  it('takes the colour its siblings show least when the palette is used up', () => {
    const codes = [
      code('p', { color: PALETTE[9] }),
      ...PALETTE.map((c, i) => code(`s${i}`, { parent: 'p', color: c })),
      code('again0', { parent: 'p', color: PALETTE[0] }),
      code('again1', { parent: 'p', color: PALETTE[1] }),
    ];
    // every colour used once by a sibling, 0 and 1 twice, 9 is the parent's: 2 is the first used least
    assert.equal(freshColor(codes, 'p'), PALETTE[2]);
  });

  it('colours codes made by addCode apart from their siblings', async () => {
    const project = await Project.open(
      memoryPorts({
        'qda/project.yaml': 'format: 1\nsources: [t/*.txt]\n',
        'qda/codebook.yaml': `codes:\n  - {id: help, name: Help, color: "${PALETTE[0]}"}\n  - {id: rent, name: Rent, parent: help, color: "${PALETTE[1]}"}\n`,
      }),
    );
    const a = await addCode(project, { name: 'Food', parent: 'help' });
    const b = await addCode(project, { name: 'Heating', parent: 'help' });
    const c = await addCode(project, { name: 'Hope' });
    assert.equal(a.color, PALETTE[2]);
    assert.equal(b.color, PALETTE[3]);
    assert.equal(c.color, PALETTE[1], 'the only top-level sibling shows PALETTE[0]');
    const kept = await addCode(project, { name: 'Chosen', parent: 'help', color: '#123456' });
    assert.equal(kept.color, '#123456', 'a colour given is kept');
  });
});
