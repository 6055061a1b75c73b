import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/actor";
import { userOfGithubAccount } from "@/lib/auth/sign-in-with-github";
import { changePassword } from "@/lib/auth/change-password";
import { passwordRule } from "@/lib/auth/password";
import { MAX_FAILED_SIGN_INS, signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { db } from "@/lib/db/client";
import { Role } from "@/lib/db/generated/client";
import { createUser } from "@/lib/users/create-user";
import { backends, useFreshDatabase } from "../support/database";

describe.each(backends.slice(0, 1))("GitHub sign-in on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);

  it("creates a maintainer owning io.github.<login> at the first sign-in, and finds them again by account id", async () => {
    const first = await userOfGithubAccount({ id: 101, login: "octo-ada", name: "Ada" });
    expect(first).toMatchObject({ githubId: "101", githubLogin: "octo-ada", roles: [Role.MAINTAINER] });
    const again = await userOfGithubAccount({ id: 101, login: "octo-ada" });
    expect(again?.id).toBe(first!.id);
    const owned = await db().namespace.findUniqueOrThrow({ where: { name: "io.github.octo-ada" }, include: { owners: true } });
    expect(owned.owners.map((o) => o.userId)).toEqual([first!.id]);
  });

  it("follows a renamed account, and never hands its old login's user to whoever registers that login next", async () => {
    const alice = await userOfGithubAccount({ id: 202, login: "alice-gh" });
    const renamed = await userOfGithubAccount({ id: 202, login: "alice-2" });
    expect(renamed).toMatchObject({ id: alice!.id, githubLogin: "alice-2" });
    // Someone takes the freed login: they get an account of their own, not Alice's.
    const stranger = await userOfGithubAccount({ id: 303, login: "alice-gh" });
    expect(stranger?.id).not.toBe(alice!.id);
    expect(stranger?.roles).toEqual([Role.MAINTAINER]);
    expect(await db().auditEvent.count({ where: { action: "user.github_login_changed", subjectId: alice!.id } })).toBe(1);
  });

  it("refuses a different account that presents a login bound to another account, case-insensitively", async () => {
    const bound = await userOfGithubAccount({ id: 404, login: "Bob-Dev" });
    expect(await userOfGithubAccount({ id: 405, login: "bob-dev" })).toBeNull();
    expect(await db().auditEvent.count({ where: { action: "user.github_sign_in_refused", subjectId: bound!.id } })).toBe(1);
  });

  it("binds an account to the user an admin created with its login, keeping that user's roles", async () => {
    const invited = await createUser({ githubLogin: "carol-rev", roles: [Role.REVIEWER] }, systemActor("test"));
    const signedIn = await userOfGithubAccount({ id: 505, login: "carol-rev" });
    expect(signedIn).toMatchObject({ id: invited.id, githubId: "505", roles: [Role.REVIEWER] });
  });

  it("refuses a disabled user", async () => {
    const user = await userOfGithubAccount({ id: 606, login: "dave-off" });
    await db().user.update({ where: { id: user!.id }, data: { disabledAt: new Date() } });
    expect(await userOfGithubAccount({ id: 606, login: "dave-off" })).toBeNull();
  });
});

describe.each(backends.slice(0, 1))("changing a password on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);

  it("needs the current password, takes the new one, and ends the user's earlier sessions", async () => {
    const user = await createUser({ email: "pat@example.test", password: "the first long password", roles: [Role.MAINTAINER] }, systemActor("test"));
    await expect(changePassword(user.id, { current: "not the password", next: "the second long password" })).rejects.toMatchObject({ status: 422, errors: [{ location: "current" }] });
    await expect(changePassword(user.id, { current: "the first long password", next: "short" })).rejects.toMatchObject({ status: 422, errors: [{ location: "next" }] });
    const before = new Date();
    await changePassword(user.id, { current: "the first long password", next: "the second long password" });
    expect(await signInWithPassword("pat@example.test", "the first long password")).toBeNull();
    expect((await signInWithPassword("pat@example.test", "the second long password"))?.id).toBe(user.id);
    const changed = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(changed.sessionsValidAfter!.getTime()).toBeGreaterThanOrEqual(Math.floor(before.getTime() / 1000) * 1000);
    expect(await db().auditEvent.count({ where: { action: "user.password_changed", subjectId: user.id } })).toBe(1);
  });

  it("has no password to change for a GitHub account", async () => {
    const user = await userOfGithubAccount({ id: 707, login: "gh-only" });
    await expect(changePassword(user!.id, { current: "anything at all", next: "a new long password" })).rejects.toMatchObject({ status: 403 });
  });
});

describe("passwords", () => {
  it("refuses what bcrypt would silently cut at 72 bytes", () => {
    expect(passwordRule.safeParse("x".repeat(72)).success).toBe(true);
    expect(passwordRule.safeParse("x".repeat(73)).success).toBe(false);
    expect(passwordRule.safeParse("é".repeat(37)).success).toBe(false);
    expect(passwordRule.safeParse("short").success).toBe(false);
  });
});

describe.each(backends.slice(0, 1))("password sign-in attempts on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);

  it("stops checking passwords for an email after too many failures, and audits each failure", async () => {
    await createUser({ email: "guessed@example.test", password: "the real long password", roles: [Role.MAINTAINER] }, systemActor("test"));
    expect((await signInWithPassword("guessed@example.test", "the real long password"))?.email).toBe("guessed@example.test");
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) expect(await signInWithPassword("Guessed@Example.test", `wrong guess ${i}`)).toBeNull();
    expect(await db().auditEvent.count({ where: { action: "user.sign_in_failed", subjectId: "guessed@example.test" } })).toBe(MAX_FAILED_SIGN_INS);
    // Now even the right password is not checked, for this email only.
    expect(await signInWithPassword("guessed@example.test", "the real long password")).toBeNull();
    await createUser({ email: "other@example.test", password: "another long password", roles: [Role.MAINTAINER] }, systemActor("test"));
    expect(await signInWithPassword("other@example.test", "another long password")).not.toBeNull();
  });
});
