// ESM TypeScript under Jest: ts-jest compiles each file as ESM and Node runs it with
// --experimental-vm-modules (see the "test" script). The mapper strips the ".js" suffix that
// NodeNext resolution requires in relative imports, so Jest finds the ".ts" source.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
};
