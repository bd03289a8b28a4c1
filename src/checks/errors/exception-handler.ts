import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { ErrorHandler, SourceFacts } from '../../gather/source.js';
import { capped, evidenceAt, noSourceFinding, where } from '../source-places.js';

export function describeHandler(handler: ErrorHandler): string {
  return `${where(handler)}: ${handler.framework} ${handler.registration}`;
}

export function judgeExceptionHandler(source: SourceFacts): Finding {
  const none = noSourceFinding(source);
  if (none) return none;

  const catchAll = source.handlers.filter((handler) => handler.catchesAll);
  if (catchAll.length > 0) {
    return {
      status: 'pass',
      message: `A handler for every unhandled exception is registered (${describeHandler(catchAll[0]!)}).`,
      evidence: capped(catchAll.map((handler) => evidenceAt(describeHandler(handler), handler))),
    };
  }

  // The application is where the missing handler belongs: the place a fix goes.
  const apps = source.apps.map((app) => ({
    ...evidenceAt(`${where(app)}: ${app.framework} application`, app),
    status: 'fail' as const,
  }));
  const narrow = source.handlers.map((handler) =>
    evidenceAt(`${describeHandler(handler)} handles some exceptions only`, handler),
  );
  if (apps.length === 0) {
    return {
      status: 'manual',
      message:
        'No FastAPI, Starlette, Flask, Express, Fastify or NestJS application was found in the code.',
      evidence: narrow,
    };
  }
  return {
    status: 'fail',
    message:
      'No handler for all exceptions is registered: unhandled errors fall to the framework default.',
    evidence: capped([...apps, ...narrow]),
  };
}

export default defineCheck({
  id: 'exception-handler',
  title: 'A handler for all exceptions is registered',
  severity: 'high',
  needs: ['sourceFacts'],
  remediation:
    'Register one handler for every exception: FastAPI `@app.exception_handler(Exception)`, ' +
    'an Express error middleware `(err, req, res, next)` added last, Fastify ' +
    '`setErrorHandler()`, or a NestJS `@Catch()` filter in `app.useGlobalFilters()`; answer 500 ' +
    'with a generic message.',
  run: ({ sourceFacts }) => judgeExceptionHandler(sourceFacts),
});
