import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { SourceFacts } from '../../gather/source.js';
import { capped, evidenceAt, noSourceFinding } from '../source-places.js';
import { describeHandler } from './exception-handler.js';

export function judgeExceptionLogging(source: SourceFacts): Finding {
  const none = noSourceFinding(source);
  if (none) return none;

  const handlers = source.handlers.filter((handler) => handler.catchesAll);
  const known = handlers.filter((handler) => handler.bodyKnown);
  if (known.length === 0) {
    const why =
      handlers.length === 0
        ? 'No handler for all exceptions was found'
        : 'The handler for all exceptions is defined outside the project';
    return {
      status: 'manual',
      message: `${why}, so whether errors are logged cannot be read from the code.`,
    };
  }

  const echoing = known.filter((handler) => handler.echoLine !== undefined);
  const silent = known.filter((handler) => !handler.logs);
  const evidence = capped([
    ...echoing.map((handler) => ({
      // The handler's place starts the text; the response that echoes is the line to fix.
      ...evidenceAt(
        `${describeHandler(handler)} puts the error into the response at ${handler.file}:${handler.echoLine}`,
        { file: handler.file, line: handler.echoLine! },
      ),
      status: 'fail' as const,
    })),
    ...silent.map((handler) => ({
      ...evidenceAt(`${describeHandler(handler)} has no logger call`, handler),
      status: 'fail' as const,
    })),
    ...known
      .filter((handler) => handler.logs && handler.echoLine === undefined)
      .map((handler) => ({
        ...evidenceAt(`${describeHandler(handler)} logs the error`, handler),
        status: 'pass' as const,
      })),
  ]);
  if (echoing.length > 0) {
    return {
      status: 'fail',
      message: 'The exception handler sends the error text or traceback to the client.',
      evidence,
    };
  }
  if (silent.length > 0) {
    return {
      status: 'fail',
      message: 'The exception handler answers without logging the error.',
      evidence,
    };
  }
  return {
    status: 'pass',
    message: 'The exception handler logs the error and answers without it.',
    evidence,
  };
}

export default defineCheck({
  id: 'exception-logging',
  title: 'The exception handler logs errors and does not echo them',
  severity: 'medium',
  needs: ['sourceFacts'],
  remediation:
    'In the handler, log with the traceback (`logger.exception("unhandled error")`, ' +
    '`logger.error(err)`) and answer `{"detail": "Internal server error"}` with status 500: ' +
    'never `str(exc)`, `err.message` or `err.stack`.',
  run: ({ sourceFacts }) => judgeExceptionLogging(sourceFacts),
});
