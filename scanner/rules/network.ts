import { chainRoot, GLOBAL_OBJECTS, keyName, type Node, propertyName, propertyValue, stringLiteral, unwrap, walk } from "@/scanner/analysis/ast";
import { argumentValues, calledAt } from "@/scanner/analysis/argument-sites";
import { handedTargets } from "@/scanner/analysis/handed-on";
import { declaresName, type IdentifierUse } from "@/scanner/analysis/identifier-index";
import { REFLECTIVE_WRITES } from "@/scanner/analysis/environment";
import { calleeTarget, effectiveCall, INSTANCE_MAKERS, lastNamesOf, mayTarget, RUNTIME_GLOBALS } from "@/scanner/analysis/module-bindings";
import { FUNCTIONS } from "@/scanner/analysis/name-uses";
import { hostOf } from "@/scanner/analysis/static-value";
import { reportHandedOn } from "@/scanner/rules/handed-on-findings";
import type { CodeRule, SourceContext } from "@/scanner/rules/rule";

const DNS_QUERIES = new Set(
  ["dns", "dns.promises", "dns/promises"].flatMap((module) =>
    ["lookup", "resolve", "resolve4", "resolve6", "resolveAny", "resolveCname", "resolveMx", "resolveNs", "resolvePtr", "resolveSrv", "resolveTxt", "reverse"].map((query) => `${module}.${query}`),
  ),
);
const HTTP_VERBS = ["get", "post", "put", "patch", "delete", "head", "request"];

// Calls that open outbound connections, by what their callee resolves to. The value is where
// the destination is: the first argument (a URL, or an options object with host/hostname).
// DNS queries count: a looked-up name can carry data out (`${secret}.evil.example`).
const OUTBOUND = new Set([
  "fetch",
  "http.request", "http.get", "https.request", "https.get", "http2.connect",
  "net.connect", "net.createConnection", "tls.connect",
  ...DNS_QUERIES,
  "axios", "axios.create", ...HTTP_VERBS.map((verb) => `axios.${verb}`),
  "undici.request", "undici.fetch", "undici.stream", "undici.connect",
  "node-fetch", "cross-fetch", "isomorphic-fetch", "ofetch", "ofetch.ofetch", "ofetch.$fetch", "phin",
  ...["got", "ky", "needle", "superagent"].flatMap((module) => [module, ...HTTP_VERBS.map((verb) => `${module}.${verb}`)]),
  "request",
  "dgram.createSocket",
  "https-proxy-agent", "http-proxy-agent", "socks-proxy-agent", "proxy-agent",
  // Bun's and Deno's raw sockets, given `{ hostname, port }`.
  "Bun.connect", "Deno.connect", "Deno.connectTls",
  // A raw socket's own connect (RAW_SOCKETS).
  "net.Socket.connect", "tls.TLSSocket.connect",
]);
// Connections opened with `new`: WebSockets, event streams, undici's clients, raw sockets
// (`new net.Socket().connect(…)`), and proxy agents, which connect to their proxy whatever
// host a request through them names (`setGlobalDispatcher(new ProxyAgent(url))` sends every
// fetch of the process there).
const PROXY_AGENTS = [
  "undici.ProxyAgent", "undici.EnvHttpProxyAgent", "undici.Socks5ProxyAgent", "https-proxy-agent.HttpsProxyAgent", "http-proxy-agent.HttpProxyAgent",
  "socks-proxy-agent.SocksProxyAgent", "hpagent.HttpsProxyAgent", "hpagent.HttpProxyAgent", "proxy-agent.ProxyAgent",
  // Their earlier major versions export the class itself, which may be called without `new`.
  "https-proxy-agent", "http-proxy-agent", "socks-proxy-agent", "proxy-agent",
];
const CONSTRUCTED = new Set([
  "WebSocket", "ws", "ws.WebSocket", "undici.WebSocket", "EventSource", "eventsource", "eventsource.EventSource",
  "undici.Client", "undici.Pool", "undici.BalancedPool", "net.Socket", "tls.TLSSocket", ...PROXY_AGENTS,
]);
// Raw sockets made with `new`, which connect where their `connect(port, host)` says
// (`const s = new net.Socket(); s.connect(4444, "203.0.113.7")`): that call is the connection.
const RAW_SOCKETS = new Map([
  ["net.Socket", "net.Socket.connect"],
  ["net.Stream", "net.Socket.connect"],
  ["tls.TLSSocket", "tls.TLSSocket.connect"],
]);
const SOCKET_CONNECTS = new Set(RAW_SOCKETS.values());
const PIPES = new Set(["pipe", "unpipe"]);
// Calls after which requests may go elsewhere than they name: a dispatcher for every fetch of the
// process, and axios's interceptors, which may rewrite a request's URL, proxy or agent.
const REROUTING_CALLS = new Map([
  ["undici.setGlobalDispatcher", "the dispatcher every fetch of the process goes through"],
  ["http.setGlobalProxyFromEnv", "a proxy for every request of the process"],
  ["https.setGlobalProxyFromEnv", "a proxy for every request of the process"],
  ...["dns", "dns.promises", "dns/promises"].map((module) => [`${module}.setServers`, "the servers that answer the process's name lookups"] as const),
  ...["httpOverHttp", "httpsOverHttp", "httpOverHttps", "httpsOverHttps"].map((tunnel) => [`tunnel.${tunnel}`, "an agent that tunnels through a proxy"] as const),
  ["axios.interceptors.request.use", "may rewrite each request's URL, proxy or agent"],
  ["axios.interceptors.request.handlers.push", "may rewrite each request's URL, proxy or agent"],
]);
// Node's networking modules: code that writes into one (`http.globalAgent = …`, `dns.lookup = …`)
// changes where every connection made through it goes.
const NETWORK_MODULES = new Set(["http", "https", "http2", "net", "tls", "dns", "dns.promises", "dns/promises", "undici"]);
// The members such a write is told by before the module is known (reroutingWrite runs during the walk).
const REROUTING_MEMBERS = new Set(["globalAgent", "options", "host", "hostname", "port", "lookup", "setServers", "request", "get", "connect", "createConnection", "Agent", "resolve", "resolve4", "resolve6"]);
/** Whether a target is a networking module or something of one (`http.globalAgent`, `http.Agent`). */
const ofNetworkModule = (target: string) => [...NETWORK_MODULES].some((module) => target === module || target.startsWith(`${module}.`));
// What axios's defaults (of the library or of a client it made) may send elsewhere than a request names.
const REROUTING_DEFAULTS = new Set(["baseURL", "url", "adapter", "transport"]);
// The environment variables that send connections through a proxy: curl's, git's, npm's and
// many Node clients' (axios, got through global-agent, Node's own fetch with NODE_USE_ENV_PROXY).
const PROXY_VARIABLE = /^(?:(?:https?|all|ftp|wss?)_proxy|global_agent_https?_proxy|npm_config_(?:https?_)?proxy)$/i;
// Globals the platform provides; every other target names a module and counts only when the
// file really binds that module (a local function called `request` is not the request package).
const GLOBALS = new Set(["fetch", "WebSocket", "EventSource"]);
const SERVERS = new Set(["http.createServer", "https.createServer", "http2.createServer", "http2.createSecureServer", "net.createServer", "tls.createServer", "ws.WebSocketServer", "ws.Server", "express", "fastify", "Bun.serve", "Bun.listen", "Deno.serve", "Deno.listen", "Deno.listenTls"]);
// Clients made with options of their own (got's hooks, ky's hooks, a lookup) that may send their requests elsewhere.
const CLIENT_MAKERS = new Set(["got.extend", "ky.create", "ky.extend"]);
const LAST_NAMES = lastNamesOf([...OUTBOUND, ...CONSTRUCTED, ...SERVERS, ...REROUTING_CALLS.keys(), ...CLIENT_MAKERS, "Object.assign", ...REFLECTIVE_WRITES]);
// What opens connections when handed to other files: the platform's globals are everyone's already.
const HANDED_OUTBOUND = handedTargets([...OUTBOUND, ...CONSTRUCTED].filter((target) => !GLOBALS.has(target)));

