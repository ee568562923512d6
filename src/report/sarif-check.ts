/**
 * The "GitHub profile" check (sarif-github.md §3.4): what GitHub code scanning needs beyond the
 * JSON schema, and the limits that make it reject or silently truncate an upload. Returns one
 * line per problem; an empty list means the log is fine to upload.
 */
import { gzipSync } from 'node:zlib';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] | null {
  return Array.isArray(value) ? value : null;
}

function text(value: unknown): string | null {
  return isObject(value) && typeof value.text === 'string' ? value.text : null;
}

/** Paths of every `null` in the document (the schema rejects most, GitHub tools choke on the rest). */
function findNulls(value: unknown, path: string, out: string[]): void {
  if (value === null) {
    out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findNulls(item, `${path}[${i}]`, out));
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) findNulls(item, `${path}.${key}`, out);
  }
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

function checkRegion(region: unknown, where: string, full: boolean, problems: string[]): void {
  if (!isObject(region)) {
    problems.push(`${where}: missing region`);
    return;
  }
  const { startLine, startColumn, endLine, endColumn } = region;
  if (!isPositiveInt(startLine)) problems.push(`${where}: region.startLine must be an integer ≥ 1`);
  if (full) {
    for (const [name, value] of Object.entries({ startColumn, endLine, endColumn })) {
      if (!isPositiveInt(value)) problems.push(`${where}: region.${name} must be an integer ≥ 1`);
    }
  } else {
    for (const [name, value] of Object.entries({ startColumn, endLine, endColumn })) {
      if (value !== undefined && !isPositiveInt(value)) problems.push(`${where}: region.${name} must be an integer ≥ 1`);
    }
  }
  if (isPositiveInt(startLine) && isPositiveInt(endLine) && endLine < startLine) {
    problems.push(`${where}: region ends (line ${endLine}) before it starts (line ${startLine})`);
  }
  if (startLine === endLine && isPositiveInt(startColumn) && isPositiveInt(endColumn) && endColumn < startColumn) {
    problems.push(`${where}: region.endColumn ${endColumn} is before startColumn ${startColumn}`);
  }
}

function checkPhysicalLocation(location: unknown, where: string, fullRegion: boolean, problems: string[]): void {
  const physical = isObject(location) ? location.physicalLocation : undefined;
  if (!isObject(physical)) {
    problems.push(`${where}: missing physicalLocation`);
    return;
  }
  const uri = isObject(physical.artifactLocation) ? physical.artifactLocation.uri : undefined;
  if (typeof uri !== 'string' || uri === '') {
    problems.push(`${where}: missing artifactLocation.uri`);
  } else {
    if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/')) problems.push(`${where}: uri "${uri}" is not relative to the repository root`);
    if (uri.split('/').includes('..')) problems.push(`${where}: uri "${uri}" contains ".."`);
    if (/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/.test(uri) || /%(?![0-9A-Fa-f]{2})/.test(uri)) {
      problems.push(`${where}: uri "${uri}" is not percent-encoded`);
    }
  }
  checkRegion(physical.region, where, fullRegion, problems);
}

export interface GitHubProfileLimits {
  maxGzipBytes: number;
}

