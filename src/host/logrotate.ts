/** One block of a logrotate configuration: the paths it covers and its directives. */
export interface LogrotateRule {
  file: string;
  line: number;
  patterns: string[];
  directives: Record<string, string>;
}

export interface LogrotateConfig {
  rules: LogrotateRule[];
  /** `include` targets, to be read next. */
  includes: string[];
}

/**
 * Parses logrotate's configuration syntax: blocks of `path... { directive value }`,
 * with scripts (postrotate ... endscript) skipped and directives outside blocks ignored.
 */
export function parseLogrotate(text: string, file: string): LogrotateConfig {
  const rules: LogrotateRule[] = [];
  const includes: string[] = [];
  let current: LogrotateRule | undefined;
  let inScript = false;

  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    if (inScript) {
      inScript = line !== 'endscript';
      return;
    }
    if (current) {
      if (line === '}') {
        rules.push(current);
        current = undefined;
        return;
      }
      const [name = '', ...value] = line.split(/\s+/);
      if (/^(?:pre|post|first|last)rotate$|^preremove$/.test(name)) inScript = true;
      else current.directives[name] = value.join(' ');
      return;
    }
    if (line.endsWith('{')) {
      current = {
        file,
        line: index + 1,
        patterns: splitPatterns(line.slice(0, -1)),
        directives: {},
      };
      return;
    }
    const include = /^include\s+(\S+)/.exec(line);
    if (include) includes.push(include[1]!);
  });
  return { rules, includes };
}

/** Paths are separated by spaces and may be quoted. */
function splitPatterns(text: string): string[] {
  return [...text.matchAll(/"([^"]+)"|'([^']+)'|(\S+)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3]!,
  );
}

/** Whether a logrotate path pattern (a shell glob) names the file. */
export function globMatches(pattern: string, path: string): boolean {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const end = pattern.indexOf(']', index + 1);
      if (end < 0) source += '\\[';
      else {
        source += `[${pattern
          .slice(index + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        index = end;
      }
    } else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`).test(path);
}
