import path from "node:path";
import { defineConfig } from "prisma/config";

// The Prisma CLI (migrate deploy/dev/diff) runs through the bundled WASM schema engine and
// @prisma/adapter-pg, so it needs no native engine download. `npm start` points DATABASE_URL
// at the embedded PostgreSQL before calling the CLI, so there is one code path for both.
// `prisma generate` needs no database, but Prisma 6 still resolves env("DATABASE_URL") in the
// schema and must find a postgresql:// value there.
const PLACEHOLDER_URL = "postgresql://unset@localhost/unset";
process.env.DATABASE_URL ??= PLACEHOLDER_URL;
// Only satisfies the CLI's start-up check for a native binary; engine "js" does the work.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/true";

type AnyAdapter = { [key: string]: unknown };
type Factory = { connect(): Promise<AnyAdapter>; connectToShadowDb(): Promise<AnyAdapter> };

// @prisma/adapter-pg 6.19 cannot deserialise Postgres `name` (oid 19) or `"char"` (oid 18),
// which the schema engine's catalogue queries return: report them as text (oid 25).
function reportNameColumnsAsText(adapter: AnyAdapter): AnyAdapter {
  const proto = Object.getPrototypeOf(Object.getPrototypeOf(adapter));
  if (!proto.__sigilNameAsText) {
    const performIO = proto.performIO;
    proto.performIO = async function (query: unknown) {
      const result = await performIO.call(this, query);
      for (const field of result?.fields ?? []) {
        if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
      }
      return result;
    };
    proto.__sigilNameAsText = true;
  }
  return adapter;
}

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    if (process.env.DATABASE_URL === PLACEHOLDER_URL) {
      throw new Error("DATABASE_URL is not set: `npm start` migrates the embedded database itself; set DATABASE_URL for another.");
    }
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const { default: pg } = await import("pg");
    // Discrete fields, not a connectionString: PrismaPg.connectToShadowDb() spreads the config
    // with another database name, and a connectionString would win over it.
    const url = new URL(process.env.DATABASE_URL!);
    const pgConfig = {
      host: url.hostname,
      port: Number(url.port || 5432),
      database: decodeURIComponent(url.pathname.slice(1)),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      allowExitOnIdle: true, // otherwise the idle pool keeps the CLI alive for ~10 s
    };
    const factory = new PrismaPg(pgConfig) as unknown as Factory;
    // Upstream drops the shadow database before closing its pool ("being accessed by other
    // users"); close first, then drop.
    factory.connectToShadowDb = async () => {
      const admin = new pg.Client(pgConfig);
      await admin.connect();
      const name = `prisma_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
      await admin.query(`CREATE DATABASE "${name}"`);
      const shadow = (await new PrismaPg({ ...pgConfig, database: name }).connect()) as unknown as AnyAdapter & { dispose(): Promise<void> };
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      };
      return reportNameColumnsAsText(shadow);
    };
    const connect = factory.connect.bind(factory);
    factory.connect = async () => reportNameColumnsAsText(await connect());
    return factory as never;
  },
});
