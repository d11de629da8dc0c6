/** A file ingest refuses, with one clear reason a person can act on. */
export class IngestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestError';
  }
}
