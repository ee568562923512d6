/** Stand-in classifiers for pipeline tests: a function of the whole log, as a RecordClassifier. */
import type { VerdictRecord } from '../../src/parse/records.js';
import type { ClassifyOptions, ClassifyResult, RecordClassifier } from '../../src/pipeline/lint.js';

export function wholeLog(classify: (records: VerdictRecord[], options: ClassifyOptions) => ClassifyResult): (options: ClassifyOptions) => RecordClassifier {
  return (options) => {
    const records: VerdictRecord[] = [];
    return { add: (batch) => records.push(...batch), finish: () => classify(records, options) };
  };
}
