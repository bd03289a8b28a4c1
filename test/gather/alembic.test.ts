import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRevisionFile, readFolder } from '../../src/gather/alembic.js';

describe('Alembic revision files', () => {
  test('reads plain and annotated revision lines', () => {
    assert.deepEqual(
      parseRevisionFile('v/1.py', "revision = 'abc123'\ndown_revision = None\n")?.down,
      [],
    );
    const annotated = parseRevisionFile(
      'v/2.py',
      '"""add items"""\nrevision: str = "def456"\ndown_revision: Union[str, Sequence[str], None] = "abc123"\n',
    );
    assert.equal(annotated?.id, 'def456');
    assert.equal(annotated?.line, 2);
    assert.deepEqual(annotated?.down, ['abc123']);
  });

  test('reads a merge over several lines', () => {
    const merge = parseRevisionFile(
      'v/3.py',
      "revision = 'm1'\ndown_revision = (\n    'a1',\n    'b2',\n)\n",
    );
    assert.deepEqual(merge?.down, ['a1', 'b2']);
  });

  test('a file without a literal revision is unreadable, not a crash', () => {
    assert.equal(parseRevisionFile('v/4.py', 'revision = compute()\n'), null);
    const folder = readFolder('alembic', ['alembic/versions/4.py'], ['revision = compute()\n']);
    assert.deepEqual(folder.unreadable, ['alembic/versions/4.py']);
    assert.deepEqual(folder.heads, []);
  });

  test('two branches without a merge have two heads', () => {
    const folder = readFolder(
      'alembic',
      ['a.py', 'b.py', 'c.py'],
      [
        "revision = 'a'\ndown_revision = None\n",
        "revision = 'b'\ndown_revision = 'a'\n",
        "revision = 'c'\ndown_revision = 'a'\n",
      ],
    );
    assert.deepEqual(folder.heads, ['b', 'c']);
  });
});
