import { isUnresolvedName, type ToolDefinition } from "@/scanner/analysis/mcp-tools";
import type { CodeRule, Severity, SourceContext } from "@/scanner/rules/rule";

// What poisoned tool descriptions need in order to work: to address the model over the user's
// head, keep it from the user, reach other tools, or reach secrets. Emphasis alone ("IMPORTANT:
// the URL must be absolute") needs none of these and is not matched.
// Verbs that move data somewhere, or a reading tool named (read_file): a credential file is an
// attack's target only with one of them. Before the file, an imperative to the model ("send",
// "cat"), not what the tool itself does ("Sends", "Reads"), nor an -ing form, which honest
// descriptions use as much ("including those in ~/.ssh/config", "passing the identity file
// ~/.ssh/id_rsa"). After it, only handing it over ("… /etc/passwd and include it", "put it in
// …"): "the keys in ~/.ssh and sends the command" and "read by git itself" describe honest tools.
const HANDING_OVER = "include|send|pass|upload|attach|paste|forward|post|append|embed|exfiltrate";
const MOVES_DATA = String.raw`(\b(read|cat|dump|copy|leak|${HANDING_OVER})\b|\bread_\w+)`;
const HANDS_IT_OVER = String.raw`\b((${HANDING_OVER}|includes|sends|passes|uploads|attaches|pastes|forwards|posts|appends|embeds|exfiltrates) (it|them|this|its contents?|the contents?)|put (it|them|its contents?|the contents?) (in|into))\b`;
const CREDENTIAL_FILE = String.raw`((~\/)?\.ssh\/|\bid_(rsa|ed25519|ecdsa)\b|\.aws\/credentials|\.npmrc\b|\.netrc\b|\.git-credentials\b|\.kube\/config\b|\.docker\/config\.json|\bgh\/hosts\.yml|\/etc\/(passwd|shadow))`;

const SIGNS: { severity: Severity; pattern: RegExp; why: string }[] = [
  { severity: "high", pattern: /<\/?\s*(important|system|instructions?|secret|hidden|admin)\s*>/i, why: "hides instructions to the model in a pseudo-tag" },
  { severity: "high", pattern: /\b(ignore|disregard|forget) (all |any )?(of )?(the |your )?(previous|prior|above|earlier|other|system) (instructions|rules|prompts?|guidelines)\b/i, why: "tells the model to set its instructions aside" },
  {
    severity: "high",
    // Not "show": "do not show the raw JSON to the user" is interface advice, not concealment; not
    // "without asking the user", which honest tools say of confirmations. "Secretly" is never a
    // tool's own manner; "silently" and "quietly" are ("succeeds silently", "quietly add the
    // dependency"), and count only before moving or reading data ("silently upload …").
    pattern: new RegExp(
      String.raw`\b(do not|don't|never) (tell|mention|inform|reveal|alert|disclose)\b[^.]{0,100}\buser\b|\b(do not|don't|never) let the user (know|see|notice)\b|\bwithout (telling|informing|notifying|alerting) the user\b|\bwithout (letting|making) the user (know|aware)\b|\bwithout the user('s)? (noticing|knowing|knowledge)\b|\b(the )?user (must|should|need) not (know|see|be told|notice)\b|\bhide (this|it|that) from\b|\b(secretly|covertly|discreetly|surreptitiously)\b|\b(silently|quietly),? (and \w+ )?(${HANDING_OVER}|copy|leak|read|collect|share|transmit)\b`,
      "i",
    ),
    why: "asks the model to keep something from the user",
  },
  {
    severity: "medium",
    // The model's conversation and instructions are what an attacker cannot read from the
    // server: "your system prompt", "this conversation", "the whole conversation", "the user's
    // previous messages", also as what a parameter "must contain". Not a system prompt the tool takes ("Pass a custom system prompt to the
    // sub-agent"), a meeting's transcript, "the conversation ID", a conversation written to
    // ("Attach a file to this conversation"), nor after "not"/"never".
    pattern: new RegExp(
      String.raw`(?<!\b(not|never) )\b(${HANDING_OVER}|copy|dump|repeat|output|print|put|place|add|write|leak|reveal|contain|contains)\b[^.]{0,60}?(\byour (full |entire |whole |complete |exact |original )?(system prompt|system instructions|system message|developer message|initial instructions|instructions)\b|(?<!\b(to|on|in|into|from|about) )\b(this|our|the current) (conversation|chat)\b(?! (id|ids|thread|export)\b)|\bthe (conversation|chat) so far\b|\b(the )?(entire|full|whole|complete) (conversation|chat history|chat)\b(?! (id|ids|thread|export)\b)|\b(all|all of the|all the|the user's|your) (previous|prior|earlier) messages\b)`,
      "i",
    ),
    why: "asks the model to hand over the conversation or its instructions",
  },
  {
    severity: "high",
    pattern: new RegExp(String.raw`\b(before|prior to) (using|calling|invoking|running) (this|any|the) tool\b[^.]{0,100}${MOVES_DATA}`, "i"),
    why: "demands that data be moved before the tool may be used",
  },
  {
    severity: "high",
    pattern: new RegExp(String.raw`${MOVES_DATA}[^.]{0,100}${CREDENTIAL_FILE}|${CREDENTIAL_FILE}[^.]{0,100}${HANDS_IT_OVER}`, "i"),
    why: "asks the model to move credential files",
  },
  { severity: "medium", pattern: /\bmcp\.json\b|claude_desktop_config|\.cursor\/mcp|\.vscode\/mcp/i, why: "points the model at MCP client configuration" },
  {
    severity: "medium",
    // Not "all servers": a cluster tool lists servers; shadowing names other tools (not what they
    // return or are asked: "a slug to aid other tool requests").
    pattern: /\b(when|whenever|if) (the user|you|anyone|the model) (calls?|uses?|invokes?|runs?) (the )?[`'"]?[\w.-]+[`'"]? tool\b|\b(other|another) (tools?|mcp servers?)\b(?! (requests?|calls?|results?|outputs?|responses?)\b)|\binstead of (using |calling )?(the )?[`'"]?[\w.-]+[`'"]? tool\b/i,
    why: "refers to other tools or servers (tool shadowing)",
  },
];
const MAX_DESCRIPTION = 1024;

