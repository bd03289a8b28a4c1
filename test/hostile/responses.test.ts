// Targets that answer, but with something no client should swallow whole or trust.
import { HTTP_ITEMS, hostileSuite } from '../support/hostile/suite.js';

const noAnswer = { affected: HTTP_ITEMS };
const missingHeaders = ['headers.hsts', 'headers.nosniff', 'docs.not-found', 'tls.https-redirect'];

hostileSuite('hostile targets: answers', {
  'huge-body': { affected: missingHeaders, mayPass: ['deploy.health'] },
  'gzip-bomb': { affected: missingHeaders, mayPass: ['deploy.health'] },
  'redirect-loop': {
    affected: ['tls.https-redirect', 'headers.hsts', 'headers.nosniff'],
    mayPass: ['docs.disabled', 'docs.openapi-hidden'],
  },
  'redirect-other-host': {
    affected: ['tls.https-redirect', 'headers.hsts', 'headers.nosniff'],
    mayPass: ['docs.disabled', 'docs.openapi-hidden'],
  },
  'many-headers': noAnswer,
  'huge-header': noAnswer,
  'header-invalid-utf8': { affected: missingHeaders, mayPass: ['deploy.health'] },
  'header-control-chars': noAnswer,
});
