import type { Finding } from "@/lib/db/generated/client";
import { CATEGORIES } from "@/scanner/rules/rule";

const SEVERITY_ORDER = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"];

function FindingList({ findings }: { findings: Finding[] }) {
  const sorted = [...findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  return (
    <ul className="findings">
      {sorted.map((finding) => (
        <li key={finding.id} className={`finding severity-${finding.severity.toLowerCase()}`}>
          <div className="finding-head">
            <span className="severity">{finding.severity.toLowerCase()}</span>
            <code>{finding.ruleId}</code>
            {finding.file && (
              <code className="location">
                {finding.file}
                {finding.line ? `:${finding.line}` : ""}
              </code>
            )}
          </div>
          <p>{finding.message}</p>
          {finding.snippet && (
            <pre className="code excerpt">
              <code>{finding.snippet}</code>
            </pre>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Findings grouped by category; the package's own first, then what comes via its dependencies. */
export function FindingsSection({ findings }: { findings: Finding[] }) {
  const own = findings.filter((f) => !f.viaDependency);
  const viaDependencies = findings.filter((f) => f.viaDependency);
  const byCategory = CATEGORIES.map((category) => [category, own.filter((f) => f.category === category)] as const).filter(([, list]) => list.length);
  const byDependency = [...new Set(viaDependencies.map((f) => f.viaDependency!))].sort();
  return (
    <section aria-labelledby="findings-title" className="report-section">
      <h2 id="findings-title">Findings</h2>
      {own.length === 0 && <p className="hint">No findings in the package&apos;s own code.</p>}
      {byCategory.map(([category, list]) => (
        <details key={category} open={list.some((f) => ["CRITICAL", "HIGH", "MEDIUM"].includes(f.severity))}>
          <summary>
            {category} <span className="count">({list.length})</span>
          </summary>
          <FindingList findings={list} />
        </details>
      ))}
      {byDependency.length > 0 && (
        <>
          <h3>Via dependencies</h3>
          <p className="hint">What the dependencies&apos; code does. These do not fail the package on their own.</p>
          {byDependency.map((dependency) => (
            <details key={dependency}>
              <summary>
                <code>{dependency}</code> <span className="count">({viaDependencies.filter((f) => f.viaDependency === dependency).length})</span>
              </summary>
              <FindingList findings={viaDependencies.filter((f) => f.viaDependency === dependency)} />
            </details>
          ))}
        </>
      )}
    </section>
  );
}
