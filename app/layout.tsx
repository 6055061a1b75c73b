import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Sigil — curated, signed MCP servers", template: "%s · Sigil" },
  description: "A registry of MCP servers that are scanned, reviewed by people, pinned and signed.",
  icons: { icon: "/favicon.svg" },
};

export default function RootLayout({ children }: { children: ReactNode }) {
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
