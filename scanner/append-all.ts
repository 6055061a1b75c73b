/** Appends items one at a time: `push(...items)` passes each as an argument, which overflows the stack past about 100,000. */
export function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
