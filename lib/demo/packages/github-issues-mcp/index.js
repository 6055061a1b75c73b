#!/usr/bin/env node
// GitHub issues through GitHub's REST API, with the user's own token.
import { createServer } from "@sigil-demo/mcp-stdio";

const token = process.env.GITHUB_TOKEN;
if (!token) {
  console.error("Set GITHUB_TOKEN to a fine-grained token with issues:read/write.");
  process.exit(2);
}

async function github(route, { method = "GET", body } = {}) {
  const response = await fetch(`https://api.github.com/${route}`, {
    method,
    body,
    headers: { authorization: `Bearer ${token}`, accept: "application/vnd.github+json", "user-agent": "github-issues-mcp (sigil demo)" },
  });
  if (!response.ok) throw new Error(`GitHub answered ${response.status}`);
  return response.json();
}

const repository = { type: "string", description: "owner/name of the repository" };
const server = createServer({ name: "github-issues", version: "2" });
server.tool(
  "search_issues",
  "Search issues and pull requests with GitHub's search syntax.",
  { type: "object", properties: { query: { type: "string", description: "A GitHub search query, such as repo:owner/name is:open label:bug" } }, required: ["query"] },
  async ({ query }) => (await github(`search/issues?q=${encodeURIComponent(query)}&per_page=20`)).items.map((item) => `#${item.number} ${item.title} (${item.html_url})`).join("\n"),
);
server.tool(
  "read_issue",
  "Read an issue or pull request with its comments.",
  { type: "object", properties: { repository, number: { type: "integer", description: "Issue number" } }, required: ["repository", "number"] },
  async ({ repository: repo, number }) => {
    const [issue, comments] = await Promise.all([github(`repos/${repo}/issues/${number}`), github(`repos/${repo}/issues/${number}/comments`)]);
    return [`${issue.title}\n\n${issue.body ?? ""}`, ...comments.map((comment) => `${comment.user.login}: ${comment.body}`)].join("\n\n---\n\n");
  },
);
server.tool(
  "comment_on_issue",
  "Add a comment to an issue or pull request.",
  { type: "object", properties: { repository, number: { type: "integer", description: "Issue number" }, body: { type: "string", description: "Markdown text of the comment" } }, required: ["repository", "number", "body"] },
  async ({ repository: repo, number, body }) => (await github(`repos/${repo}/issues/${number}/comments`, { method: "POST", body: JSON.stringify({ body }) })).html_url,
);
server.start();
