import type { Permissions } from "@/lib/validation/permissions";
import { permissionRows } from "../../components/permission-rows";

/** The permissions a server.json declares, in words; "none declared" says so plainly. */
export function PermissionList({ permissions }: { permissions: Permissions | null }) {
  if (!permissions) return <p className="hint">The server.json declares no permissions.</p>;
  return (
    <dl className="permission-list">
      {permissionRows(permissions).map(([label, values]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{values.length ? values.map((v) => <code key={v} className="pill">{v}</code>) : <span className="hint">none</span>}</dd>
        </div>
      ))}
    </dl>
  );
}
