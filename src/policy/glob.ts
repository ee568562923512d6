/**
 * A small glob matcher for include/exclude paths. Patterns are matched against repo-relative,
 * forward-slash paths:
 *   `*` any run of characters except `/`; `?` one character except `/`; `**` any number of
 *   whole path segments (including none); `[abc]`/`[a-z]`/`[!a]` a character class;
 *   `{a,b}` alternatives (not nested).
 * A pattern without `/` matches the file's base name at any depth (`*_test.go`), and a pattern
 * that matches a leading directory matches everything under it (`internal/gen`, `vendor/`),
 * the way .gitignore reads. Node's `path.matchesGlob` is still experimental on Node 20, hence this.
 */

const cache = new Map<string, RegExp>();

function escapeRegExp(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

function translate(pattern: string): string {
  let out = '';
  let inBraces = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        const atSegmentStart = i === 0 || pattern[i - 1] === '/';
        const atSegmentEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
        if (atSegmentStart && atSegmentEnd) {
          if (i + 2 === pattern.length) {
            out += '.*';
            i += 1;
          } else {
            out += '(?:[^/]*/)*';
            i += 2; // also consume the slash
          }
          continue;
        }
      }
      out += '[^/]*';
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
      } else {
        let body = pattern.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (ch === '{' && !inBraces && pattern.indexOf('}', i) !== -1) {
      inBraces = true;
      out += '(?:';
    } else if (ch === ',' && inBraces) {
      out += '|';
    } else if (ch === '}' && inBraces) {
      inBraces = false;
      out += ')';
    } else {
      out += escapeRegExp(ch);
    }
  }
  return out;
}

/** The regular expression for one pattern (see the module comment for the dialect). */
export function globToRegExp(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached) return cached;
  let body = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  const basenameOnly = !body.replace(/\/+$/, '').includes('/');
  body = body.replace(/\/+$/, '');
  const prefix = basenameOnly ? '(?:.*/)?' : '';
  const regex = new RegExp(`^${prefix}${translate(body)}(?:/.*)?$`);
  cache.set(pattern, regex);
  return regex;
}

export function matchesGlob(path: string, pattern: string): boolean {
  return globToRegExp(pattern).test(path.replace(/\\/g, '/'));
}

export function matchesAnyGlob(path: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => matchesGlob(path, pattern));
}

/** Whether a pattern is well formed enough to use; returns the problem or null. */
export function globProblem(pattern: string): string | null {
  if (pattern.trim() === '') return 'empty pattern';
  if (pattern.startsWith('/') || /^[A-Za-z]:[\\/]/.test(pattern)) return 'must be relative to the repository root';
  const opens = (pattern.match(/\{/g) ?? []).length;
  const closes = (pattern.match(/\}/g) ?? []).length;
  if (opens !== closes) return 'unbalanced braces';
  if (/\{[^}]*\{/.test(pattern)) return 'nested braces are not supported';
  return null;
}
