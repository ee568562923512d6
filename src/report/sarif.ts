/**
 * SARIF 2.1.0 for GitHub code scanning (see docs/github.md). One run, every rule, one result per
 * finding with a full UTF-16 region, the codeql-action line hash plus heaplint's own
 * fingerprint, the escape flow as a code flow and as message-linked related locations, and
 * GitHub's upload limits enforced with a notification instead of a rejected upload.
 *
 * Output is reproducible: objects are built in a fixed key order, rules and results are sorted by
 * code-point comparison (never locale), and nothing machine-specific is written.
 */
import { isAbsolute } from 'node:path';
import { gzipSync } from 'node:zlib';
import type * as Sarif from 'sarif';
import { levelRank } from '../findings/finding.js';
import type { Finding, FindingFlowStep, Level } from '../findings/finding.js';
import type { RuleMeta } from '../../rules/rule.js';
import type { Diagnostic, Report } from './model.js';
import { boundedMessage } from './excerpt.js';
import { splitLines, utf16ColumnWithin } from './columns.js';
import { computeLineHashes } from './line-hash.js';
import { compareFindings, compareStrings, formatCount, plural } from './order.js';
import { prettyJsonBytes } from './pretty-json.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Where the rule docs live; `helpUri` must be absolute, so the repository address is needed. */
export const DEFAULT_REPOSITORY_URL = 'https://github.com/heaplint/heaplint';
export const HEAPLINT_FINGERPRINT_KEY = 'heaplint/v1';

/** GitHub's hard limits (sarif-github.md §1.1) plus the soft ones we honour to keep data intact. */
export interface SarifLimits {
  maxResults: number;
  maxGzipBytes: number;
  maxThreadFlowSteps: number;
  maxRelatedFlowSteps: number;
  maxRelatedInlinedSites: number;
  maxTags: number;
  maxDescription: number;
}

export const GITHUB_LIMITS: SarifLimits = {
  maxResults: 25_000,
  maxGzipBytes: 10_000_000,
  maxThreadFlowSteps: 1000,
  maxRelatedFlowSteps: 20,
  maxRelatedInlinedSites: 10,
  maxTags: 10,
  maxDescription: 1024,
};

export interface SarifOptions {
  /** Absolute repository root; only used to relativize a stray absolute path, never written. */
  repoRoot: string;
  /** `--category`: written as `automationDetails.id = "<category>/"`; omitted otherwise. */
  category?: string;
  /** Source text of a repo-relative file, or null when it cannot be read. */
  readSource: (repoRelativePath: string) => string | null;
  /** Write `primaryLocationLineHash` (default true). `heaplint/v1` is always written. */
  includeFingerprints?: boolean;
  /** Repository address for `helpUri` and doc links (default DEFAULT_REPOSITORY_URL). */
  repositoryUrl?: string;
  /** Overrides for tests; defaults are GitHub's. */
  limits?: Partial<SarifLimits>;
  /** `--include-suppressed`: also write the report's suppressed findings, with SARIF `suppressions`. */
  includeSuppressed?: boolean;
}

/** Most severe first, then the canonical order: which results survive a cut. */
function compareSeverity(a: Finding, b: Finding): number {
  return levelRank(b.level) - levelRank(a.level) || compareFindings(a, b);
}

/** RFC 3986: each path segment percent-encoded (spaces, `%`, `#`, `?`, `:`, non-ASCII as UTF-8). */
export function encodeRepoPath(repoRelativePath: string): string {
  return repoRelativePath.split('/').map(encodeURIComponent).join('/');
}

/** Forward slashes, no `./`; absolute paths under the repo root are made relative. Null when outside. */
function normalizeRepoPath(file: string, repoRoot: string): string | null {
  let path = file.replace(/\\/g, '/');
  const root = repoRoot.replace(/\\/g, '/').replace(/\/+$/, '');
  if (root !== '' && path.startsWith(`${root}/`)) path = path.slice(root.length + 1);
  while (path.startsWith('./')) path = path.slice(2);
  if (path === '' || isAbsolute(path) || /^[A-Za-z]:\//.test(path)) return null;
  if (path.split('/').includes('..')) return null;
  return path;
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  // Never split a surrogate pair.
  if (/[\ud800-\udbff]/.test(text.charAt(cut - 1))) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

function problemSeverity(level: Level): string {
  return level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'recommendation';
}

/** help.text is shown where Markdown is not rendered: keep the prose, drop the markup. */
function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/!?\[([^\]]*)\]\(([^)\s]+)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .trim();
}

