/**
 * Finds directive comments in Go source. A small Go lexer walks the file so that text inside
 * interpreted strings, raw strings and rune literals is never mistaken for a comment, and block
 * comments are skipped as a whole. Every comment that looks like a directive, or like a mistyped
 * one, becomes a Directive and/or a problem: typos are reported, never silently ignored.
 *
 * Problems share the line and column of the comment they describe, which is how consumers tell
 * an invalid directive (it must not take effect) from a valid one.
 */
import { closestMatch, editDistance } from '../policy/did-you-mean.js';
import type { Directive, DirectiveKind } from './directives.js';

export interface DirectiveProblem {
  line: number;
  /** 1-based UTF-8 byte column of the comment's `//` or `/*`. */
  column: number;
  message: string;
  /** The comment as written. */
  text: string;
}

export interface DirectiveScan {
  directives: Directive[];
  problems: DirectiveProblem[];
}

interface Comment {
  text: string;
  line: number;
  column: number;
  trailing: boolean;
  block: boolean;
}

/**
 * What the body of every comment parseComment can act on starts with (a directive, a typo of
 * one, `nolint:`, a misplaced space): checked in place, so that the many other comments of a
 * file (doc comments, licence headers) are skipped without being cut out.
 */
const MAY_BE_DIRECTIVE = /\s*[A-Za-z]+:/y;
/** A comment opener followed by MAY_BE_DIRECTIVE, anywhere in a file (or such text in a string), and its word. */
const MAY_BE_DIRECTIVE_ANYWHERE = /\/[/*]\s*([A-Za-z]+):/g;

/**
 * Comments of a Go file that may hold a directive (see MAY_BE_DIRECTIVE), in order, with string
 * and rune literals skipped.
 */
export function scanComments(source: string): Comment[] {
  const comments: Comment[] = [];
  const at: LinePosition = { line: 1, lineStart: 0 };
  let lastCodeLine = 0;
  const comment = (from: number, to: number, block: boolean): void => {
    MAY_BE_DIRECTIVE.lastIndex = from + 2;
    if (!MAY_BE_DIRECTIVE.test(source)) return;
    const text = block ? source.slice(from, to) : source.slice(from, to).replace(/\r$/, '');
    const column = Buffer.byteLength(source.slice(at.lineStart, from), 'utf8') + 1;
    comments.push({ text, line: at.line, column, trailing: lastCodeLine === at.line, block });
  };
  let i = 0;
  const n = source.length;
  // Character codes rather than one-character strings: this walks every file of a build. What
  // is rarer than a character (a comment, a literal) is handled by a function of its own, so
  // that V8 need not recompile this loop when a file first has one (see src/cli/jit-tuning.ts).
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 10 /* \n */) {
      at.line += 1;
      at.lineStart = i + 1;
      i += 1;
      continue;
    }
    if (c === 32 /* ' ' */ || c === 9 /* \t */ || c === 13 /* \r */ || c === 0xfeff /* BOM */) {
      i += 1;
      continue;
    }
    if (c === 47 /* / */ && source.charCodeAt(i + 1) === 47 /* / */) {
      let end = source.indexOf('\n', i);
      if (end === -1) end = n;
      comment(i, end, false);
      i = end;
      continue;
    }
    if (c === 47 /* / */ && source.charCodeAt(i + 1) === 42 /* * */) {
      let end = source.indexOf('*/', i + 2);
      end = end === -1 ? n : end + 2;
      comment(i, end, true);
      passNewlines(source, i, end, at);
      i = end;
      continue;
    }
    lastCodeLine = at.line;
    if (c === 96 /* ` */) {
      let end = source.indexOf('`', i + 1);
      if (end === -1) end = n;
      passNewlines(source, i, end, at);
      lastCodeLine = at.line;
      i = end + 1;
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      i = interpretedLiteralEnd(source, i);
      continue;
    }
    i += 1;
  }
  return comments;
}

/** scanComments' line: its number and the index where it starts. */
interface LinePosition {
  line: number;
  lineStart: number;
}

/** Moves `at` past the newlines in source[from, to). */
function passNewlines(source: string, from: number, to: number, at: LinePosition): void {
  for (let j = source.indexOf('\n', from); j !== -1 && j < to; j = source.indexOf('\n', j + 1)) {
    at.line += 1;
    at.lineStart = j + 1;
  }
}

