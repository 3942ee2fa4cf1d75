// Runs inside an unzipped build.zip, in a fresh Node process: loads the app through Zapier's own
// entry point (zapierwrapper.js → createAppHandler) and runs the auth test with the network mocked.
// argv: <unzipped dir> <path to nock> <case JSON>
const path = require('node:path');

const [dir, nockPath, caseJson] = process.argv.slice(2);
const smoke = JSON.parse(caseJson);
const nock = require(nockPath);

nock.disableNetConnect();
const scope = nock(smoke.origin).get(smoke.path).query(true).reply(200, smoke.reply);

const { handler } = require(path.join(dir, 'zapierwrapper.js'));
const definition = require(path.join(dir, 'definition.json'));

handler({ command: 'execute', method: 'authentication.test', bundle: { authData: smoke.authData } })
  .then((response) => {
    if (!scope.isDone()) throw new Error(`the auth test did not call ${smoke.origin}${smoke.path}`);
    const label = definition.authentication && definition.authentication.connectionLabel;
    process.stdout.write(JSON.stringify({ ok: true, key: definition.title || null, result: response.results, label }) + '\n');
  })
  .catch((error) => {
    process.stdout.write(JSON.stringify({ ok: false, error: String(error && error.message) }) + '\n');
    process.exit(1);
  });