function ruleDocUrl(repositoryUrl: string, ruleId: string): string {
  return `${repositoryUrl}/blob/main/docs/rules/${encodeRepoPath(ruleId)}.md`;
}

/** A rule id that findings use but the rule table lacks (e.g. a synthetic one) still needs a descriptor. */
function stubRule(id: string, level: Level): RuleMeta {
  const name = id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return {
    id,
    name: name === id ? `${name}Rule` : name,
    shortDescription: `heaplint finding ${id}.`,
    fullDescription: `Findings reported by heaplint under the id ${id}.`,
    helpMarkdown: `Findings reported by heaplint under the id \`${id}\`.`,
    defaultLevel: level,
    enabledByDefault: true,
    tags: ['performance'],
    precision: 'high',
  };
}

function ruleDescriptor(rule: RuleMeta, repositoryUrl: string, limits: SarifLimits): Sarif.ReportingDescriptor {
  const url = ruleDocUrl(repositoryUrl, rule.id);
  const helpMarkdown = `${rule.helpMarkdown.trim()}\n\n[Rule documentation: ${rule.id}](${url})`;
  const helpText = `${markdownToPlainText(rule.helpMarkdown)}\n\nRule documentation: ${url}`;
  const tags = [...new Set(rule.tags)].slice(0, limits.maxTags);
  const defaultConfiguration: Sarif.ReportingConfiguration = rule.enabledByDefault
    ? { level: rule.defaultLevel }
    : { enabled: false, level: rule.defaultLevel };
  return {
    id: rule.id,
    // SARIF1001: a name equal to the id is worse than none.
    name: rule.name !== '' && rule.name !== rule.id ? truncate(rule.name, 255) : undefined,
    shortDescription: { text: truncate(oneLine(rule.shortDescription), limits.maxDescription) },
    fullDescription: { text: truncate(rule.fullDescription.trim(), limits.maxDescription) },
    help: { text: helpText, markdown: helpMarkdown },
    helpUri: url,
    defaultConfiguration,
    properties: {
      tags,
      precision: rule.precision,
      'problem.severity': problemSeverity(rule.defaultLevel),
    },
  };
}

/** Source lines and line hashes, read once per file. */
class SourceCache {
  private readonly texts = new Map<string, string | null>();
  private readonly lines = new Map<string, string[] | null>();
  private readonly hashes = new Map<string, Map<number, string> | null>();

  constructor(private readonly readSource: (path: string) => string | null) {}

  private text(path: string): string | null {
    if (!this.texts.has(path)) this.texts.set(path, this.readSource(path));
    return this.texts.get(path) ?? null;
  }

  line(path: string, line: number): string | null {
    if (!this.lines.has(path)) {
      const text = this.text(path);
      this.lines.set(path, text === null ? null : splitLines(text));
    }
    return this.lines.get(path)?.[line - 1] ?? null;
  }

  lineHash(path: string, line: number): string | null {
    if (!this.hashes.has(path)) {
      const text = this.text(path);
      this.hashes.set(path, text === null ? null : computeLineHashes(text));
    }
    return this.hashes.get(path)?.get(line) ?? null;
  }

  /**
   * UTF-16 column for a compiler byte column; without the source, bytes are the best guess. A
   * column past the end of the line (a source edited since the build) is the line's end: a
   * region must lie within its line.
   */
  column(path: string, line: number, byteColumn: number): number {
    const safe = Math.max(1, byteColumn);
    const text = this.line(path, line);
    return text === null ? safe : utf16ColumnWithin(text, safe);
  }
}

interface Context {
  repoRoot: string;
  sources: SourceCache;
  includeFingerprints: boolean;
  limits: SarifLimits;
}

interface Detail {
  codeFlows: boolean;
  relatedLocations: boolean;
}

function artifact(path: string): Sarif.ArtifactLocation {
  return { uri: encodeRepoPath(path), uriBaseId: '%SRCROOT%' };
}

