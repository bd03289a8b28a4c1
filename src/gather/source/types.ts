/** A place in the project: a path relative to the project folder and a 1-based line. */
export interface Place {
  file: string;
  line: number;
}

export type SourceLanguage = 'python' | 'javascript';

/** How a SQL string was put together from pieces that are not constants. */
export type StringBuilding =
  | 'f-string'
  | '%-formatting'
  | '.format()'
  | 'concatenation'
  | 'template literal';

/** A call that runs SQL text built from values: the stuff of SQL injection. */
export interface RawSqlCall extends Place {
  /** The callee as written, e.g. `db.execute` or `prisma.$queryRawUnsafe`. */
  call: string;
  building: StringBuilding;
  /** The expressions put into the SQL text, as written (short). */
  names: string[];
  /** The string was built in a variable first: its name and the line it was built on. */
  via?: { variable: string; line: number };
}

export type Framework = 'fastapi' | 'starlette' | 'flask' | 'express' | 'fastify' | 'nestjs';

/** A web application object: `FastAPI()`, `express()`, `NestFactory.create()` ... */
export interface AppObject extends Place {
  framework: Framework;
}

/** What a handler does with the error it caught. */
export interface HandlerBody {
  /** A logger or error-tracker call in the handler's body. */
  logs: boolean;
  /** The line where the caught error, its message or a traceback goes into the response. */
  echoLine?: number;
}

/** A handler registered for errors, with what its body does. */
export interface ErrorHandler extends Place, HandlerBody {
  /** False when it is registered by a name whose definition is not in the project. */
  bodyKnown: boolean;
  framework: Framework;
  /** How it was registered, in the framework's words: `exception_handler(Exception)` ... */
  registration: string;
  /** It receives every unhandled exception, not one class of them. */
  catchesAll: boolean;
}

/** A function that could be an error handler, kept to resolve a registration by name. */
export interface HandlerCandidate extends Place, HandlerBody {
  name: string;
}

/** A handler registered by name in one file and perhaps defined in another. */
export interface HandlerReference extends Place {
  name: string;
  framework: Framework;
  registration: string;
  catchesAll: boolean;
}

/** A setting that makes the framework print tracebacks to clients. */
export interface DebugSwitch extends Place {
  /** The setting as shipshape describes it, e.g. `FastAPI(debug=True)`. */
  setting: string;
}

/**
 * One of FastAPI's docs settings: left to its default (served), set to None, set so that it
 * is None in production only, set to a path, or set to something shipshape cannot read.
 */
export type DocsSetting = 'default' | 'none' | 'production-only' | 'path' | 'unknown';

export interface FastApiDocs extends Place {
  docsUrl: DocsSetting;
  redocUrl: DocsSetting;
  openapiUrl: DocsSetting;
  /** `FastAPI(**settings)`: the keywords may come from elsewhere. */
  spread: boolean;
}

/** Swagger UI, ReDoc or an OpenAPI route mounted in a Node application. */
export interface DocsMount extends Place {
  what: string;
  /** Inside an `if` or condition that names the environment or production. */
  conditional: boolean;
}

/** The literal kind of an option value; the value itself is kept only when it is not secret. */
export interface OptionValue {
  line: number;
  kind: 'true' | 'false' | 'none' | 'number' | 'string' | 'expression';
  /** Numbers, and strings of settings that are never secret (sslmode, timeouts). */
  value?: string;
}

export type DatabaseLibrary =
  | 'sqlalchemy'
  | 'psycopg'
  | 'psycopg2'
  | 'asyncpg'
  | 'node-pg'
  | 'postgres.js'
  | 'knex'
  | 'sequelize'
  | 'typeorm'
  | 'prisma';

/** Where a client's database URL comes from. */
export type UrlOrigin =
  | { kind: 'literal'; url: LiteralDatabaseUrl }
  | { kind: 'env'; key: string }
  | { kind: 'expression' };

/** A database engine, pool or connection made in code, with its options. */
export interface DatabaseClient extends Place {
  library: DatabaseLibrary;
  call: string;
  /** `pool`: a pool; `single`: one connection per call; `no-pool`: pooling switched off. */
  pooling: 'pool' | 'single' | 'no-pool';
  /** Option names, lower case, from keywords and nested dicts or objects, with their values. */
  options: Record<string, OptionValue>;
  url?: UrlOrigin;
  /** In a migrations folder (Alembic's env.py): a one-off connection, not the application's. */
  migrations: boolean;
}