// Where an options object names the destination, in the order that wins: Node's `hostname` over
// `host`, a request's absolute `url` over its `baseURL`; a proxy agent's `uri`.
const DESTINATION_KEYS = ["hostname", "host", "url", "baseURL", "uri"];

// Options that send a request elsewhere than its host: a resolver of one's own (got's `dnsLookup`
// and `dnsCache` too), a Unix socket (`/var/run/docker.sock`), a proxy, a connection or dispatcher
// of one's own, an agent other than Node's or undici's own (a proxy agent), code that may rewrite
// the request (got's and ky's `hooks`, got's `handlers`, axios's `transformRequest`, run with the
// config as `this`, and `beforeRedirect`), and axios's `allowAbsoluteUrls`, which puts its base
// URL before an absolute one.
const REROUTING_KEYS = new Set([
  "lookup", "dnsLookup", "dnsCache", "socketPath", "proxy", "dispatcher", "createConnection", "agent", "httpAgent", "httpsAgent",
  "hooks", "handlers", "allowAbsoluteUrls", "transformRequest", "beforeRedirect",
]);
const PLAIN_AGENTS = new Set(["http.Agent", "https.Agent", "undici.Agent"]);
// One test for every constant asked about, so that StaticValues keeps its answers per name.
const isObjectLiteral = (init: Node) => init.type === "ObjectExpression";

/**
 * Whether an options object may send the request elsewhere than it names (REROUTING_KEYS), or
 * holds what cannot be read: computed keys, and spreads of anything but a constant object that
 * does not reroute either (`fetch(url, { ...init })` may bring a `dispatcher`, which Node's
 * fetch follows).
 */
function reroutes(context: SourceContext, options: Node, depth = 0): boolean {
  return (options.properties as Node[]).some((property) => {
    if (property.type === "SpreadElement") {
      const spread = property.argument as Node;
      const object = spread.type === "ObjectExpression" ? spread : spread.type === "Identifier" ? constantObject(context, spread) : undefined;
      return !object || depth > 8 || reroutes(context, object, depth + 1);
    }
    if (property.computed === true) return true;
    const key = keyName(property) ?? "";
    if (!REROUTING_KEYS.has(key)) return false;
    const value = property.value as Node;
    return !(key.endsWith("gent") && plainAgent(context, value, depth));
  });
}

// An agent's own options that connect elsewhere than a request names: a resolver, a connection of
// its own, a proxy from an environment of its own (Node's `proxyEnv`), undici's `connect` options.
const AGENT_REROUTING_KEYS = new Set(["lookup", "createConnection", "proxyEnv", "socketPath", "host", "hostname", "port"]);
// undici's `connect` options that keep a connection where it was going (TLS settings, timeouts).
const STAYING_CONNECT_KEYS = new Set(["timeout", "keepAlive", "keepAliveInitialDelay", "rejectUnauthorized", "ca", "cert", "key", "maxCachedSessions", "allowH2"]);

