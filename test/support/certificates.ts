import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DAY_MS = 86_400_000;

export interface KeyPair {
  certFile: string;
  keyFile: string;
}

export interface LeafOptions {
  /** The DNS names and IP addresses the certificate carries. */
  names: string[];
  /** Days from now; negative for the past. */
  notBeforeDays: number;
  notAfterDays: number;
  key?: 'ec' | 'rsa';
}

export interface TestPki {
  caFile: string;
  /** A certificate the test CA signs. */
  leaf(name: string, options: LeafOptions): KeyPair;
  /** A certificate that signs itself, for the same names. */
  selfSigned(name: string, names: string[]): KeyPair;
}

/**
 * A certificate authority made with the openssl CLI in `dir`, which signs leaves with any
 * validity period (`openssl ca` takes explicit dates, which `openssl x509` 3.0 cannot).
 */
export function makeTestPki(dir: string): TestPki {
  mkdirSync(join(dir, 'issued'), { recursive: true });
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  writeFileSync(join(dir, 'ca.cnf'), caConfig(dir));
  const caFile = join(dir, 'ca.pem');
  const caKey = join(dir, 'ca.key');
  openssl([
    'req',
    '-x509',
    ...newKey('ec', caKey),
    '-out',
    caFile,
    '-days',
    '3650',
    '-subj',
    '/O=shipshape tests/CN=shipshape test CA',
    '-addext',
    'basicConstraints=critical,CA:true',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);

  return {
    caFile,
    leaf(name, options) {
      const pair = { certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}.key`) };
      const request = join(dir, `${name}.csr`);
      const extensions = join(dir, `${name}.ext`);
      writeFileSync(
        extensions,
        `[leaf]\nbasicConstraints=CA:false\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${altNames(options.names)}\n`,
      );
      openssl([
        'req',
        '-new',
        ...newKey(options.key ?? 'ec', pair.keyFile),
        '-out',
        request,
        '-subj',
        `/CN=${options.names[0]}`,
      ]);
      openssl([
        'ca',
        '-config',
        join(dir, 'ca.cnf'),
        '-batch',
        '-notext',
        '-cert',
        caFile,
        '-keyfile',
        caKey,
        '-in',
        request,
        '-out',
        pair.certFile,
        '-extfile',
        extensions,
        '-extensions',
        'leaf',
        '-startdate',
        asn1Time(options.notBeforeDays),
        '-enddate',
        asn1Time(options.notAfterDays),
      ]);
      return pair;
    },
    selfSigned(name, names) {
      const pair = { certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}.key`) };
      openssl([
        'req',
        '-x509',
        ...newKey('ec', pair.keyFile),
        '-out',
        pair.certFile,
        '-days',
        '90',
        '-subj',
        `/CN=${names[0]}`,
        '-addext',
        `subjectAltName=${altNames(names)}`,
      ]);
      return pair;
    },
  };
}

function newKey(kind: 'ec' | 'rsa', keyFile: string): string[] {
  const parameters =
    kind === 'ec'
      ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']
      : ['-newkey', 'rsa:2048'];
  return [...parameters, '-nodes', '-keyout', keyFile];
}

function altNames(names: string[]): string {
  return names.map((name) => (/^[\d.]+$|:/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
}

/** GeneralizedTime, as `openssl ca -startdate` takes it. */
function asn1Time(daysFromNow: number): string {
  const iso = new Date(Date.now() + daysFromNow * DAY_MS).toISOString();
  return `${iso.slice(0, 19).replace(/[-T:]/g, '')}Z`;
}

function caConfig(dir: string): string {
  return `[ca]
default_ca = test_ca
[test_ca]
database = ${join(dir, 'index.txt')}
new_certs_dir = ${join(dir, 'issued')}
serial = ${join(dir, 'serial')}
default_md = sha256
policy = any_name
unique_subject = no
[any_name]
commonName = supplied
`;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
