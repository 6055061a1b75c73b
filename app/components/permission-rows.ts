import type { Permissions } from "@/lib/validation/permissions";

/** A permission manifest as labelled lists, the same rows wherever permissions are shown. */
export function permissionRows(p: Permissions | null): [string, string[]][] {
  return [
    ["Network hosts", p?.network?.outbound?.insecure_allow_all ? ["any host"] : (p?.network?.outbound?.allow_host ?? [])],
    ["Listens", p?.network?.listen ? ["yes"] : []],
    ["Reads", p?.read ?? []],
    ["Writes", p?.write ?? []],
    ["Runs", p?.exec ?? []],
    ["Environment", p?.env ?? []],
  ];
}
