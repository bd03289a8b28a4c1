// Targets that fail at the connection: no answer, a slow or endless one, garbage, bad TLS.
import { HTTP_ITEMS, hostileSuite, TLS_ITEMS } from '../support/hostile/suite.js';

const noAnswer = { affected: HTTP_ITEMS };

hostileSuite('hostile targets: connections', {
  'slow-headers': noAnswer,
  'endless-body': noAnswer,
  silent: noAnswer,
  reset: noAnswer,
  'not-http': noAnswer,
  'broken-chunked': noAnswer,
  'tls-garbage': { affected: [...HTTP_ITEMS, ...TLS_ITEMS] },
  'tls-huge-chain': { affected: [...HTTP_ITEMS, ...TLS_ITEMS] },
});