export function checkGitHubProfile(log: unknown, limits: GitHubProfileLimits = { maxGzipBytes: 10_000_000 }): string[] {
  const problems: string[] = [];
  if (!isObject(log)) return ['log: not a JSON object'];
  if (log.version !== '2.1.0') problems.push('log: version must be "2.1.0"');
  if (typeof log.$schema !== 'string' || !/2\.1\.0(\.json)?$/.test(log.$schema)) problems.push('log: $schema must name the final 2.1.0 schema');

  const nulls: string[] = [];
  findNulls(log, '$', nulls);
  for (const path of nulls.slice(0, 20)) problems.push(`${path}: null value`);

  const gzipped = gzipSync(Buffer.from(JSON.stringify(log), 'utf8')).length;
  if (gzipped > limits.maxGzipBytes) problems.push(`log: ${gzipped} bytes gzipped, over the limit of ${limits.maxGzipBytes}`);

  const runs = asArray(log.runs);
  if (runs === null || runs.length !== 1) {
    problems.push(`log: expected exactly one run, found ${runs === null ? 'none' : runs.length}`);
    if (runs === null || runs.length === 0) return problems;
  }
  const run = runs[0];
  if (!isObject(run)) return [...problems, 'runs[0]: not an object'];

  if (run.columnKind === undefined) problems.push('runs[0]: columnKind missing');
  const driver = isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : null;
  if (driver === null) return [...problems, 'runs[0]: missing tool.driver'];
  if (typeof driver.name !== 'string' || driver.name === '') problems.push('driver: name missing');
  if (typeof driver.semanticVersion !== 'string' && typeof driver.version !== 'string') problems.push('driver: version or semanticVersion missing');

  const rules = asArray(driver.rules);
  const ruleIds: string[] = [];
  if (rules === null) {
    problems.push('driver: rules missing');
  } else {
    if (rules.length > 25_000) problems.push(`driver: ${rules.length} rules, over the limit of 25,000`);
    rules.forEach((rule, i) => {
      const where = `rules[${i}]`;
      if (!isObject(rule)) {
        problems.push(`${where}: not an object`);
        ruleIds.push('');
        return;
      }
      const id = typeof rule.id === 'string' ? rule.id : '';
      ruleIds.push(id);
      if (id === '') problems.push(`${where}: id missing`);
      if (id.length > 255) problems.push(`${where}: id longer than 255 characters`);
      if (rule.name !== undefined) {
        if (typeof rule.name !== 'string' || rule.name.length > 255) problems.push(`${where}: name must be a string of at most 255 characters`);
        if (rule.name === id) problems.push(`${where}: name equals id`);
      }
      for (const field of ['shortDescription', 'fullDescription', 'help'] as const) {
        const value = text(rule[field]);
        if (value === null || value === '') problems.push(`${where}: ${field}.text missing`);
        else if (field !== 'help' && value.length > 1024) problems.push(`${where}: ${field}.text longer than 1024 characters`);
      }
      const properties = isObject(rule.properties) ? rule.properties : {};
      const tags = asArray(properties.tags);
      if (tags !== null && tags.length > 10) problems.push(`${where}: ${tags.length} tags, GitHub keeps only 10`);
      if (properties['security-severity'] !== undefined) problems.push(`${where}: security-severity makes this a security rule`);
    });
    const seen = new Set<string>();
    for (const id of ruleIds) {
      if (seen.has(id)) problems.push(`driver: duplicate rule id "${id}"`);
      seen.add(id);
    }
  }

  const results = asArray(run.results);
  if (results === null) return [...problems, 'runs[0]: results array missing'];
  if (results.length > 25_000) problems.push(`runs[0]: ${results.length} results, over the limit of 25,000`);
  results.forEach((result, i) => {
    const where = `results[${i}]`;
    if (!isObject(result)) {
      problems.push(`${where}: not an object`);
      return;
    }
    const ruleId = result.ruleId;
    if (typeof ruleId !== 'string') problems.push(`${where}: ruleId missing`);
    else if (!ruleIds.includes(ruleId)) problems.push(`${where}: ruleId "${ruleId}" not among the driver's rules`);
    if (result.ruleIndex !== undefined && ruleIds[result.ruleIndex as number] !== ruleId) {
      problems.push(`${where}: ruleIndex ${String(result.ruleIndex)} does not point at rule "${String(ruleId)}"`);
    }
    const message = text(result.message);
    if (message === null || message === '') problems.push(`${where}: message.text missing`);

    const locations = asArray(result.locations);
    if (locations === null || locations.length !== 1) {
      problems.push(`${where}: expected exactly one location, found ${locations === null ? 0 : locations.length}`);
    } else {
      checkPhysicalLocation(locations[0], `${where}.locations[0]`, true, problems);
    }

    const related = asArray(result.relatedLocations) ?? [];
    if (related.length > 100) problems.push(`${where}: ${related.length} related locations, GitHub keeps only 100`);
    const relatedIds = new Set<number>();
    related.forEach((location, j) => {
      checkPhysicalLocation(location, `${where}.relatedLocations[${j}]`, false, problems);
      if (isObject(location) && typeof location.id === 'number') relatedIds.add(location.id);
    });
    for (const match of (message ?? '').matchAll(/(?<!\\)\]\((\d+)\)/g)) {
      const id = Number(match[1]);
      if (!relatedIds.has(id)) problems.push(`${where}: message links to related location ${id}, which does not exist`);
    }

    for (const [c, flow] of (asArray(result.codeFlows) ?? []).entries()) {
      for (const [t, threadFlow] of (asArray(isObject(flow) ? flow.threadFlows : undefined) ?? []).entries()) {
        const steps = asArray(isObject(threadFlow) ? threadFlow.locations : undefined) ?? [];
        if (steps.length > 1000) problems.push(`${where}.codeFlows[${c}].threadFlows[${t}]: ${steps.length} steps, GitHub keeps only 1,000`);
        steps.forEach((step, s) => {
          const stepWhere = `${where}.codeFlows[${c}].threadFlows[${t}].locations[${s}]`;
          if (isObject(step) && step.index !== undefined) problems.push(`${stepWhere}: index references are not displayed by GitHub`);
          checkPhysicalLocation(isObject(step) ? step.location : undefined, stepWhere, false, problems);
        });
      }
    }

    const fingerprints = isObject(result.partialFingerprints) ? result.partialFingerprints : {};
    const lineHash = fingerprints.primaryLocationLineHash;
    if (lineHash !== undefined && (typeof lineHash !== 'string' || !/^[0-9a-f]{1,16}:\d+$/.test(lineHash))) {
      problems.push(`${where}: primaryLocationLineHash "${String(lineHash)}" is not in the upload action's format`);
    }
  });
  return problems;
}
