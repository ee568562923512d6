import type * as Sarif from 'sarif';
import { checkGitHubProfile } from '../../src/report/sarif-check.js';
import { renderSarif } from '../../src/report/sarif.js';
import { fixtureReport, readFixtureSource } from './fixture-report.js';

type Mutable = Record<string, unknown> & Sarif.Log;

function good(): Mutable {
  return JSON.parse(renderSarif(fixtureReport(), { repoRoot: '/repo', readSource: readFixtureSource })) as Mutable;
}

function run(log: Mutable): Sarif.Run {
  return log.runs[0] as Sarif.Run;
}

function firstResult(log: Mutable): Sarif.Result {
  return run(log).results?.[0] as Sarif.Result;
}

function firstRule(log: Mutable): Sarif.ReportingDescriptor {
  return run(log).tool.driver.rules?.[0] as Sarif.ReportingDescriptor;
}

describe('checkGitHubProfile', () => {
  test('a rendered log passes', () => {
    expect(checkGitHubProfile(good())).toEqual([]);
  });

  test.each<[string, (log: Mutable) => void, string[]]>([
    ['not one run', (log) => log.runs.push(log.runs[0] as Sarif.Run), ['log: expected exactly one run, found 2']],
    ['results missing', (log) => delete run(log).results, ['runs[0]: results array missing']],
    ['columnKind missing', (log) => delete run(log).columnKind, ['runs[0]: columnKind missing']],
    ['name equals id', (log) => (firstRule(log).name = firstRule(log).id), ['rules[0]: name equals id']],
    ['help missing', (log) => delete firstRule(log).help, ['rules[0]: help.text missing']],
    ['long description', (log) => (firstRule(log).fullDescription = { text: 'x'.repeat(1025) }), ['rules[0]: fullDescription.text longer than 1024 characters']],
    ['too many tags', (log) => (firstRule(log).properties = { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }), ['rules[0]: 11 tags, GitHub keeps only 10']],
    ['security-severity', (log) => (firstRule(log).properties = { 'security-severity': '5.0' }), ['rules[0]: security-severity makes this a security rule']],
    [
      'duplicate rule',
      (log) => run(log).tool.driver.rules?.push({ ...firstRule(log) }),
      ['driver: duplicate rule id "address-returned"'],
    ],
    ['unknown ruleId', (log) => (firstResult(log).ruleId = 'nope'), ['results[0]: ruleId "nope" not among the driver\'s rules', 'results[0]: ruleIndex 2 does not point at rule "nope"']],
    ['wrong ruleIndex', (log) => (firstResult(log).ruleIndex = 0), ['results[0]: ruleIndex 0 does not point at rule "contract-violation"']],
    ['two locations', (log) => firstResult(log).locations?.push(firstResult(log).locations?.[0] as Sarif.Location), ['results[0]: expected exactly one location, found 2']],
    [
      'absolute uri',
      (log) => {
        const artifact = firstResult(log).locations?.[0]?.physicalLocation?.artifactLocation as Sarif.ArtifactLocation;
        artifact.uri = 'file:///home/me/repo/main.go';
      },
      ['results[0].locations[0]: uri "file:///home/me/repo/main.go" is not relative to the repository root'],
    ],
    [
      'unencoded space and ..',
      (log) => {
        const artifact = firstResult(log).locations?.[0]?.physicalLocation?.artifactLocation as Sarif.ArtifactLocation;
        artifact.uri = '../my dir/a.go';
      },
      ['results[0].locations[0]: uri "../my dir/a.go" contains ".."', 'results[0].locations[0]: uri "../my dir/a.go" is not percent-encoded'],
    ],
    [
      'region ends before it starts',
      (log) => {
        const region = firstResult(log).locations?.[0]?.physicalLocation?.region as Sarif.Region;
        region.endColumn = 1;
      },
      ['results[0].locations[0]: region.endColumn 1 is before startColumn 2'],
    ],
    [
      'column 0 and partial region',
      (log) => {
        const region = firstResult(log).locations?.[0]?.physicalLocation?.region as Sarif.Region;
        region.startColumn = 0;
        delete region.endLine;
      },
      ['results[0].locations[0]: region.startColumn must be an integer ≥ 1', 'results[0].locations[0]: region.endLine must be an integer ≥ 1'],
    ],
    ['dangling message link', (log) => (firstResult(log).message = { text: 'See [here](7).' }), ['results[0]: message links to related location 7, which does not exist']],
    ['null value', (log) => ((firstResult(log) as unknown as Record<string, unknown>).fixes = null), ['$.runs[0].results[0].fixes: null value']],
    ['bad line hash', (log) => (firstResult(log).partialFingerprints = { primaryLocationLineHash: 'line-11' }), ['results[0]: primaryLocationLineHash "line-11" is not in the upload action\'s format']],
    [
      'thread flow index reference',
      (log) => {
        const step = run(log).results?.[2]?.codeFlows?.[0]?.threadFlows[0]?.locations?.[0] as Sarif.ThreadFlowLocation;
        step.index = 0;
      },
      ['results[2].codeFlows[0].threadFlows[0].locations[0]: index references are not displayed by GitHub'],
    ],
  ])('%s', (_name, mutate, expected) => {
    const log = good();
    mutate(log);
    expect(checkGitHubProfile(log)).toEqual(expected);
  });

  test('gzip size over the limit', () => {
    expect(checkGitHubProfile(good(), { maxGzipBytes: 100 })).toEqual([expect.stringMatching(/^log: \d+ bytes gzipped, over the limit of 100$/)]);
  });

  test('not an object', () => {
    expect(checkGitHubProfile([])).toEqual(['log: not a JSON object']);
  });
});
