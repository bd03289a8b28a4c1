import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { SourceFacts } from '../../gather/source.js';
import { capped, count, evidenceAt, noSourceFinding, where } from '../source-places.js';

export function judgeDebugTracebacks(source: SourceFacts): Finding {
  const none = noSourceFinding(source);
  if (none) return none;

  const switches = source.debugSwitches;
  if (switches.length > 0) {
    return {
      status: 'fail',
      message: `${count(switches.length, 'debug setting')} in the code make the framework send tracebacks to clients (${switches[0]!.setting} at ${where(switches[0]!)}).`,
      evidence: capped(
        switches.map((found) => evidenceAt(`${where(found)}: ${found.setting}`, found)),
      ),
    };
  }
  return {
    status: 'pass',
    message: `No debug switch is set in ${count(source.filesScanned, 'source file')} (debug=True, DEBUG = True, NODE_ENV=development in code).`,
  };
}

export default defineCheck({
  id: 'debug-tracebacks',
  title: 'Debug modes that show tracebacks are off in the code',
  severity: 'high',
  needs: ['sourceFacts'],
  remediation:
    'Remove `debug=True` from `FastAPI()`, `Starlette()` and `app.run()`, set `DEBUG = False` (or ' +
    'read it from the environment, false by default), and never set NODE_ENV in code: set ' +
    'NODE_ENV=production in the deployment.',
  run: ({ sourceFacts }) => judgeDebugTracebacks(sourceFacts),
});
