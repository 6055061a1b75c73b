/**
 * The bundled dependency a file of the tarball belongs to (`node_modules/@scope/name/...` →
 * `@scope/name`; the innermost one when bundles nest), or undefined for the package's own files.
 */
export function bundledDependencyOf(file: string): string | undefined {
  let dependency: string | undefined;
  for (const match of file.matchAll(/(?<=^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//g)) dependency = match[1];
  return dependency;
}
