import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasAdmin } from "@/lib/auth/first-admin-setup";
import { SetupForm } from "./setup-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Create the first admin" };

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  if (await hasAdmin()) notFound();
  const { token } = await searchParams;
  return (
    <section className="narrow" aria-labelledby="setup-title">
      <h1 id="setup-title">Create the first admin</h1>
      <p className="lede">This registry has no admin yet. The link printed when it started creates one, once.</p>
      {token ? (
        <SetupForm token={token} />
      ) : (
        <p className="error-box" role="alert">
          This page needs the link printed by <code>npm start</code>, with its token. Restart the registry for a new one.
        </p>
      )}
    </section>
  );
}
