// ESM TypeScript under Jest: ts-jest compiles each file as ESM and Node runs it with
// --experimental-vm-modules (see the "test" script). The mapper strips the ".js" suffix that
// NodeNext resolution requires in relative imports, so Jest finds the ".ts" source.

// Tests that run the bundled CLI would otherwise share the user's result cache (~/.cache/heaplint)
// from one run to the next; the cache's own tests give it a directory of their own.
process.env.HEAPLINT_CACHE = 'off';

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
};