/**
 * Where the interpreted string or rune literal whose quote is at `from` ends (the index after its
 * closing quote). Unterminated, it ends at the newline, which it does not include.
 */
function interpretedLiteralEnd(source: string, from: number): number {
  const quote = source.charCodeAt(from);
  const n = source.length;
  let j = from + 1;
  while (j < n) {
    const d = source.charCodeAt(j);
    if (d === quote || d === 10 /* \n */) break;
    // A backslash escapes the next character, but never the newline, which ends the literal.
    j += d === 92 /* \ */ && source.charCodeAt(j + 1) !== 10 ? 2 : 1;
  }
  return j < n && source.charCodeAt(j) === quote ? j + 1 : j;
}

const NAMESPACES = ['heaplint', 'gcassert'] as const;
const HEAPLINT_NAMES: Record<string, DirectiveKind> = {
  ignore: 'ignore',
  noescape: 'noescape',
  escapes: 'escapes',
  inline: 'inline',
};
const GCASSERT_NAMES: Record<string, DirectiveKind> = { inline: 'inline', noescape: 'noescape' };
/** gcassert directives heaplint does not check but must not call typos. */
const GCASSERT_FOREIGN = new Set(['bce']);

function suggest(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match === null ? '' : ` (did you mean ${match}?)`;
}

/** A free-text reason, tolerating the golangci `// reason` habit. */
function cleanReason(text: string): string {
  return text.trim().replace(/^\/\/\s*/, '').trim();
}

interface Parsed {
  directive: Directive | null;
  problems: string[];
}

function parseRuleList(
  spec: string,
  knownRuleIds: readonly string[],
  usage: string,
): { rules: string[]; problems: string[] } {
  const problems: string[] = [];
  if (spec === '') return { rules: [], problems: [`names no rule; write ${usage}`] };
  const rules = spec.split(',');
  for (const id of rules) {
    if (id === '') problems.push(`has an empty rule id in "${spec}"`);
    else if (!knownRuleIds.includes(id)) problems.push(`unknown rule ${id}${suggest(id, knownRuleIds)}`);
  }
  return { rules, problems };
}

function parseNamespaced(comment: Comment, namespace: 'heaplint' | 'gcassert', after: string, knownRuleIds: readonly string[]): Parsed {
  const match = /^(\S*)(.*)$/s.exec(after)!;
  const name = match[1]!;
  const rest = match[2]!;
  const base = {
    name,
    namespace,
    line: comment.line,
    column: comment.column,
    trailing: comment.trailing,
    text: comment.text,
  };
  const table = namespace === 'heaplint' ? HEAPLINT_NAMES : GCASSERT_NAMES;
  const kind = Object.prototype.hasOwnProperty.call(table, name) ? table[name]! : undefined;
  if (kind === undefined) {
    if (namespace === 'gcassert' && GCASSERT_FOREIGN.has(name)) return { directive: null, problems: [] };
    const hint = suggest(name, Object.keys(table)).replace(/did you mean (\S+)\?/, `did you mean //${namespace}:$1?`);
    return {
      directive: { ...base, kind: 'unknown', rules: [], reason: cleanReason(rest) },
      problems: [`unknown directive //${namespace}:${name}${hint}`],
    };
  }
  if (kind === 'ignore' || kind === 'escapes') {
    const args = /^\s*(\S*)(.*)$/s.exec(rest)!;
    const usage = `//heaplint:${name} rule-id${kind === 'ignore' ? '[,rule-id]' : ''} reason`;
    const { rules, problems } = parseRuleList(args[1]!.startsWith('//') ? '' : args[1]!, knownRuleIds, usage);
    const reason = args[1]!.startsWith('//') ? '' : cleanReason(args[2]!);
    if (rules.length > 0 && reason === '') problems.push(`needs a reason; write ${usage}`);
    return { directive: { ...base, kind, rules, reason }, problems: problems.map((p) => `//heaplint:${name} ${p}`) };
  }
  return { directive: { ...base, kind, rules: [], reason: cleanReason(rest) }, problems: [] };
}

