import Link from "next/link";

export default function Forbidden() {
  return (
    <section className="empty" aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">Not allowed</h1>
      <p>
        Your account does not have the role this page needs. An admin can grant it. <Link href="/">Back to the servers</Link>.
      </p>
    </section>
  );
}
