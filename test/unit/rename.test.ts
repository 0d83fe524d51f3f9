import * as assert from 'node:assert/strict';
import { Project } from '../../src/core/project/project';
import { renameSource } from '../../src/core/project/rename';
import { memoryPorts } from './helpers/memoryFiles';

describe('renameSource', () => {
  it('moves the codings file and updates memo links, participants and the saturation order', async () => {
    const ports = memoryPorts({
      'qda/project.yaml': 'format: 1\nsources: [t/**/*.txt]\nsaturation:\n  order: [t/a.txt]\n',
      'qda/codebook.yaml': 'codes:\n  - {id: c, name: C}\n',
      't/b.txt': 'Hello there',
      'qda/codings/t/a.txt.yaml': 'source: t/a.txt\ncodings:\n  - {id: x, code: c, start: 0, end: 5, text: Hello}\n',
      'qda/memos/m.md':
        '---\nid: m1\ncreated: 2026-01-01T00:00:00Z\nkind: analytic\nlinks:\n  - source: t/a.txt\n    start: 0\n    end: 5\n  - code: c\n---\nBody\n',
      'qda/participants.yaml': 'participants:\n  - id: p1\n    sources: [t/a.txt]\n',
    });
    const project = await Project.open(ports);
    await renameSource(project, 't/a.txt', 't/b.txt');
    assert.ok(!ports.files.files.has('qda/codings/t/a.txt.yaml'));
    assert.equal(
      ports.files.text('qda/codings/t/b.txt.yaml'),
      'source: t/b.txt\ncodings:\n  - id: x\n    code: c\n    start: 0\n    end: 5\n    text: Hello\n',
    );
    assert.match(ports.files.text('qda/memos/m.md')!, / {2}- source: t\/b\.txt\n/);
    assert.match(ports.files.text('qda/participants.yaml')!, /sources: \[t\/b\.txt\]/);
    assert.match(ports.files.text('qda/project.yaml')!, /order:\n {4}- t\/b\.txt\n/);
    assert.deepEqual([...project.codings.keys()], ['t/b.txt']);
  });
});
