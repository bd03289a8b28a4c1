import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import ajv2020 from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { parse } from 'yaml';
import { parseConfigText } from '../../src/core/config.js';
import { configJsonSchema } from '../../src/init/schema.js';
import { cli } from '../support/cli.js';

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'shipshape-init-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const FASTAPI = {
  'backend/requirements.txt': 'fastapi==0.110.0\nuvicorn\n',
  'backend/app/main.py':
    'from fastapi import FastAPI\napp = FastAPI()\napp.include_router(api, prefix="/api/v1")\n\n@app.get("/api/v1/health")\ndef health():\n    return {}\n',
  'backend/app/core/logging.py': 'handler = RotatingFileHandler("/var/log/app/security.log")\n',
  'backend/.env': 'ENVIRONMENT=production\n',
  'backend/.env.example': 'ENVIRONMENT=\n',
  'deploy/nginx/nginx.conf': 'events {}\nhttp { include sites/*.conf; }\n',
  'deploy/nginx/sites/api.conf': 'server {\n  listen 443 ssl;\n  server_name api.example.com;\n}\n',
  'scripts/backup.sh': '#!/bin/sh\npg_dump -U app appdb > /var/backups/appdb_$(date +%F).sql\n',
};

describe('shipshape init', () => {
  it('writes a valid starter configuration from what the project holds', async () => {
    const root = project(FASTAPI);
    const result = await cli(['init', '--project', root]);
    assert.equal(result.code, 0, result.stderr);

    const text = readFileSync(join(root, 'shipshape.yaml'), 'utf8');
    const config = parseConfigText(text, 'shipshape.yaml');
    assert.deepEqual(config.env.files, ['backend/.env']);
    assert.deepEqual(config.env.examples, ['backend/.env.example']);
    assert.equal(config.nginx.config, 'deploy/nginx/nginx.conf');
    assert.equal(config.probes.health, '/api/v1/health');
    assert.equal(config.probes.apiPrefix, '/api/v1');
    assert.match(text, /# Framework: FastAPI \(backend\/requirements\.txt\)/);
    assert.match(
      text,
      /log file \/var\/log\/app\/security\.log \(backend\/app\/core\/logging\.py:1\)/,
    );
    assert.match(text, /backup written to \/var\/backups\/appdb_\$\(date/);
    assert.match(text, /^# yaml-language-server: \$schema=/);
  });

  it('writes a valid file for an empty folder too', async () => {
    const root = project({});
    const result = await cli(['init', '--project', root, '--stdout']);
    assert.equal(result.code, 0);
    const config = parseConfigText(result.stdout, 'shipshape.yaml');
    assert.equal(config.env.files, undefined);
    assert.match(result.stdout, /no log file path found/);
  });

  it('keeps an existing file unless --force', async () => {
    const root = project({ 'shipshape.yaml': 'policy: {}\n' });
    const refused = await cli(['init', '--project', root]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /exists; keep it, or replace it with --force/);
    assert.equal(readFileSync(join(root, 'shipshape.yaml'), 'utf8'), 'policy: {}\n');
    assert.equal((await cli(['init', '--project', root, '--force'])).code, 0);
  });
});

describe('schema/shipshape.schema.json', () => {
  it('is up to date with the configuration validator (npm run schema writes it)', () => {
    const file = new URL('../../schema/shipshape.schema.json', import.meta.url);
    assert.equal(readFileSync(file, 'utf8'), configJsonSchema(), 'stale: run npm run schema');
  });

  it('accepts the starter configuration, as the validator does', async () => {
    const root = project(FASTAPI);
    const { stdout } = await cli(['init', '--project', root, '--stdout']);
    const ajv = new ajv2020.default({ allErrors: true, strict: false });
    ajvFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(configJsonSchema()));
    assert.equal(validate(parse(stdout)), true, JSON.stringify(validate.errors));
    assert.equal(validate({ policy: { rate: 'fast' } }), false);
    assert.equal(validate({ waivers: [{ id: 'x', reason: 'r' }] }), false);
  });

  it('describes the keys and forbids unknown ones', () => {
    const schema = JSON.parse(configJsonSchema());
    assert.equal(schema.additionalProperties, false);
    assert.ok(schema.properties.waivers.items.required.includes('expires'));
    assert.ok(schema.properties.policy.properties.rate);
  });
});
