/** A PostgreSQL server the suites run against, with a migrated template database on it. */
export interface DatabaseBackend {
  name: "embedded" | "postgresql";
  /** URL of the server's maintenance database, for CREATE/DROP DATABASE. */
  adminUrl: string;
  template: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseBackends: DatabaseBackend[];
  }
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