function primaryRegion(f: Finding, ctx: Context): Sarif.Region {
  const startLine = Math.max(1, f.line);
  const startColumn = ctx.sources.column(f.file, startLine, f.startColumn ?? f.column);
  const endLine = Math.max(startLine, f.endLine);
  let endColumn = ctx.sources.column(f.file, endLine, f.endColumn);
  if (endLine === startLine && endColumn < startColumn) endColumn = startColumn;
  return { startLine, startColumn, endLine, endColumn };
}

/** A flow step's location, or null when the compiler gave no usable position (or it is outside the repo). */
function stepLocation(step: { file: string | null; line: number | null; column: number | null }, ctx: Context): Sarif.PhysicalLocation | null {
  if (step.file === null || step.line === null || step.line < 1) return null;
  const path = normalizeRepoPath(step.file, ctx.repoRoot);
  if (path === null) return null;
  const region: Sarif.Region =
    step.column === null ? { startLine: step.line } : { startLine: step.line, startColumn: ctx.sources.column(path, step.line, step.column) };
  return { artifactLocation: artifact(path), region };
}

/** Link text inside `[...]`: SARIF §3.11.6 wants literal brackets and backslashes escaped. */
function linkText(text: string): string {
  return text.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

/** The short word a flow link shows; the related location and the code flow carry the whole step. */
function stepNote(step: FindingFlowStep): string {
  return step.why ?? step.message;
}

function buildResult(f: Finding, file: string, ruleIndex: number, ctx: Context, detail: Detail, justification?: string): Sarif.Result {
  const primary: Sarif.PhysicalLocation = { artifactLocation: artifact(file), region: primaryRegion(f, ctx) };
  // The compiler's words may hold `[…](n)` (`fs[0](1)`), which SARIF would read as a link: then
  // its brackets are escaped. Other messages stay as they are (`make([]byte, n)` is no link, and
  // is easier to read unescaped wherever the text is shown raw).
  const own = f.message.trimStart();
  let text = own.includes('](') ? linkText(own) : own;
  let relatedLocations: Sarif.Location[] | undefined;

  if (detail.relatedLocations) {
    const related: Sarif.Location[] = [];
    const flowLinks: string[] = [];
    for (const step of f.flow) {
      if (flowLinks.length >= ctx.limits.maxRelatedFlowSteps) break;
      const location = stepLocation(step, ctx);
      if (location === null) continue;
      const id = related.length + 1;
      related.push({ id, physicalLocation: location, message: { text: step.message } });
      flowLinks.push(`[${linkText(stepNote(step))}](${id})`);
    }
    const inlinedLinks: string[] = [];
    for (const site of f.inlinedAt.slice(0, ctx.limits.maxRelatedInlinedSites)) {
      const location = stepLocation(site, ctx);
      if (location === null) continue;
      const id = related.length + 1;
      related.push({ id, physicalLocation: location, message: { text: 'inlined call site' } });
      inlinedLinks.push(`[${linkText(`${site.file}:${site.line}`)}](${id})`);
    }
    // GitHub shows only the linked code, not the related location's message, so the links carry the words.
    if (flowLinks.length > 0) text += `\nEscape flow: ${flowLinks.join(' → ')}.`;
    if (inlinedLinks.length > 0) text += `\nAlso reported where inlined: ${inlinedLinks.join(', ')}.`;
    if (related.length > 0) relatedLocations = related;
  }

  let codeFlows: Sarif.CodeFlow[] | undefined;
  if (detail.codeFlows && f.flow.length > 0) {
    const steps = f.flow.slice(0, ctx.limits.maxThreadFlowSteps);
    const locations: Sarif.ThreadFlowLocation[] = steps.map((step) => ({
      location: { physicalLocation: stepLocation(step, ctx) ?? primary, message: { text: step.message } },
    }));
    const message =
      f.flow.length > steps.length ? { text: `The first ${steps.length} of ${f.flow.length} flow steps.` } : undefined;
    codeFlows = [{ message, threadFlows: [{ locations }] }];
  }

  const lineHash = ctx.includeFingerprints ? ctx.sources.lineHash(file, primary.region?.startLine ?? f.line) : null;
  const partialFingerprints: Record<string, string> = {};
  if (lineHash !== null) partialFingerprints.primaryLocationLineHash = lineHash;
  partialFingerprints[HEAPLINT_FINGERPRINT_KEY] = f.fingerprint;

  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.level,
    message: { text },
    locations: [{ physicalLocation: primary }],
    relatedLocations,
    codeFlows,
    partialFingerprints,
    suppressions: justification === undefined ? undefined : [{ kind: 'inSource', justification }],
    // Only the exception is recorded; GitHub ignores result properties, other viewers show them.
    properties: f.confidence === undefined || f.confidence === 'high' ? undefined : { confidence: f.confidence },
  };
}

