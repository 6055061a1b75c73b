import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/page-access";
import { db } from "@/lib/db/client";
import { Role } from "@/lib/db/generated/client";
import { SubmitForm } from "./submit-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Submit a server" };

export default async function SubmitPage() {
  const user = await requirePageUser("/submit", [Role.MAINTAINER]);
  const owned = await db().namespace.findMany({ where: { owners: { some: { userId: user.id } } }, orderBy: { name: "asc" }, select: { name: true } });
  return (
    <section aria-labelledby="submit-title">
      <div className="page-head">
        <h1 id="submit-title">Submit a server</h1>
      </div>
      <p className="lede">
        Paste or upload the <code>server.json</code> of one version, in the official MCP format, pointing at an npm package at an exact version. It is scanned at once;
        a reviewer then approves or rejects it. A submitted version never changes: fix something by submitting a new version.
      </p>
      {owned.length === 0 ? (
        <p className="error-box" role="alert">
          You do not own a namespace yet. <Link href="/namespaces">Prove one</Link> first (GitHub accounts own <code>io.github.&lt;login&gt;</code> from their first sign-in).
        </p>
      ) : (
        <p className="hint">
          Your namespaces: {owned.map((n) => n.name).join(", ")}. The server name must start with one of them.
        </p>
      )}
      <SubmitForm />
    </section>
  );
}
