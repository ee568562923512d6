import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import type { Ajv as AjvClass } from 'ajv';
import { HeaplintError } from '../../src/errors.js';
import { CONFIG_KEYS, parseConfig } from '../../src/policy/config.js';
import { allKnownRuleIds } from '../../src/policy/rule-ids.js';

// ajv is CommonJS; load it the way Node does so the test does not depend on ESM interop details.
const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof AjvClass;

const schema = JSON.parse(readFileSync(new URL('../../schema/heaplint-config.schema.json', import.meta.url), 'utf8')) as {
  properties: Record<string, unknown> & { rules: { propertyNames: { enum: string[] }; properties: Record<string, unknown> } };
};
const KNOWN = allKnownRuleIds();
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function validatorAccepts(text: string): boolean {
  try {
    parseConfig(text, '.heaplint.yml', KNOWN);
    return true;
  } catch (error) {
    if (error instanceof HeaplintError) return false;
    throw error;
  }
}

const EXAMPLES: [string, boolean][] = [
  ['{}', true],
  ['version: 1', true],
  ['version: 2', false],
  ['$schema: ./schema/heaplint-config.schema.json', true],
  ['rules: { interface-boxing: off }', true],
  ['rules: { interface-boxing: warning }', true],
  ['rules: { interface-boxing: true }', true],
  ['rules: { interface-boxing: { enabled: false, level: error } }', true],
  ['rules: { unused-suppression: note, invalid-directive: error }', true],
  ['rules: { interface-boxng: off }', false],
  ['rules: { interface-boxing: warn }', false],
  ['rules: { interface-boxing: { levl: note } }', false],
  ['rules: { interface-boxing: { enabled: 1 } }', false],
  ['rules: []', false],
  ['include: ["internal/**"]', true],
  ['include: "internal/**"', false],
  ['include: ["/abs"]', false],
  ['exclude: ["C:/x"]', false],
  ['exclude: [" "]', false],
  ['exclude: [3]', false],
  ['packages: ["./...", "example.com/m/..."]', true],
  ['packages: []', false],
  ['packages: ["-x"]', false],
  ['tags: [integration, go1.22]', true],
  ['tags: ["a b"]', false],
  ['gcflags: ["-l", "-d=ssa/check_bce/debug=1"]', true],
  ['gcflags: ["-m"]', false],
  ['gcflags: ["-m=2"]', false],
  ['fail-level: none', true],
  ['fail-level: fatal', false],
  ['baseline: baseline.json', true],
  ['baseline: null', true],
  ['baseline: ""', false],
  ['baseline: 1', false],
  ['tests: true', true],
  ['tests: "true"', false],
  ['failLevel: error', false],
];

describe('schema/heaplint-config.schema.json', () => {
  test.each(EXAMPLES)('%s → valid=%s in both the schema and the validator', (text, valid) => {
    const data = parse(text) as unknown;
    expect([validate(data), validatorAccepts(text)]).toEqual([valid, valid]);
  });

  test('lists exactly the keys and rule ids the validator knows', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...CONFIG_KEYS].sort());
    expect(schema.properties.rules.propertyNames.enum).toEqual(KNOWN);
    expect(Object.keys(schema.properties.rules.properties)).toEqual(KNOWN);
  });
});