function parseNolint(comment: Comment, list: string, rest: string): Parsed {
  const linters = list.split(',');
  if (!linters.includes('heaplint')) {
    const near = linters.find((l) => l !== '' && editDistance(l.toLowerCase(), 'heaplint') <= 2);
    return near === undefined
      ? { directive: null, problems: [] }
      : { directive: null, problems: [`unknown linter ${near} in //nolint (did you mean heaplint?)`] };
  }
  const reason = cleanReason(rest);
  return {
    directive: {
      kind: 'nolint',
      name: 'nolint',
      namespace: 'nolint',
      line: comment.line,
      column: comment.column,
      trailing: comment.trailing,
      rules: [],
      reason,
      text: comment.text,
    },
    problems: reason === '' ? ['//nolint:heaplint needs a reason; write //nolint:heaplint // reason'] : [],
  };
}

/**
 * Whether some `//word:` or `/*word:` in the file (spaces allowed after the opener) has a word
 * parseComment acts on: `nolint`, or one within edit distance 2 of a namespace (the namespaces
 * themselves, in any case, and their typos). Most files have `//go:build`, `// TODO:` or
 * `// Deprecated:` and nothing else of the kind, and are then known to hold no directive and no
 * problem without the lexer walking them (for golang.org/x/net, 30-40 ms of every run). Text
 * in string literals counts too: this only has to let through every file that may need the lexer.
 */
export function mayHoldDirective(source: string): boolean {
  MAY_BE_DIRECTIVE_ANYWHERE.lastIndex = 0;
  for (let m = MAY_BE_DIRECTIVE_ANYWHERE.exec(source); m !== null; m = MAY_BE_DIRECTIVE_ANYWHERE.exec(source)) {
    const word = (m[1] ?? '').toLowerCase();
    if (word === 'nolint') return true;
    if (word.length >= 6 && word.length <= 10 && NAMESPACES.some((ns) => editDistance(word, ns) <= 2)) return true;
  }
  return false;
}

function parseComment(comment: Comment, knownRuleIds: readonly string[]): Parsed {
  const none: Parsed = { directive: null, problems: [] };
  if (comment.block) {
    const inner = comment.text.slice(2);
    const m = /^\s*(heaplint|gcassert):/.exec(inner);
    return m ? { directive: null, problems: [`//${m[1]}: directives must be line comments, not /* */`] } : none;
  }
  const body = comment.text.slice(2);
  const namespaced = /^(heaplint|gcassert):(.*)$/s.exec(body);
  if (namespaced) return parseNamespaced(comment, namespaced[1] as 'heaplint' | 'gcassert', namespaced[2]!, knownRuleIds);
  const nolint = /^nolint:([^\s/]*)(.*)$/s.exec(body);
  if (nolint) return parseNolint(comment, nolint[1]!, nolint[2]!);

  // The name or linter list ends where parseNamespaced and parseNolint end it.
  const spaced = /^\s+(heaplint|gcassert|nolint):([^\s/]*)/.exec(body);
  if (spaced && (spaced[1] !== 'nolint' || spaced[2]!.split(',').includes('heaplint'))) {
    const written = `${spaced[1]}:${spaced[2]}`;
    return { directive: null, problems: [`"// ${written}" is not a directive: remove the space after //`] };
  }
  const word = /^\s*([A-Za-z]+):\S/.exec(body);
  if (word) {
    const ns = word[1]!;
    for (const namespace of NAMESPACES) {
      if (ns !== namespace && editDistance(ns.toLowerCase(), namespace) <= 2) {
        return { directive: null, problems: [`unknown directive prefix ${ns}: (did you mean //${namespace}:?)`] };
      }
    }
  }
  return none;
}

/**
 * Directives and problems in one Go source file. `knownRuleIds` are the ids `ignore`/`escapes`
 * may name. Output is in source order.
 */
export function scanDirectives(source: string, knownRuleIds: readonly string[]): DirectiveScan {
  // Most files have no comment parseComment could act on (the regex engine skips them far faster
  // than the lexer below walks them); the lexer still decides for the rest.
  if (!mayHoldDirective(source)) return { directives: [], problems: [] };
  return lexDirectives(source, knownRuleIds);
}

/** scanDirectives without the quick look (mayHoldDirective): the lexer over the whole file. */
export function lexDirectives(source: string, knownRuleIds: readonly string[]): DirectiveScan {
  const directives: Directive[] = [];
  const problems: DirectiveProblem[] = [];
  for (const comment of scanComments(source)) {
    const parsed = parseComment(comment, knownRuleIds);
    if (parsed.directive) directives.push(parsed.directive);
    for (const message of parsed.problems) problems.push({ line: comment.line, column: comment.column, message, text: comment.text });
  }
  return { directives, problems };
}