/** `agent: false`, or Node's or undici's own agent made with options that keep connections where requests name (none, or readable ones without AGENT_REROUTING_KEYS). */
function plainAgent(context: SourceContext, value: Node, depth: number): boolean {
  if (value.type === "Literal" && value.value === false) return true;
  if (value.type !== "NewExpression" || !PLAIN_AGENTS.has(calleeTarget(value.callee as Node, context.bindings) ?? "")) return false;
  const options = (value.arguments as Node[])[0];
  if (options === undefined) return true;
  return options.type === "ObjectExpression" && !reroutes(context, options, depth + 1) && (options.properties as Node[]).every((property) => staysConnected(property));
}

/** An agent's option that leaves its connections where requests name: none of AGENT_REROUTING_KEYS, and a `connect` of STAYING_CONNECT_KEYS only. */
function staysConnected(property: Node): boolean {
  const key = keyName(property) ?? "";
  if (AGENT_REROUTING_KEYS.has(key)) return false;
  if (key !== "connect") return true;
  const value = property.value as Node;
  return value.type === "ObjectExpression" && (value.properties as Node[]).every((each) => each.type === "Property" && !each.computed && STAYING_CONNECT_KEYS.has(keyName(each) ?? ""));
}

/**
 * Where a call's destination is given: the argument, or in an options object the property that
 * wins (`host` when it is a host name, not a URL); nothing that can be read when the options may
 * reroute the request or hold what cannot be read (reroutes).
 */
function destinationNode(context: SourceContext, arg: Node | undefined): { node: Node | undefined; host: boolean } {
  if (arg?.type !== "ObjectExpression") return { node: arg, host: false };
  if (reroutes(context, arg)) return { node: undefined, host: false };
  const properties = arg.properties as Node[];
  for (const key of DESTINATION_KEYS) {
    const property = properties.findLast((each) => each.type === "Property" && keyName(each) === key);
    if (property) return { node: property.value as Node, host: key === "host" || key === "hostname" };
  }
  return { node: undefined, host: false };
}

/** `socket.connect(…)` of a raw socket (RAW_SOCKETS) made as one, or through a name declared with one: its connect's target. */
function socketConnect(context: SourceContext, callee: Node): string | undefined {
  if (callee.type !== "MemberExpression" || propertyName(callee) !== "connect") return undefined;
  const node = unwrap(callee.object as Node);
  const made = node.type === "Identifier" ? context.values.declaredWith(node) : node;
  return made && unwrap(made).type === "NewExpression" ? RAW_SOCKETS.get(calleeTarget(unwrap(unwrap(made).callee as Node), context.bindings) ?? "") : undefined;
}

/**
 * Whether a raw socket made here is connected where the file shows it (its own `connect(…)` call
 * reports the destination): `new net.Socket().connect(…)`, or a name declared with it that is only
 * ever used for its members, one of them `connect(…)`, or piped into; not one handed to other
 * code, which may connect it anywhere.
 */
function connectedInSight(context: SourceContext, made: Node, parent: Node | undefined): boolean {
  if (parent?.type === "MemberExpression" && parent.object === made) return propertyName(parent) === "connect";
  const name = parent?.type === "VariableDeclarator" && parent.init === made ? (parent.id as Node) : undefined;
  if (name?.type !== "Identifier") return false;
  const uses = context.identifiers.named(name.name as string).filter((use) => use.node !== name);
  const memberOf = (use: IdentifierUse) => use.parent.type === "MemberExpression" && use.parent.object === use.node;
  // `child.stdout.pipe(socket)` writes into it, wherever it is connected.
  const pipedInto = ({ parent }: IdentifierUse) => parent.type === "CallExpression" && unwrap(parent.callee as Node).type === "MemberExpression" && PIPES.has(propertyName(unwrap(parent.callee as Node)) ?? "");
  return uses.length > 0 && uses.every((use) => memberOf(use) || pipedInto(use)) && uses.some((use) => memberOf(use) && propertyName(use.parent) === "connect" && use.grandparent?.type === "CallExpression" && use.grandparent.callee === use.parent);
}

/** `axios.create({ … }).get(url)`: a method of a client made on the spot is the library's. */
function instanceCallTarget(context: SourceContext, callee: Node): string | undefined {
  const made = callee.type === "MemberExpression" ? unwrap(callee.object as Node) : undefined;
  const module = made?.type === "CallExpression" ? INSTANCE_MAKERS.get(calleeTarget(made.callee as Node, context.bindings) ?? "") : undefined;
  const member = module && propertyName(callee);
  return member ? `${module}.${member}` : undefined;
}

/** A call's options object as written, or through a constant; undefined when there are none (a callback), "unknown" when they cannot be read. */
function optionsOf(context: SourceContext, arg: Node | undefined): Node | "unknown" | undefined {
  if (!arg || arg.type === "ArrowFunctionExpression" || arg.type === "FunctionExpression") return undefined;
  if (arg.type === "ObjectExpression") return arg;
  return (arg.type === "Identifier" ? constantObject(context, arg) : undefined) ?? "unknown";
}

/**
 * The object literal a name is a constant of (which nothing changes: `o.agent = …`,
 * `Object.assign(o, …)`), if it also stays as written where code could change it unseen: every
 * use of the name in the file is its declaration, a spread, a read of a member, or an argument of
 * a call that connects (which reads it); none calls a member of it, or hands the object to other
 * code (`configure(o)`).
 */
function constantObject(context: SourceContext, name: Node): Node | undefined {
  const object = context.values.constant(name, isObjectLiteral);
  return object && context.identifiers.named(name.name as string).every((use) => staysAsWritten(context, use)) ? object : undefined;
}

