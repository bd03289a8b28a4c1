// biome-ignore-all lint/suspicious/noTemplateCurlyInString: env files write references as ${NAME}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../src/checks/env/secrets-completeness.js';
import { runOn } from '../../support/env-files.js';

const TEMPLATE = 'SECRET_KEY=\nMAILGUN_API_KEY=your-key\nPORT=8000\n';

describe('secrets-completeness', () => {
  const cases: [string, Record<string, string>, string][] = [
    [
      'all set',
      { '.env': 'SECRET_KEY=a8f3k2\nMAILGUN_API_KEY=k-9x2\nPORT=80\n', '.env.example': TEMPLATE },
      'pass',
    ],
    [
      'reference counts as set',
      { '.env': 'SECRET_KEY=${VAULT}\nMAILGUN_API_KEY=k-9x2\nPORT=80\n', '.env.example': TEMPLATE },
      'pass',
    ],
    ['missing key', { '.env': 'SECRET_KEY=a8f3k2\nPORT=80\n', '.env.example': TEMPLATE }, 'fail'],
    [
      'empty secret',
      { '.env': 'SECRET_KEY=\nMAILGUN_API_KEY=k-9x2\nPORT=80\n', '.env.example': TEMPLATE },
      'fail',
    ],
    [
      'placeholder kept',
      {
        '.env': 'SECRET_KEY=a8f3k2\nMAILGUN_API_KEY=your-key\nPORT=80\n',
        '.env.example': TEMPLATE,
      },
      'fail',
    ],
    [
      'optional setting left empty',
      { '.env': 'ANALYTICS_ID=\n', '.env.example': 'ANALYTICS_ID=\n' },
      'warn',
    ],
    [
      'empty setting the template fills',
      { '.env': 'REGION=\n', '.env.example': 'REGION=eu-west-1\n' },
      'fail',
    ],
    ['no template, secrets set', { '.env': 'API_TOKEN=k-9x2f\n' }, 'pass'],
    ['no template, empty secret', { '.env': 'API_TOKEN=\n' }, 'fail'],
    ['no template, placeholder secret', { '.env': 'GITHUB_SECRET=changeme\n' }, 'fail'],
    ['no template, no secrets', { '.env': 'PORT=80\n' }, 'manual'],
    [
      'template elsewhere only',
      { '.env': 'PORT=80\n', 'web/.env.example': 'VITE_URL=\n' },
      'manual',
    ],
  ];

  for (const [name, texts, status] of cases) {
    it(`${name}: ${status}`, () => assert.equal(runOn(check, texts).status, status));
  }

  it('compares a template with the deployed file beside it', () => {
    const finding = runOn(check, {
      'api/.env': 'SECRET_KEY=a8f3k2\n',
      'api/.env.example': 'SECRET_KEY=\n',
      'web/.env.example': 'VITE_URL=\n',
    });

    assert.equal(finding.status, 'pass');
  });

  it('lists each problem with its key, file and line', () => {
    const finding = runOn(check, {
      '.env': 'SECRET_KEY=\nPORT=80\n',
      '.env.example': TEMPLATE,
    });
    const located = (finding.evidence ?? []).filter((item) => item.location?.line !== undefined);

    assert.deepEqual(
      located.map((item) => [item.location?.file, item.location?.line]),
      [
        ['.env', 1],
        ['.env.example', 2],
      ],
    );
  });

  it('marks problems apart from the count of keys set and from notes', () => {
    const finding = runOn(check, {
      'api/.env': 'SECRET_KEY=\nPORT=80\n',
      'api/.env.example': TEMPLATE,
      'web/.env.example': 'VITE_URL=\n',
    });
    const marks = (finding.evidence ?? []).map((item) => [item.message.split(' ')[0], item.status]);
    assert.deepEqual(marks, [
      ['SECRET_KEY', 'fail'],
      ['MAILGUN_API_KEY', 'fail'],
      ['1', 'pass'],
      ['web/.env.example', undefined],
    ]);
  });
});
