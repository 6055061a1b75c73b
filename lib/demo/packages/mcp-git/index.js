#!/usr/bin/env node
// History, diffs and branches of a local repository, through the git command.
import { execFile } from "node:child_process";
import { createServer } from "@sigil-demo/mcp-stdio";

const git = (repository, args) =>
  new Promise((resolve, reject) => execFile("git", ["-C", repository, ...args], { maxBuffer: 10 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout))));
const repository = { type: "string", description: "Path of the local repository" };

const server = createServer({ name: "git", version: "3" });
server.tool("log", "The latest commits of a repository.", { type: "object", properties: { repository, count: { type: "integer", description: "How many commits" } }, required: ["repository"] }, async ({ repository: repo, count = 20 }) =>
  git(repo, ["log", `-${Math.min(Number(count) || 20, 200)}`, "--oneline"]),
);
server.tool("diff", "The changes between two revisions.", { type: "object", properties: { repository, from: { type: "string", description: "A revision" }, to: { type: "string", description: "Another revision" } }, required: ["repository", "from", "to"] }, async ({ repository: repo, from, to }) =>
  git(repo, ["diff", `${from}..${to}`, "--"]),
);
server.tool("branches", "The branches of a repository.", { type: "object", properties: { repository }, required: ["repository"] }, async ({ repository: repo }) => git(repo, ["branch", "--all"]));
server.start();
