/**
 * X-Frame-Options as the HTML standard processes it: every header value is split on commas;
 * one distinct value of `deny` or `sameorigin` applies; conflicting values, `ALLOW-FROM` (no
 * longer supported by browsers) and anything else leave framing unrestricted.
 */
export type FrameOptionsVerdict =
  | { kind: 'absent' }
  | { kind: 'deny' | 'sameorigin'; repeated: boolean }
  | { kind: 'allow-from' }
  | { kind: 'conflicting'; values: string[] }
  | { kind: 'invalid'; value: string };

export function parseFrameOptions(headerValues: readonly string[]): FrameOptionsVerdict {
  const values = headerValues
    .flatMap((value) => value.split(','))
    .map((value) => value.trim().toLowerCase())
    .filter((value) => value !== '');
  if (values.length === 0) return { kind: 'absent' };

  const distinct = [...new Set(values)];
  if (distinct.length > 1) return { kind: 'conflicting', values: distinct };

  const value = distinct[0]!;
  if (value === 'deny' || value === 'sameorigin') {
    return { kind: value, repeated: values.length > 1 };
  }
  if (value.startsWith('allow-from')) return { kind: 'allow-from' };
  return { kind: 'invalid', value };
}
