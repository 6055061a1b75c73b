import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeGithubAccount {
  id: number;
  login: string;
  name: string;
  /** Organisation memberships, as /user/memberships/orgs lists them. */
  orgs?: { login: string; id: number; role: "admin" | "member" }[];
}

/**
 * GitHub's OAuth web flow and its user API on 127.0.0.1, for sign-in tests that never leave
 * the machine: /login/oauth/authorize sends the browser straight back with a code (as if the
 * user clicked "Authorize"), /login/oauth/access_token trades the code for a token, /user
 * and /user/memberships/orgs answer the account. `signInAs` says who signs in next.
 */
export async function startFakeGithub(clientId: string, clientSecret: string) {
  let account: FakeGithubAccount = { id: 1, login: "octocat", name: "The Octocat" };
  const codes = new Map<string, FakeGithubAccount>();
  const tokens = new Map<string, FakeGithubAccount>();
  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://github.test");
    const json = (status: number, body: unknown) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (url.pathname === "/login/oauth/authorize") {
      if (url.searchParams.get("client_id") !== clientId) return json(400, { error: "bad client_id" });
      const code = `code-${codes.size + 1}`;
      codes.set(code, account);
      const back = new URL(url.searchParams.get("redirect_uri")!);
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      return response.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === "/login/oauth/access_token" && request.method === "POST") {
      let body = "";
      for await (const chunk of request) body += chunk;
      const form = new URLSearchParams(body);
      const basic = Buffer.from(`${clientId}:${clientSecret}`).toString("base64");
      const authorised = request.headers.authorization === `Basic ${basic}` || (form.get("client_id") === clientId && form.get("client_secret") === clientSecret);
      const who = codes.get(form.get("code") ?? "");
      if (!authorised || !who) return json(401, { error: "bad_verification_code" });
      codes.delete(form.get("code")!);
      const token = `gho_fake${tokens.size + 1}`;
      tokens.set(token, who);
      return json(200, { access_token: token, token_type: "bearer", scope: "read:user" });
    }
    const who = tokens.get((request.headers.authorization ?? "").replace(/^(Bearer|token) /, ""));
    if (url.pathname === "/user") {
      const { orgs: _orgs, ...user } = who ?? ({} as FakeGithubAccount);
      return who ? json(200, user) : json(401, { message: "Bad credentials" });
    }
    if (url.pathname === "/user/memberships/orgs") {
      return who ? json(200, (who.orgs ?? []).map((org) => ({ state: "active", role: org.role, organization: { login: org.login, id: org.id } }))) : json(401, { message: "Bad credentials" });
    }
    json(404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    signInAs: (next: FakeGithubAccount) => (account = next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
