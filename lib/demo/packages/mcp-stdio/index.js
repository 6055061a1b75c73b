// A minimal MCP server over stdio: newline-delimited JSON-RPC 2.0 with initialize, tools/list
// and tools/call. Enough for Sigil's demo servers; real servers use @modelcontextprotocol/sdk.
import readline from "node:readline";

const PROTOCOL_VERSION = "2025-06-18";

export function createServer(info) {
  const tools = new Map();
  const send = (message) => process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);

  async function handle(request) {
    switch (request.method) {
      case "initialize":
        return { protocolVersion: PROTOCOL_VERSION, capabilities: { tools: {} }, serverInfo: info };
      case "tools/list":
        return { tools: [...tools.values()].map(({ name, description, inputSchema }) => ({ name, description, inputSchema })) };
      case "tools/call": {
        const tool = tools.get(request.params?.name);
        if (!tool) throw Object.assign(new Error(`Unknown tool: ${request.params?.name}`), { code: -32602 });
        const result = await tool.handler(request.params?.arguments ?? {});
        return { content: [{ type: "text", text: typeof result === "string" ? result : JSON.stringify(result, null, 2) }] };
      }
      default:
        throw Object.assign(new Error(`Method not found: ${request.method}`), { code: -32601 });
    }
  }

  return {
    tool(name, description, inputSchema, handler) {
      tools.set(name, { name, description, inputSchema, handler });
    },
    start() {
      const lines = readline.createInterface({ input: process.stdin });
      lines.on("line", async (line) => {
        let request;
        try {
          request = JSON.parse(line);
        } catch {
          return send({ id: null, error: { code: -32700, message: "Parse error" } });
        }
        if (request.id === undefined) return;
        try {
          send({ id: request.id, result: await handle(request) });
        } catch (error) {
          send({ id: request.id, error: { code: error.code ?? -32603, message: error.message } });
        }
      });
    },
  };
}
