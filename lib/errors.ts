/** One problem with one field of the input, named by its path (`packages[0].version`). */
export interface FieldError {
  location: string;
  message: string;
}

/**
 * The one error type of Sigil's domain. It carries what a user should read (`title`,
 * `detail`, `errors`) and the HTTP status an API answers with; never internals.
 */
export class SigilError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
    this.name = "SigilError";
  }
}

export const badRequest = (detail: string, errors: FieldError[] = []) =>
  new SigilError(400, "Bad Request", detail, errors);

export const validationFailed = (detail: string, errors: FieldError[]) =>
  new SigilError(422, "Unprocessable Entity", detail, errors);

export const notFound = (detail: string) => new SigilError(404, "Not Found", detail);

/** No credentials, or credentials that are not valid (an expired session, a revoked token). */
export const unauthorized = (detail: string) => new SigilError(401, "Unauthorized", detail);

export const forbidden = (detail: string) => new SigilError(403, "Forbidden", detail);

export const conflict = (detail: string) => new SigilError(409, "Conflict", detail);

/** The database cannot be started, reached or migrated. */
export const databaseUnavailable = (detail: string) => new SigilError(503, "Database Unavailable", detail);
