import type { ScanReport } from "@/scanner/report/scan-report";
import { permissionRows } from "../../components/permission-rows";
import { DataTable } from "../../components/data-table";

export function PermissionsSection({ permissions }: { permissions: ScanReport["permissions"] }) {
  const declared = new Map(permissionRows(permissions.declared));
  return (
    <section aria-labelledby="permissions-title" className="report-section">
      <h2 id="permissions-title">Permissions: declared and detected</h2>
      {permissions.declared === null && <p className="hint">The server.json declares no permissions.</p>}
      <DataTable columns={["Capability", "Declared in server.json", "Detected in the code"]}>
            {permissionRows(permissions.detected).map(([label, detected]) => {
              const declaredValues = declared.get(label) ?? [];
              return (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{declaredValues.length ? declaredValues.map((v) => <code key={v} className="pill">{v}</code>) : <span className="hint">none</span>}</td>
                  <td>
                    {detected.length ? (
                      detected.map((v) => (
                        <code key={v} className={`pill${declaredValues.includes(v) ? "" : " undeclared"}`} title={declaredValues.includes(v) ? undefined : "not declared"}>
                          {v}
                          {declaredValues.includes(v) ? "" : " (undeclared)"}
                        </code>
                      ))
                    ) : (
                      <span className="hint">none</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </DataTable>
    </section>
  );
}

export function ToolsSection({ tools }: { tools: ScanReport["tools"] }) {
  return (
    <section aria-labelledby="tools-title" className="report-section">
      <h2 id="tools-title">Tools ({tools.length})</h2>
      {tools.length === 0 ? (
        <p className="hint">No tool definitions were found in the package&apos;s code.</p>
      ) : (
        <ul className="tools">
          {tools.map((tool) => (
            <li key={`${tool.file}:${tool.line}:${tool.name}`}>
              <div className="finding-head">
                <code>{tool.name}</code>
                <code className="location">
                  {tool.file}:{tool.line}
                </code>
              </div>
              <p className="tool-description">{tool.description || <span className="hint">no description</span>}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function DependenciesSection({ dependencies }: { dependencies: ScanReport["dependencies"] }) {
  return (
    <section aria-labelledby="deps-title" className="report-section">
      <h2 id="deps-title">Dependencies</h2>
      <p>
        {dependencies.count} package{dependencies.count === 1 ? "" : "s"}, {dependencies.depth} level{dependencies.depth === 1 ? "" : "s"} deep
        {dependencies.resolvedFor ? `, as npm resolves them for Node.js ${dependencies.resolvedFor.node}` : ""}.
        {dependencies.code && ` Code of ${dependencies.code.analysed} analysed (${dependencies.code.files} files)${dependencies.code.notAnalysed.length ? `, ${dependencies.code.notAnalysed.length} not analysed` : ""}.`}
      </p>
      {dependencies.auditError && (
        <p className="error-box" role="note">
          Advisories could not be checked: {dependencies.auditError}
        </p>
      )}
      <h3>Advisories ({dependencies.advisories.length})</h3>
      {dependencies.advisories.length === 0 ? (
        <p className="hint">{dependencies.auditError ? "Unknown: see above." : "None known."}</p>
      ) : (
        <ul>
          {dependencies.advisories.map((a) => (
            <li key={`${a.name}@${a.version}:${a.url}`}>
              <span className={`severity-text severity-${a.severity}`}>{a.severity}</span> <code>{`${a.name}@${a.version}`}</code>: {a.title} {/* Only https links: the URL comes from the advisory service, not from this registry. */}
              {a.url.startsWith("https://") ? (
                <a href={a.url} rel="noreferrer noopener">
                  (advisory)
                </a>
              ) : (
                <code>{a.url}</code>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3>Install scripts ({dependencies.installScripts.length})</h3>
      {dependencies.installScripts.length === 0 ? <p className="hint">None.</p> : <p>{dependencies.installScripts.map((d) => <code key={d.name} className="pill undeclared">{`${d.name}@${d.version}`}</code>)}</p>}
      {dependencies.nonRegistry.length > 0 && (
        <>
          <h3>From outside the registry</h3>
          <p>{dependencies.nonRegistry.map((d) => <code key={d.name} className="pill undeclared">{`${d.name} (${d.type}: ${d.spec})`}</code>)}</p>
        </>
      )}
      {dependencies.deprecated.length > 0 && (
        <>
          <h3>Deprecated</h3>
          <ul>
            {dependencies.deprecated.map((d) => (
              <li key={d.name}>
                <code>{`${d.name}@${d.version}`}</code>: {d.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** What changed since the last approved version: new capabilities, hosts, dependencies and changed tools. */
export function BaselineSection({ baseline }: { baseline: ScanReport["baseline"] }) {
  if (!baseline) {
    return (
      <section aria-labelledby="diff-title" className="report-section">
        <h2 id="diff-title">Changes since the last approved version</h2>
        <p className="hint">No earlier version of this server was approved: everything is new.</p>
      </section>
    );
  }
  const capabilities = permissionRows(baseline.newCapabilities).filter(([, values]) => values.length);
  return (
    <section aria-labelledby="diff-title" className="report-section highlight">
      <h2 id="diff-title">
        Changes since {baseline.target.name}@{baseline.target.version}
      </h2>
      <h3>New capabilities</h3>
      {capabilities.length === 0 ? <p className="hint">None.</p> : (
        <ul>
          {capabilities.map(([label, values]) => (
            <li key={label}>
              {label}: {values.map((v) => <code key={v} className="pill undeclared">{v}</code>)}
            </li>
          ))}
        </ul>
      )}
      <h3>New dependencies</h3>
      {baseline.newDependencies.length === 0 ? <p className="hint">None.</p> : <p>{baseline.newDependencies.map((d) => <code key={d} className="pill undeclared">{d}</code>)}</p>}
      <h3>Tools</h3>
      {baseline.tools.length === 0 ? <p className="hint">No tool was added, removed or changed.</p> : (
        <ul>
          {baseline.tools.map((t) => (
            <li key={t.name}>
              <code>{t.name}</code>: {t.change}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