function staysAsWritten(context: SourceContext, use: IdentifierUse): boolean {
  const { node, parent, grandparent } = use;
  if (declaresName(use) || parent.type === "SpreadElement") return true;
  if (parent.type === "MemberExpression") return parent.object !== node || !(grandparent?.type === "CallExpression" && grandparent.callee === parent);
  if ((parent.type === "CallExpression" || parent.type === "NewExpression") && parent.callee !== node) {
    const target = calleeTarget(parent.callee as Node, context.bindings);
    return target !== undefined && (OUTBOUND.has(target) || CONSTRUCTED.has(target));
  }
  return parent.type === "VariableDeclarator" && parent.init === node && (parent.id as Node).type === "ObjectPattern";
}

const namesDestination = (context: SourceContext, options: Node) => reroutes(context, options) || (options.properties as Node[]).some((property) => DESTINATION_KEYS.includes(keyName(property) ?? ""));

// http.request(url, { hostname }): the options' host replaces the URL's.
const URL_AND_OPTIONS = new Set(["http.request", "http.get", "https.request", "https.get"]);

// A bare host: a name with a top-level domain, `localhost`, an IPv4 address (`net.connect(4444,
// "203.0.113.7")`), or an IPv6 one (`"::1"`, `"2001:db8::7"`, also in brackets; with `::` or all
// eight groups, so that a time, `12:30:45`, is none; an IPv4 address mapped, `::ffff:203.0.113.7`).
const BARE_HOST = /^(?:[a-z0-9.-]+\.[a-z]{2,}|localhost|(?:\d{1,3}\.){3}\d{1,3}|\[?(?=[0-9a-f:]*::|(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4})[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\]?|\[?::ffff:(?:\d{1,3}\.){3}\d{1,3}\]?)$/i;

/** The host a URL names, or a host name itself (any value of a `host` property; a bare name or address elsewhere). */
function destination(context: SourceContext, node: Node | undefined, host = false): string | undefined {
  const value = node && context.values.resolve(node);
  if (host) return value?.toLowerCase();
  return hostOf(value) ?? (value && BARE_HOST.test(value) ? value.toLowerCase() : undefined);
}

/** A URL that is a path alone (`/user`, `repos/x`), which a client puts after its base URL: no scheme, no `//`, nothing worked out at run time at its start. */
const isPath = (url: string | undefined) => url !== undefined && !url.startsWith("${…}") && !/^(?:[a-z][a-z\d+\-.]*:)?\/\//i.test(url) && !/^[a-z][a-z\d+\-.]*:/i.test(url);

/**
 * The host of the base URL of the axios client a method is called on (`api` of `api.get(…)`), where
 * the client is a constant made by `axios.create` with options that can be read, move nothing and
 * name a base URL whose host is known.
 */
function clientBase(context: SourceContext, callee: Node): string | undefined {
  const client = callee.type === "MemberExpression" ? unwrap(callee.object as Node) : undefined;
  const made = client?.type === "Identifier" ? context.values.constant(client, isClientMade) : undefined;
  if (made === undefined || calleeTarget(unwrap(made).callee as Node, context.bindings) !== "axios.create") return undefined;
  const options = optionsOf(context, (unwrap(made).arguments as Node[])[0]);
  if (options === undefined || options === "unknown" || reroutes(context, options)) return undefined;
  const baseURL = propertyValue(options, "baseURL");
  return baseURL === undefined ? undefined : hostOf(context.values.resolve(baseURL));
}
const isClientMade = (init: Node) => unwrap(init).type === "CallExpression";

/**
 * The domain a DNS query for a computed name goes to: `${data}.evil.example` is answered by
 * evil.example's name servers whatever its first labels hold, which is how DNS carries data out.
 * (In a URL a computed part could move the host anywhere; a looked-up name keeps its suffix.)
 */
function queriedDomain(context: SourceContext, arg: Node | undefined): string | undefined {
  const name = arg && context.values.resolve(arg);
  const domain = name && /^(?:(?=[^.]*\$\{…\})[^.]*\.)+((?:[a-z0-9-]+\.)+[a-z]{2,})\.?$/i.exec(name)?.[1];
  return domain ? `*.${domain.toLowerCase()}` : undefined;
}

// What a request interceptor may change in a request without moving it: headers (an auth token,
// as most do), query parameters, body, timeout, credentials, cancellation.
const STAYING_CONFIG = new Set(["headers", "params", "data", "timeout", "withCredentials", "auth", "signal", "responseType", "metadata"]);

/**
 * Whether an axios request interceptor surely leaves a request's destination alone: a function
 * written in place whose config parameter is only read or written under STAYING_CONFIG
 * (`config.headers.Authorization = …`) and handed back as it is. Anything else done with it
 * (spread, passed on, another member) may move the request.
 */
function keepsDestination(context: SourceContext, interceptor: Node | undefined): boolean {
  if (interceptor?.type !== "ArrowFunctionExpression" && interceptor?.type !== "FunctionExpression") return false;
  const config = (interceptor.params as Node[])[0];
  if (config?.type !== "Identifier" || !handsBack(interceptor, config.name as string)) return false;
  const inside = (node: Node) => interceptor.start <= node.start && node.end <= interceptor.end;
  // `arguments[0]` is the config under another name.
  if (interceptor.type === "FunctionExpression" && context.identifiers.named("arguments").some((use) => inside(use.node))) return false;
  return context.identifiers.named(config.name as string).every((use) => {
    if (use.node === config || !inside(use.node)) return true;
    const { node, parent, grandparent } = use;
    if (parent.type !== "MemberExpression" || parent.object !== node) return parent.type === "ReturnStatement" || (parent.type === "ArrowFunctionExpression" && parent.body === node);
    if (parent.computed) return false;
    // Any member may be read into a string (`${config.method} ${config.url}`, for a log).
    if (grandparent?.type === "TemplateLiteral" || grandparent?.type === "BinaryExpression") return true;
    return STAYING_CONFIG.has(propertyName(parent) ?? "") && staysPut(parent, grandparent);
  });
}

/**
 * Whether a function surely hands back its parameter `name` itself: every return of its own (and
 * an arrow's expression body) is that name, with no `with` around that could make the name another
 * object's member. A function of no return hands back nothing, which axios refuses.
 */
function handsBack(fn: Node, name: string): boolean {
  const body = fn.body as Node;
  if (body.type !== "BlockStatement") return body.type === "Identifier" && body.name === name;
  const returns: Node[] = [];
  const inner: Node[] = [];
  let size = 0;
  let within = false;
  walk(body, (node) => {
    size++;
    if (node.type === "WithStatement") within = true;
    else if (node.type === "ReturnStatement") returns.push(node);
    else if (FUNCTIONS.has(node.type)) inner.push(node);
  });
  // Interceptors that only set a header are a few lines; a large one is not read.
  if (within || size > MAX_INTERCEPTOR_NODES) return false;
  const own = returns.filter((node) => !inner.some((fn) => fn.start <= node.start && node.end <= fn.end));
  return own.length > 0 && own.every((node) => (node.argument as Node | null)?.type === "Identifier" && (node.argument as Node).name === name);
}

const MAX_INTERCEPTOR_NODES = 2000;

// Names that lead from an object to its prototypes, where a write reaches every object's defaults (`baseURL` among them).
const PROTOTYPE_NAMES = new Set(["__proto__", "constructor", "prototype"]);

/**
 * What an interceptor does with `config.headers` (or another STAYING_CONFIG member) that cannot
 * reach further: set it, spread it, or read or write one of its members by a plain name. Handed
 * anywhere else (`Object.getPrototypeOf(config.headers)`), its prototypes are within reach.
 */
function staysPut(member: Node, around: Node | undefined): boolean {
  if (around === undefined) return false;
  if (around.type === "AssignmentExpression") return around.left === member;
  if (around.type === "SpreadElement") return true;
  if (around.type !== "MemberExpression" || around.object !== member) return false;
  const name = around.computed ? stringLiteral(around.property) : propertyName(around);
  return name !== undefined && !PROTOTYPE_NAMES.has(name);
}

/**
 * Whether writing to a target may change where connections go, told by the target alone (during
 * the walk, before names are bound): the environment or one of its proxy variables (by a name worked
 * out, too), a rerouting default (`x.defaults.proxy`), or a member of a networking module
 * (`http.globalAgent`); in a destructuring assignment (`[http.globalAgent] = …`), any member it writes.
 */
function reroutingTarget(left: Node): boolean {
  if (left.type !== "MemberExpression") return writtenMembers(left).length > 0;
  const name = propertyName(left);
  if (name === "env") return true;
  const object = unwrap(left.object as Node);
  // `globalThis[Symbol.for("undici.globalDispatcher.1")] = …`, also by a constant key, or on another name for the global.
  if (left.computed === true && ((object.type === "Identifier" && GLOBAL_OBJECTS.has(object.name as string)) || isSymbolFor(unwrap(left.property as Node)))) return true;
  if (object.type === "MemberExpression" && propertyName(object) === "env") return left.computed === true || PROXY_VARIABLE.test(name ?? "");
  return defaultsWrite(object, name) !== undefined || memberNames(left).some((member) => REROUTING_MEMBERS.has(member));
}

/** The members a destructuring assignment's pattern writes (`http.globalAgent` of `[http.globalAgent] = …`). */
function writtenMembers(pattern: Node): Node[] {
  if (pattern.type !== "ArrayPattern" && pattern.type !== "ObjectPattern") return [];
  const members: Node[] = [];
  walk(pattern, (node, parent) => {
    if (node.type !== "MemberExpression" || parent?.type === "MemberExpression") return;
    // A target itself, not a default's value or a computed key's (`[a = x.y] = …`, `{ [x.y]: a } = …`).
    const target = parent?.type === "ArrayPattern" || parent?.type === "RestElement" || (parent?.type === "AssignmentPattern" && parent.left === node) || (parent?.type === "Property" && parent.value === node);
    if (target) members.push(node);
  });
  return members;
}

/** `x.defaults = …` or `x.defaults.proxy = …` (a rerouting default), told by the object written and the member: the `x` whose defaults are written, and what of them. */
function defaultsWrite(object: Node, name: string | undefined): { owner: Node; what: string } | undefined {
  if (name === "defaults") return { owner: object, what: "defaults" };
  const rerouting = name !== undefined && (REROUTING_KEYS.has(name) || REROUTING_DEFAULTS.has(name)) && object.type === "MemberExpression" && propertyName(object) === "defaults";
  return rerouting ? { owner: object.object as Node, what: `defaults.${name}` } : undefined;
}

/** The static member names along a member chain (`http.globalAgent.options.lookup`: globalAgent, options, lookup). */
function memberNames(member: Node): string[] {
  const names: string[] = [];
  for (let node = member; node.type === "MemberExpression"; node = unwrap(node.object as Node)) names.unshift(propertyName(node) ?? "");
  return names;
}

/** The networking module (or something of one) an object is, or a member chain is read from, where the file binds its root so (`http` of `http.globalAgent.options`). */
function networkModuleOf(context: SourceContext, member: Node): string | undefined {
  const root = chainRoot(member);
  // A name the file binds, or a require in place (`require("http").globalAgent`).
  const bound = (root.type === "Identifier" && context.bindings.has(root.name as string)) || root.type === "CallExpression";
  const module = bound ? calleeTarget(root, context.bindings) : undefined;
  return module !== undefined && ofNetworkModule(module) ? module : undefined;
}

/** What a write changes: the member `name` of `object` (undefined: worked out at run time; `key` when computed), set to `value` (undefined: not known). */
interface Write {
  at: Node;
  object: Node;
  name: string | undefined;
  key?: Node;
  value: Node | undefined;
}

// Where undici keeps the dispatcher every fetch of the process goes through (setGlobalDispatcher writes it).
const GLOBAL_DISPATCHER = /^undici\.globalDispatcher\.\d+$/;
/** The global object, under its own names or another the file gives it (`const g = globalThis`). */
const isGlobalObjectAt = (context: SourceContext, node: Node) => (node.type === "Identifier" && GLOBAL_OBJECTS.has(node.name as string)) || calleeTarget(node, context.bindings) === "globalThis";

/** `Symbol.for(…)`, told by its shape during the walk. */
const isSymbolFor = (node: Node) => {
  const callee = node.type === "CallExpression" ? unwrap(node.callee as Node) : undefined;
  const owner = callee?.type === "MemberExpression" ? unwrap(callee.object as Node) : undefined;
  return owner?.type === "Identifier" && owner.name === "Symbol" && propertyName(callee!) === "for";
};

/**
 * `globalThis[Symbol.for("undici.globalDispatcher.1")]` (the global under any name, the key also
 * as a constant or spelt by an expression): undici's global dispatcher, set without setGlobalDispatcher.
 */
function isGlobalDispatcher(context: SourceContext, object: Node, key: Node | undefined): boolean {
  if (key === undefined || !isGlobalObjectAt(context, object)) return false;
  const unwrapped = unwrap(key);
  const symbol = unwrapped.type === "Identifier" ? context.values.constant(unwrapped, isSymbolFor) : unwrapped;
  return symbol !== undefined && isSymbolFor(symbol) && GLOBAL_DISPATCHER.test(context.values.resolve((symbol.arguments as Node[])[0]) ?? "");
}

/** `process.env.HTTPS_PROXY = v`, `axios.defaults.proxy = v`, as a Write: the value only of a plain `=` (`||=` may keep what is there, `+=` adds to it). */
function assignmentWrite(context: SourceContext, assignment: Node, member: Node, value: Node | undefined): Write {
  const name = member.computed ? context.values.resolve(member.property as Node) : propertyName(member);
  return { at: assignment, object: unwrap(member.object as Node), name, key: member.computed ? (member.property as Node) : undefined, value: assignment.operator === "=" ? value : undefined };
}

/**
 * Whether a write may change where connections go (reroutingWrite), from its target: an
 * assignment's, or a `for…in`/`for…of` head's, which assigns each value in turn.
 */
function reroutingWrite(write: Node): boolean {
  const left = unwrap(write.left as Node);
  if (write.type !== "AssignmentExpression" && left.type === "VariableDeclaration") return false;
  return reroutingTarget(left);
}

/**
 * Whether a write into an object may change where connections go (reportReroutingWrite): the
 * environment, the process (its `env`), something of a networking module, the global object
 * (undici keeps its global dispatcher there), axios or its defaults.
 * Bundles call `Object.defineProperty(exports, …)` thousands of times.
 */
function mayReroute(context: SourceContext, object: Node): boolean {
  const { environment, bindings } = context;
  if (environment.isEnvironment(object) || environment.isProcess(object) || networkModuleOf(context, object) !== undefined || isGlobalObjectAt(context, object)) return true;
  return (object.type === "MemberExpression" && propertyName(object) === "defaults") || calleeTarget(object, bindings) === "axios";
}

/**
 * `Reflect.set(o, key, value)`, `Object.defineProperty(o, key, { value })`, `Object.defineProperties(o,
 * { key: { value } })` as Writes: a descriptor's value where it can be read (not a getter's);
 * descriptors that cannot be read, one write of a member worked out at run time.
 */
function reflectiveWrites(context: SourceContext, call: Node, target: string, args: Node[]): Write[] {
  const object = unwrap(args[0]!);
  const valueOf = (descriptor: Node | undefined) => {
    const readable = optionsOf(context, descriptor);
    return readable !== undefined && readable !== "unknown" ? propertyValue(readable, "value") : undefined;
  };
  if (target === "Object.defineProperties") {
    const descriptors = optionsOf(context, args[1]);
    if (descriptors === undefined || descriptors === "unknown") return [{ at: call, object, name: undefined, value: undefined }];
    return (descriptors.properties as Node[]).map((property) =>
      property.type === "Property" ? { at: call, object, name: keyName(property) ?? context.values.resolve(property.key as Node), key: property.key as Node, value: valueOf(property.value as Node) } : { at: call, object, name: undefined, value: undefined },
    );
  }
  const value = target === "Reflect.set" ? args[2] : valueOf(args[2]);
  return [{ at: call, object, name: args[1] && context.values.resolve(args[1]), key: args[1], value }];
}

/**
 * `process.env.HTTPS_PROXY = "http://proxy.example:8080"`: the programs the process starts, and
 * the clients that read the variable, connect to that proxy. `axios.defaults.proxy = …` (also of
 * a client axios made, or all its defaults at once): its requests may go elsewhere than they name.
 * Whatever writes: an assignment, a destructuring one, `Reflect.set`, `Object.defineProperty`.
 */
function reportReroutingWrite(context: SourceContext, { at, object, name, key, value }: Write): void {
  if (isGlobalDispatcher(context, object, key)) {
    context.report(at, { severity: "info", message: "Changes where outbound requests go (undici's global dispatcher, which every fetch of the process goes through), to destinations worked out at run time", capability: { kind: "network" } });
    return;
  }
  // `process.env = { ...process.env, HTTPS_PROXY: … }`: a new environment, with what it sets.
  if (name === "env" && context.environment.isProcess(object)) {
    if (value) reportProxiesMerged(context, [value]);
    return;
  }
  if (context.environment.isEnvironment(object)) {
    if (name !== undefined && PROXY_VARIABLE.test(name)) reportProxySet(context, at, name, value && context.values.resolve(value));
    return;
  }
  const module = networkModuleOf(context, object);
  const members = [...(object.type === "MemberExpression" ? memberNames(object) : []), name ?? ""];
  if (module !== undefined && members.some((member) => REROUTING_MEMBERS.has(member))) {
    context.report(at, { severity: "info", message: `Changes how ${module} connects (${module}.${members.join(".")} = …), to destinations worked out at run time`, capability: { kind: "network" } });
    return;
  }
  const defaults = defaultsWrite(object, name);
  if (!defaults || calleeTarget(defaults.owner, context.bindings) !== "axios") return;
  // A base URL written out is where relative requests go.
  const host = (defaults.what === "defaults.baseURL" || defaults.what === "defaults.url") && value ? destination(context, value) : undefined;
  const where = host ? `to ${host}` : "to destinations worked out at run time";
  context.report(at, { severity: "info", message: `Changes where axios's requests go (${defaults.what}), ${where}`, capability: { kind: "network", value: host } });
}

/** A proxy variable set to a value (undefined: worked out at run time): connections go to the proxy's host. An empty value sets no proxy. */
function reportProxySet(context: SourceContext, node: Node, name: string, value: string | undefined): void {
  if (value === "") return;
  const host = hostOf(value);
  const through = host ? `a proxy at ${host}` : "a proxy worked out at run time";
  context.report(node, { severity: "info", message: `Sets ${name}, which sends the connections of clients that read it, and of programs the process starts, through ${through}`, capability: { kind: "network", value: host } });
}

/**
 * `Object.assign(target, …)` into what decides where connections go: the environment (its proxy
 * variables, reportProxiesMerged), something of a networking module (`http.globalAgent.options`),
 * axios's defaults.
 */
function reportAssigned(context: SourceContext, call: Node, args: Node[]): void {
  const into = args[0] && unwrap(args[0]);
  if (into === undefined) return;
  if (context.environment.isEnvironment(into)) {
    reportProxiesMerged(context, args.slice(1));
    return;
  }
  if (into.type !== "MemberExpression") return;
  const module = networkModuleOf(context, into);
  const axiosDefaults = propertyName(into) === "defaults" && calleeTarget(into.object as Node, context.bindings) === "axios";
  if (module !== undefined || axiosDefaults) {
    context.report(call, { severity: "info", message: `Changes where connections go (Object.assign into ${axiosDefaults ? "axios.defaults" : module}), to destinations worked out at run time`, capability: { kind: "network" } });
  }
}

/** Options of axios.create that name no destination and move no request (none at all, or a readable object without such keys). */
function madeToNameNothing(context: SourceContext, arg: Node | undefined): boolean {
  const options = optionsOf(context, arg);
  return options === undefined || (options !== "unknown" && !namesDestination(context, options));
}

/** `Object.assign(process.env, { HTTPS_PROXY: … })`: the proxy variables it sets, as a write of each would (reportReroutingWrite). */
function reportProxiesMerged(context: SourceContext, sources: Node[], depth = 0): void {
  for (const source of sources) {
    // `Object.assign({}, process.env, { HTTPS_PROXY: … })`: what it merges, in turn.
    const merged = unwrap(source);
    if (merged.type === "CallExpression" && calleeTarget(merged.callee as Node, context.bindings) === "Object.assign" && depth < 8) {
      reportProxiesMerged(context, merged.arguments as Node[], depth + 1);
      continue;
    }
    const object = optionsOf(context, source);
    if (object === undefined || object === "unknown") continue;
    for (const property of object.properties as Node[]) {
      // `{ ...process.env, ...{ HTTPS_PROXY: … } }`: a spread object's own.
      if (property.type === "SpreadElement" && depth < 8) reportProxiesMerged(context, [property.argument as Node], depth + 1);
      const name = property.type === "Property" ? keyName(property) : undefined;
      if (name === undefined || !PROXY_VARIABLE.test(name)) continue;
      reportProxySet(context, property, name, context.values.resolve(property.value as Node));
    }
  }
}

/** Outbound connections (with their host where it can be worked out) and servers that listen. */
export const networkRule: CodeRule = {
  id: "network",
  category: "network",
  types: ["CallExpression", "NewExpression", "AssignmentExpression", "ForInStatement", "ForOfStatement"],
  handed: HANDED_OUTBOUND,
  keeps: (node) => (node.type === "CallExpression" || node.type === "NewExpression" ? true : reroutingWrite(node)),
  visitor(context) {
    reportHandedOn(context, HANDED_OUTBOUND, () => ["network"]);
    return {
      // Writes through another name for the environment (`const { env } = process; env[key] = …`).
      end: () => {
        for (const { node, parent, grandparent } of context.environment.aliasUses()) {
          if (parent.type === "MemberExpression" && parent.object === node && grandparent?.type === "AssignmentExpression" && grandparent.left === parent) {
            reportReroutingWrite(context, assignmentWrite(context, grandparent, parent, grandparent.right as Node));
          }
        }
      },
      node: (node, parent) => {
        if (node.type === "AssignmentExpression" || node.type === "ForInStatement" || node.type === "ForOfStatement") {
          // `for (http.globalAgent of agents)` writes as an assignment does, each value in turn.
          const left = unwrap(node.left as Node);
          const value = node.type === "AssignmentExpression" ? (node.right as Node) : undefined;
          if (left.type === "MemberExpression") reportReroutingWrite(context, assignmentWrite(context, node, left, value));
          else for (const member of writtenMembers(left)) reportReroutingWrite(context, assignmentWrite(context, node, member, undefined));
          return;
        }
        if (node.type !== "CallExpression" && node.type !== "NewExpression") return;
        const { callee, args } = effectiveCall(node, context.bindings);
        if (!mayTarget(callee, LAST_NAMES, context.bindings)) return;
        const target = socketConnect(context, callee) ?? calleeTarget(callee, context.bindings) ?? instanceCallTarget(context, callee);
        if (!target) return;
        if (target === "Object.assign") {
          reportAssigned(context, node, args);
          return;
        }
        if (REFLECTIVE_WRITES.has(target)) {
          if (args[0] !== undefined && mayReroute(context, unwrap(args[0]))) for (const write of reflectiveWrites(context, node, target, args)) reportReroutingWrite(context, write);
          return;
        }
        // A name the file does not bind is no client, but for the platform's globals and the runtimes' (`Bun.connect`).
        const head = callee.type === "MemberExpression" ? (callee.object as Node) : callee;
        if (!GLOBALS.has(target) && !SOCKET_CONNECTS.has(target) && head.type === "Identifier" && !context.bindings.has(head.name as string) && !RUNTIME_GLOBALS.has(head.name as string)) return;
        // A raw socket connected in sight is reported at its connect call, with where it goes.
        if (node.type === "NewExpression" && RAW_SOCKETS.has(target) && connectedInSight(context, node, parent)) return;
        // A client made with no base URL and nothing that moves requests connects where its calls name, which are reported there.
        if (target === "axios.create" && madeToNameNothing(context, args[0])) return;
        if (OUTBOUND.has(target) || (node.type === "NewExpression" && CONSTRUCTED.has(target))) {
          // net.connect(port, host): the host is the second argument.
          const net = target.startsWith("net.") || target === "tls.connect" || target === "tls.TLSSocket.connect";
          // http.request(url, options): options that name a host (or may) decide it.
          const options = URL_AND_OPTIONS.has(target) ? optionsOf(context, args[1]) : undefined;
          // fetch(url, { dispatcher }), axios.get(url, { proxy }): options further on may reroute it.
          const later = args.slice(1).map((arg) => optionsOf(context, arg));
          const rerouted = later.slice(net ? 1 : 0).some((each) => each !== undefined && each !== "unknown" && reroutes(context, each));
          const given =
            options === "unknown" || rerouted
              ? { node: undefined, host: false }
              : options && namesDestination(context, options)
                ? destinationNode(context, options)
                : destinationNode(context, net && args[1] ? args[1] : args[0]);
          // net.connect(port, host) with no host: the first argument may be an options object that names it.
          const first = net ? destinationNode(context, args[0]) : undefined;
          // `api.get("/user")` of `api = axios.create({ baseURL })`: a path goes to the client's base URL,
          // unless the request's own options may name another base (`api.get("/user", { baseURL })`).
          const ownBase = later.some((each) => each === "unknown" || (each !== undefined && namesDestination(context, each)));
          const base = rerouted || ownBase || options === "unknown" ? undefined : clientBase(context, callee);
          // A wrapper's parameter (`const get = (url) => fetch(url)`): the destination of each call of it.
          const hostAt = (site: { call: Node; arg: Node | undefined }) =>
            destination(context, site.arg, given.host) ??
            (first && site.call === node ? destination(context, first.node, first.host) : undefined) ??
            (DNS_QUERIES.has(target) ? queriedDomain(context, site.arg) : undefined) ??
            (base !== undefined && site.call === node && isPath(context.values.resolve(site.arg)) ? base : undefined);
          for (const site of argumentValues(context, node, given.node, hostAt)) {
            context.report(site.call, {
              severity: "info",
              message: `Opens an outbound connection (${calledAt(site, target, context.lines.lineOf(node.start))})${site.value ? ` to ${site.value}` : " to a destination worked out at run time"}`,
              capability: { kind: "network", value: site.value },
            });
          }
        } else if (CLIENT_MAKERS.has(target)) {
          const options = optionsOf(context, args[0]);
          if (options === "unknown" || (options !== undefined && reroutes(context, options))) {
            context.report(node, { severity: "info", message: `Makes a client whose options may send its requests elsewhere than they name (${target}), to destinations worked out at run time`, capability: { kind: "network" } });
          }
        } else if (REROUTING_CALLS.has(target) && !(target === "axios.interceptors.request.use" && args.length === 1 && keepsDestination(context, args[0]))) {
          context.report(node, { severity: "info", message: `Changes where outbound requests go (${target}: ${REROUTING_CALLS.get(target)!}), to destinations worked out at run time`, capability: { kind: "network" } });
        } else if (SERVERS.has(target)) {
          context.report(node, { severity: "info", message: `Creates a server that can listen for connections (${target})`, capability: { kind: "listen" } });
        }
      },
    };
  },
};
