/** The OpenAPI 3.1 description of the HTTP API, served at /api/openapi.json. */
const answer = {
  type: 'object',
  required: ['answer', 'route', 'citations', 'timings'],
  properties: {
    answer: { type: 'string', description: 'Markdown; [n] marks cite citations[n-1]' },
    route: { enum: ['sql', 'retrieval', 'hybrid', 'none'] },
    refused: { type: 'boolean' },
    resolvedQuestion: { type: 'string', description: 'The question answered after resolving a follow-up' },
    plan: { type: 'object', description: 'The typed QueryPlan (SQL route)' },
    sql: { type: 'string' },
    params: { type: 'array' },
    rows: { type: 'array', items: { type: 'object' } },
    citations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['n', 'reportId', 'title', 'section', 'quote', 'start', 'end'],
        properties: {
          n: { type: 'integer' }, reportId: { type: 'integer' }, title: { type: 'string' }, org: { type: ['string', 'null'] },
          year: { type: ['integer', 'null'] }, section: { type: 'string' },
          quote: { type: 'string', description: 'Exactly reportText.slice(start, end)' },
          start: { type: 'integer' }, end: { type: 'integer' },
          cell: { type: 'object', properties: { key: { type: 'string' }, table: { type: 'string' }, row: { type: 'string' }, col: { type: 'string' }, value: { type: ['number', 'null'] }, unit: { type: 'string' } } },
        },
      },
    },
    warnings: { type: 'array', items: { type: 'string' } },
    timings: { type: 'object', properties: { totalMs: { type: 'number' } } },
  },
};

const question = {
  type: 'object',
  required: ['question'],
  properties: {
    question: { type: 'string', maxLength: 500 },
    history: { type: 'array', items: { type: 'object', properties: { role: { enum: ['user', 'assistant'] }, content: { type: 'string' } } } },
  },
};

const error = { type: 'object', properties: { error: { type: 'string' } } };
const json = (schema: object) => ({ content: { 'application/json': { schema } } });

export const OPENAPI = {
  openapi: '3.1.0',
  info: { title: '年报问答 govreport-qa API', version: '1' },
  paths: {
    '/api/ask': { post: { summary: 'Answer a question', requestBody: json(question), responses: { 200: { description: 'The answer', ...json(answer) }, 400: json(error), 413: json(error), 429: json(error) } } },
    '/api/chat': {
      post: {
        summary: 'Answer as Server-Sent Events: route, delta (text), table, citations, warnings, done (the whole answer)',
        requestBody: json(question),
        responses: { 200: { description: 'text/event-stream' }, 400: json(error), 429: json(error) },
      },
    },
    '/api/reports': {
      get: {
        summary: 'List reports with a validation summary',
        parameters: ['org', 'region', 'year', 'level'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
        responses: { 200: { description: 'Reports' } },
      },
    },
    '/api/reports/{id}': { get: { summary: 'One report: metadata, sections, cells with printed labels, validation', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: { 200: { description: 'Report' }, 404: json(error) } } },
    '/api/reports/{id}/text': { get: { summary: 'The normalised text that citation offsets point into', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: { 200: { description: 'Text' }, 404: json(error) } } },
    '/api/ingest': { post: { summary: 'Upload report files (multipart, field "file"); Authorization: Bearer $ADMIN_TOKEN', responses: { 200: { description: 'Per-file outcome' }, 400: json(error), 401: json(error), 403: json(error), 413: json(error) } } },
    '/healthz': { get: { summary: 'Liveness and corpus size', responses: { 200: { description: 'OK' } } } },
  },
};