/** The texts of a tool that a model reads. */
export const toolTexts = (tool: ToolDefinition) => [tool.description, ...tool.parameterTexts].filter(Boolean);

/** Shows the matched text with a little context, on one line. */
function excerpt(text: string, index: number, length: number): string {
  const from = Math.max(0, index - 50);
  return `${from > 0 ? "…" : ""}${text.slice(from, index + length + 70).replace(/\s+/g, " ").trim()}${index + length + 70 < text.length ? "…" : ""}`;
}

/** Tool descriptions written to steer the model against its user: the classic MCP tool-poisoning attack. */
export const toolPoisoningRule: CodeRule = {
  id: "tool-poisoning",
  category: "tool-poisoning",
  types: [],
  visitor(context) {
    return { end: () => checkTools(context) };
  },
};

function checkTools(context: SourceContext): void {
  for (const tool of context.tools) {
    for (const text of toolTexts(tool)) {
      for (const { severity, pattern, why } of SIGNS) {
        const match = pattern.exec(text);
        if (match) context.report(tool.node, { severity, message: `Tool "${tool.name}": its description ${why}: ${excerpt(text, match.index, match[0].length)}` });
      }
    }
    // A description made at run time (read from a file, fetched, built by a function) is one no
    // check here has read. A tool whose name is unknown too is a registration loop's, whose tools
    // are read where they are defined.
    if (tool.unread && !isUnresolvedName(tool.name)) {
      context.report(tool.node, { severity: "medium", message: `Tool "${tool.name}": its description is worked out at run time, so it could not be checked for instructions to the model; read what it will be` });
    }
    if (!tool.schemaRead && !isUnresolvedName(tool.name)) {
      context.report(tool.node, { severity: "medium", message: `Tool "${tool.name}": its input schema is built from more than the scanner reads (names nested too deep, or a schema too long to read), so its parameter descriptions could not all be checked; read them` });
    }
    // Each description apart: a tool given a second one later (descriptionsOf) has two of ordinary length.
    const longest = Math.max(0, ...tool.descriptions.map((description) => description.length));
    if (longest > MAX_DESCRIPTION) {
      context.report(tool.node, { severity: "medium", message: `Tool "${tool.name}" has a ${longest}-character description; long descriptions are where instructions hide` });
    }
  }
}