/** A database URL written in the code, without its password. */
export interface LiteralDatabaseUrl extends Place {
  user: string;
  host: string;
  sslMode?: string;
  params: Record<string, string>;
}

/** A SQL or option string that sets statement_timeout, with its value when it is a number. */
export interface TimeoutSetting extends Place {
  setting: string;
  value?: number;
}

export type AmountSource = 'request' | 'computed' | 'constant' | 'unknown';

/** A payment provider call and where each amount it is given comes from. */
export interface PaymentCall extends Place {
  call: string;
  amounts: Array<{ line: number; key: string; source: AmountSource; expression: string }>;
  /** It refers to catalogue prices (`price: 'price_...'`) instead of amounts. */
  catalogPrice: boolean;
}

/** Client code that sends an amount to a payment endpoint. */
export interface ClientAmount extends Place {
  call: string;
  endpoint: string;
  key: string;
}

/** Code that reads the User-Agent header and refuses bots. */
export interface BotScreen extends Place {
  how: string;
}

export interface NamedLogger extends Place {
  name: string;
}

/** A log handler that writes to a file. */
export interface LogFileHandler extends Place {
  handler: string;
  /** The file path as far as it is written as text in the code, or undefined. */
  path?: string;
  rotating: boolean;
}

/** An error tracker or alert channel set up in code. */
export interface AlertHook extends Place {
  tool: string;
  /** Where its DSN or webhook comes from. */
  target: 'literal' | 'env' | 'expression' | 'none';
  envKey?: string;
}

/** The schema made by the ORM at start-up instead of by migrations. */
export interface SchemaCreation extends Place {
  how: string;
}

/** `analysis`: shipshape itself failed on the file; the rest of the scan goes on. */
export type ParseProblemKind = 'syntax' | 'encoding' | 'unreadable' | 'analysis';

export interface ParseProblem {
  file: string;
  line?: number;
  problem: ParseProblemKind;
}

/** Everything one file tells, as plain data (it crosses worker threads). */
export interface FileFacts {
  file: string;
  language: SourceLanguage;
  /** False when no word of interest appeared in it, so it was never parsed. */
  parsed: boolean;
  lines: number;
  rawSql: RawSqlCall[];
  apps: AppObject[];
  handlers: ErrorHandler[];
  handlerCandidates: HandlerCandidate[];
  handlerReferences: HandlerReference[];
  debugSwitches: DebugSwitch[];
  fastApiDocs: FastApiDocs[];
  docsMounts: DocsMount[];
  databaseClients: DatabaseClient[];
  databaseUrls: LiteralDatabaseUrl[];
  timeoutSettings: TimeoutSetting[];
  payments: PaymentCall[];
  clientAmounts: ClientAmount[];
  botScreens: BotScreen[];
  loggers: NamedLogger[];
  logFiles: LogFileHandler[];
  alertHooks: AlertHook[];
  schemaCreations: SchemaCreation[];
  problems: ParseProblem[];
  /** Passwords of literal database URLs: registered as secrets, never reported. */
  secrets: string[];
}

/** The facts of every Python and JavaScript/TypeScript file of the project. */
export interface SourceFacts {
  /** Source files considered, parsed or not. */
  filesScanned: number;
  filesParsed: number;
  linesScanned: number;
  /** Files of any kind over the file index's size limit: never read. */
  filesTooLarge: number;
  /** Test files, left out: their SQL and settings never run in production. */
  testFilesSkipped: number;
  languages: Record<SourceLanguage, number>;
  rawSql: RawSqlCall[];
  apps: AppObject[];
  /** Registered handlers, with registrations by name resolved across files. */
  handlers: ErrorHandler[];
  debugSwitches: DebugSwitch[];
  fastApiDocs: FastApiDocs[];
  docsMounts: DocsMount[];
  databaseClients: DatabaseClient[];
  databaseUrls: LiteralDatabaseUrl[];
  timeoutSettings: TimeoutSetting[];
  payments: PaymentCall[];
  clientAmounts: ClientAmount[];
  botScreens: BotScreen[];
  loggers: NamedLogger[];
  logFiles: LogFileHandler[];
  alertHooks: AlertHook[];
  schemaCreations: SchemaCreation[];
  problems: ParseProblem[];
}
