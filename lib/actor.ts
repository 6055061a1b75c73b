/** Who causes a state change: a signed-in user, or a named part of Sigil itself. */
export type Actor = { kind: "user"; userId: string } | { kind: "system"; name: string };

export const systemActor = (name: string): Actor => ({ kind: "system", name });
export const userActor = (userId: string): Actor => ({ kind: "user", userId });

export function actorLabel(actor: Actor): string {
  return actor.kind === "user" ? `user:${actor.userId}` : `system:${actor.name}`;
}
