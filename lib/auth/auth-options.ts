import type { NextAuthOptions, Profile } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GithubProvider from "next-auth/providers/github";
import { sessionUser } from "@/lib/auth/principal";
import { recordSignIn, recordSignOut } from "@/lib/auth/record-sign-in";
import { authSecret, sessionOfToken } from "@/lib/auth/session-cookie";
import { type GithubProfile, userOfGithubAccount } from "@/lib/auth/sign-in-with-github";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { readConfig } from "@/lib/config";

const SESSION_HOURS = 8;

type Membership = { state?: string; role?: string; organization?: { login?: string; id?: number } };

/** The organisations GitHub says the user administers; none when it will not say (no read:org). */
async function organisationsAdministered(api: string, headers: Record<string, string>): Promise<{ login: string; id: number }[]> {
  const response = await fetch(`${api}/user/memberships/orgs?state=active&per_page=100`, { headers }).catch(() => undefined);
  if (!response?.ok) return [];
  const memberships = (await response.json().catch(() => [])) as Membership[];
  if (!Array.isArray(memberships)) return [];
  return memberships.flatMap((m) => (m.state === "active" && m.role === "admin" && m.organization?.login && typeof m.organization.id === "number" ? [{ login: m.organization.login, id: m.organization.id }] : []));
}

function githubProvider() {
  const config = readConfig();
  if (!config.SIGIL_GITHUB_CLIENT_ID || !config.SIGIL_GITHUB_CLIENT_SECRET) return [];
  const web = config.SIGIL_GITHUB_URL.replace(/\/+$/, "");
  const api = config.SIGIL_GITHUB_API_URL.replace(/\/+$/, "");
  return [
    GithubProvider({
      clientId: config.SIGIL_GITHUB_CLIENT_ID,
      clientSecret: config.SIGIL_GITHUB_CLIENT_SECRET,
      // read:org: which organisations the user administers, for their io.github.<org> namespaces.
      authorization: { url: `${web}/login/oauth/authorize`, params: { scope: "read:user read:org" } },
      token: `${web}/login/oauth/access_token`,
      // The login (it names io.github.<login>) and the organisations administered; not the email.
      userinfo: {
        url: `${api}/user`,
        async request({ tokens }) {
          const headers = { authorization: `Bearer ${tokens.access_token}`, accept: "application/json" };
          const response = await fetch(`${api}/user`, { headers });
          if (!response.ok) throw new Error(`GitHub answered ${response.status} for the signed-in user`);
          const user = (await response.json()) as GithubProfile;
          const profile: GithubProfile = { ...user, adminOf: await organisationsAdministered(api, headers) };
          return profile as Profile;
        },
      },
      profile: (profile: GithubProfile) => ({ id: String(profile.id), name: profile.name ?? profile.login, email: null, login: profile.login }),
    }),
  ];
}

/** Who signed in, as Sigil's user: the GitHub account's user (created at first sign-in), or the password user. */
async function sigilUserOf(account: { provider: string } | null, user: { id: string }, profile: unknown) {
  if (account?.provider === "github") return userOfGithubAccount(profile as GithubProfile);
  return { id: user.id };
}

/**
 * next-auth's configuration. Sessions are signed JWT cookies (httpOnly, SameSite=Lax) holding
 * only the user id; roles are read from the database on every request, so a role change or a
 * disabled account takes effect at once.
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_HOURS * 3600 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        id: "password",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const user = await signInWithPassword(credentials?.email, credentials?.password);
          return user ? { id: user.id, name: user.name, email: user.email } : null;
        },
      }),
      ...githubProvider(),
    ],
    callbacks: {
      async signIn({ account, user, profile }) {
        return Boolean(await sigilUserOf(account, user, profile));
      },
      async jwt({ token, account, user, profile }) {
        // next-auth re-signs the cookie whenever a page asks for the session: a session that
        // sign-out (or a password change, or disabling) ended must not come back that way.
        if (!account) return (await sessionUser(sessionOfToken(token))) ? token : {};
        const signedIn = await sigilUserOf(account, user, profile);
        if (!signedIn) return {};
        await recordSignIn(signedIn.id, account.provider === "github" ? "github" : "password");
        return { sub: signedIn.id, signedInAt: Math.floor(Date.now() / 1000) };
      },
      session({ session, token }) {
        return { ...session, userId: token.sub };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sub === "string") await recordSignOut(token.sub);
      },
    },
  };
}
