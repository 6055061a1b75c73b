// The part of @npmcli/arborist 10 that Sigil uses (its published typings describe version 6).
declare module "@npmcli/arborist" {
  export interface ArboristNode {
    name: string;
    /** The real package's name; differs from `name` for an alias (`"x": "npm:y@1"`). */
    packageName: string;
    version: string;
    location: string;
    depth: number;
    isRoot: boolean;
    isLink: boolean;
    dev: boolean;
    resolved: string | null;
    integrity: string | null;
    hasInstallScript: boolean;
    package: { deprecated?: string; scripts?: Record<string, string> };
    edgesOut: Map<string, { to: ArboristNode | null }>;
  }
  export interface ArboristTree extends ArboristNode {
    inventory: Map<string, ArboristNode> & { values(): IterableIterator<ArboristNode> };
  }
  export default class Arborist {
    constructor(options: Record<string, unknown>);
    loadVirtual(): Promise<ArboristTree>;
    buildIdealTree(options?: Record<string, unknown>): Promise<ArboristTree>;
  }
}

declare module "@npmcli/arborist/lib/audit-report.js" {
  import type { ArboristTree } from "@npmcli/arborist";
  interface Advisory {
    source: number;
    name: string;
    /** "advisory" for the package's own; "metavuln" when it only depends on a vulnerable one. */
    type: "advisory" | "metavuln";
    title: string;
    url: string | null;
    severity: "info" | "low" | "moderate" | "high" | "critical";
    range: string;
  }
  interface Vulnerability {
    name: string;
    severity: string;
    advisories: Set<Advisory>;
    nodes: Set<{ version: string; location: string }>;
  }
  export default class AuditReport extends Map<string, Vulnerability> {
    static load(tree: ArboristTree, options: Record<string, unknown>): Promise<AuditReport>;
    error: (Error & { statusCode?: number }) | null;
  }
}

declare module "@npmcli/arborist/lib/packument-cache.js" {
  /** Arborist's in-memory packument cache: an LRU sized as a fraction of V8's heap limit. */
  export default class PackumentCache {
    constructor(options?: { heapFactor?: number; maxEntryFactor?: number });
  }
}