function notification(level: Level, code: string, text: string, location?: Sarif.PhysicalLocation): Sarif.Notification {
  return {
    level,
    message: { text },
    descriptor: { id: code },
    locations: location === undefined ? undefined : [{ physicalLocation: location }],
  };
}

function diagnosticNotification(d: Diagnostic, ctx: Context): Sarif.Notification {
  const location =
    d.file === undefined || d.line === undefined ? null : stepLocation({ file: d.file, line: d.line, column: d.column ?? null }, ctx);
  return notification(d.level, d.code, boundedMessage(d.message), location ?? undefined);
}

/** Gzipped size of the file as written. Compressing is skipped when the raw bytes already fit (gzip adds < 1 KB at worst). */
function gzipSize(bytes: Buffer, limit: number): number {
  if (bytes.length + 1024 <= limit) return bytes.length;
  return gzipSync(bytes).length;
}

export function renderSarif(report: Report, options: SarifOptions): string {
  return renderSarifBytes(report, options).toString('utf8');
}

/**
 * renderSarif's file as UTF-8 bytes, built without its whole text as a JavaScript string: with
 * tens of thousands of results that string is hundreds of MB, and twice that when any character
 * is not Latin-1 (every `←` of a flow), where the bytes are mostly one per character.
 */
export function renderSarifBytes(report: Report, options: SarifOptions): Buffer {
  const limits: SarifLimits = { ...GITHUB_LIMITS, ...options.limits };
  const ctx: Context = {
    repoRoot: options.repoRoot,
    sources: new SourceCache(options.readSource),
    includeFingerprints: options.includeFingerprints ?? true,
    limits,
  };

  // Rules: the report's table plus stubs for any id a finding uses that the table lacks.
  const rulesById = new Map<string, RuleMeta>();
  for (const rule of report.rules) if (!rulesById.has(rule.id)) rulesById.set(rule.id, rule);
  const suppressed = options.includeSuppressed === true ? (report.suppressed ?? []) : [];
  const justifications = new Map<Finding, string>(suppressed.map((s) => [s.finding, s.justification]));
  const allFindings = [...report.findings, ...suppressed.map((s) => s.finding)];
  // A rule the table lacks gets a stub at the most severe level of its findings, whatever their order.
  const stubLevels = new Map<string, Level>();
  for (const f of allFindings) {
    if (rulesById.has(f.ruleId)) continue;
    const old = stubLevels.get(f.ruleId);
    if (old === undefined || levelRank(f.level) > levelRank(old)) stubLevels.set(f.ruleId, f.level);
  }
  for (const [id, level] of stubLevels) rulesById.set(id, stubRule(id, level));
  const rules = [...rulesById.values()].sort((a, b) => compareStrings(a.id, b.id));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const repositoryUrl = (options.repositoryUrl ?? DEFAULT_REPOSITORY_URL).replace(/\/+$/, '');
  const descriptors = rules.map((rule) => ruleDescriptor(rule, repositoryUrl, limits));

  const notifications = report.diagnostics.map((d) => diagnosticNotification(d, ctx));

  const placed: Array<{ finding: Finding; file: string; justification?: string }> = [];
  let outside = 0;
  for (const finding of allFindings) {
    const file = normalizeRepoPath(finding.file, options.repoRoot);
    const justification = justifications.get(finding);
    if (file === null) outside += 1;
    else placed.push({ finding: { ...finding, file }, file, ...(justification !== undefined ? { justification } : {}) });
  }
  if (outside > 0) {
    notifications.push(
      notification('warning', 'sarif-outside-repository', `${plural(outside, 'finding')} had a path outside the repository root and were left out of the SARIF file.`),
    );
  }

  let kept = [...placed].sort((a, b) => compareSeverity(a.finding, b.finding));
  if (kept.length > limits.maxResults) {
    notifications.push(
      notification(
        'warning',
        'sarif-results-truncated',
        `heaplint found ${formatCount(kept.length)} results, more than GitHub code scanning accepts in one run (${formatCount(limits.maxResults)}); the ${formatCount(limits.maxResults)} most severe were kept and ${formatCount(kept.length - limits.maxResults)} were left out.`,
      ),
    );
    kept = kept.slice(0, limits.maxResults);
  }

  const build = (selection: typeof kept, detail: Detail, extra: Sarif.Notification[]): Buffer => {
    const ordered = [...selection].sort((a, b) => compareFindings(a.finding, b.finding));
    const allNotifications = [...notifications, ...extra];
    const goProperties: Record<string, string> = {};
    if (report.go.version !== null) goProperties.version = report.go.version;
    if (report.go.goos !== null) goProperties.goos = report.go.goos;
    if (report.go.goarch !== null) goProperties.goarch = report.go.goarch;
    const run: Sarif.Run = {
      tool: {
        driver: {
          name: 'heaplint',
          semanticVersion: report.tool.version,
          informationUri: repositoryUrl,
          rules: descriptors,
        },
      },
      automationDetails: options.category === undefined ? undefined : { id: `${options.category}/` },
      invocations: [
        {
          executionSuccessful: report.executionSuccessful,
          toolExecutionNotifications: allNotifications.length > 0 ? allNotifications : undefined,
        },
      ],
      columnKind: 'utf16CodeUnits',
      // Filled by `place` below; written here for its place among the keys.
      results: [],
      properties: Object.keys(goProperties).length > 0 ? { go: goProperties } : undefined,
    };
    // The results are built a batch at a time as the file is written (prettyJsonBytes): the
    // objects of tens of thousands of them, their flows twice over, are never all alive at once.
    const place = (results: unknown[]): Sarif.Log => ({ $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [{ ...run, results: results as Sarif.Result[] }] });
    return prettyJsonBytes(place, (results) => ({ runs: [{ results }] }), ordered.length, (i) => {
      const { finding, file, justification } = ordered[i] as (typeof ordered)[number];
      return buildResult(finding, file, ruleIndex.get(finding.ruleId) ?? 0, ctx, detail, justification);
    });
  };

  // Stay under the gzip limit: drop code flows, then related locations, then the least severe results.
  const detail: Detail = { codeFlows: true, relatedLocations: true };
  let bytes = build(kept, detail, []);
  let size = gzipSize(bytes, limits.maxGzipBytes);
  if (size <= limits.maxGzipBytes) return bytes;

  const sizeNote = (what: string): Sarif.Notification =>
    notification('warning', 'sarif-size-limit', `The SARIF file would exceed GitHub's limit of ${formatCount(limits.maxGzipBytes)} bytes gzipped, so ${what}.`);

  detail.codeFlows = false;
  let extra = [sizeNote('code flows were left out')];
  bytes = build(kept, detail, extra);
  size = gzipSize(bytes, limits.maxGzipBytes);
  if (size <= limits.maxGzipBytes) return bytes;

  detail.relatedLocations = false;
  extra = [sizeNote('code flows and related locations were left out')];
  bytes = build(kept, detail, extra);
  size = gzipSize(bytes, limits.maxGzipBytes);

  const total = kept.length;
  while (size > limits.maxGzipBytes && kept.length > 0) {
    const target = Math.min(kept.length - 1, Math.floor((kept.length * limits.maxGzipBytes * 0.95) / size));
    kept = kept.slice(0, Math.max(0, target));
    extra = [
      sizeNote(
        `code flows and related locations were left out and only the ${formatCount(kept.length)} most severe of ${formatCount(total)} results were kept`,
      ),
    ];
    bytes = build(kept, detail, extra);
    size = gzipSize(bytes, limits.maxGzipBytes);
  }
  return bytes;
}
