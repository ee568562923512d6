/**
 * Validates a SARIF text the three ways GitHub-bound output must pass: Ajv (draft 2020-12 with
 * formats), jsonschema 1.5.0 (the validator github/codeql-action/upload-sarif runs), and
 * heaplint's GitHub-profile check. Shared with the CLI integration tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { Validator } from 'jsonschema';
import type { ValidateFunction } from 'ajv';
import { checkGitHubProfile } from '../../src/report/sarif-check.js';

export const SARIF_SCHEMA_PATH = fileURLToPath(new URL('../fixtures/report/sarif-2.1.0.schema.json', import.meta.url));

let schema: Record<string, unknown> | undefined;
let ajvValidate: ValidateFunction | undefined;

function loadSchema(): Record<string, unknown> {
  schema ??= JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  return schema;
}

function ajv(): ValidateFunction {
  if (ajvValidate === undefined) {
    const Ajv2020 = Ajv2020Module.default;
    const addFormats = addFormatsModule.default;
    const instance = new Ajv2020({ allErrors: true, strict: false });
    addFormats(instance);
    ajvValidate = instance.compile(loadSchema());
  }
  return ajvValidate;
}

/** Schema problems reported by Ajv 2020 + ajv-formats. */
export function ajvProblems(log: unknown): string[] {
  const validate = ajv();
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `ajv: ${e.instancePath || '/'} ${e.message ?? 'invalid'}`);
}

/** Schema problems reported by jsonschema 1.5.0, as upload-sarif sees them. */
export function jsonschemaProblems(log: unknown): string[] {
  const result = new Validator().validate(log, loadSchema());
  return result.errors.map((e) => `jsonschema: ${e.property} ${e.message}`);
}

/** Every problem found by the three validators; empty means the SARIF is fit for GitHub. */
export function validateSarif(text: string): string[] {
  let log: unknown;
  try {
    log = JSON.parse(text);
  } catch (error) {
    return [`json: ${(error as Error).message}`];
  }
  return [...ajvProblems(log), ...jsonschemaProblems(log), ...checkGitHubProfile(log).map((p) => `github: ${p}`)];
}
