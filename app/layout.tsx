import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { currentPageUser } from "@/lib/auth/page-user";
import { Role, type User } from "@/lib/db/generated/client";
import "./globals.css";
import { SignOutButton } from "./sign-out-button";

export const metadata: Metadata = {
  title: { default: "Sigil — curated, signed MCP servers", template: "%s · Sigil" },
  description: "A registry of MCP servers that are scanned, reviewed by people, pinned and signed.",
  icons: { icon: "/favicon.svg" },
};

// Admins hold every role's rights, so they see every link.
const has = (user: User, role: Role) => user.roles.includes(role) || user.roles.includes(Role.ADMIN);

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentPageUser();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="wrap header-row">
            <Link href="/" className="brand" aria-label="Sigil home">
              <span className="brand-mark" aria-hidden="true">◈</span> Sigil
            </Link>
            <nav aria-label="Main">
              <ul className="nav-list">
                <li>
                  <Link href="/">Servers</Link>
                </li>
                <li>
                  <a href="/openapi.yaml">API</a>
                </li>
                {user ? (
                  <>
                    {has(user, Role.MAINTAINER) && (
                      <>
                        <li>
                          <Link href="/submit">Submit</Link>
                        </li>
                        <li>
                          <Link href="/submissions">My submissions</Link>
                        </li>
                        <li>
                          <Link href="/namespaces">Namespaces</Link>
                        </li>
                      </>
                    )}
                    {has(user, Role.REVIEWER) && (
                      <li>
                        <Link href="/review">Review</Link>
                      </li>
                    )}
                    {has(user, Role.ADMIN) && (
                      <>
                        <li>
                          <Link href="/admin">Admin</Link>
                        </li>
                        <li>
                          <Link href="/audit">Audit log</Link>
                        </li>
                      </>
                    )}
                    <li>
                      <Link href="/tokens">Tokens</Link>
                    </li>
                    <li className="nav-user">
                      <Link href="/account" aria-label="Your account">
                        {user.name ?? user.githubLogin ?? user.email}
                      </Link>
                    </li>
                    <li>
                      <SignOutButton />
                    </li>
                  </>
                ) : (
                  <li>
                    <Link href="/sign-in">Sign in</Link>
                  </li>
                )}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" className="wrap">
          {children}
        </main>
        <footer className="site-footer">
          <div className="wrap">
            Sigil lists only versions that were scanned and approved by a reviewer. Read API compatible with the official MCP Registry.
          </div>
        </footer>
      </body>
    </html>
  );
}
