import pg from "pg";

/** Runs one SQL statement on a connection of its own, and returns its rows. */
export async function runSql<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}
