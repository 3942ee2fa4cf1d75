const fs = require('node:fs');
const path = require('node:path');

// Prints the plain closing line CI reads ("N passed, N failed"), which Jest's own summary does not.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line =
      `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : '');
    process.stdout.write(`\n${line}\n`);
    fs.mkdirSync(path.join(__dirname, '..', 'test-output'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, '..', 'test-output', 'summary.txt'), `${line}\n`);
  }
}
module.exports = SummaryReporter;
