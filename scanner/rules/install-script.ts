import type { TextRule } from "@/scanner/rules/rule";

// The lifecycle scripts npm runs when the package is installed from the registry. `prepare`
// runs only for git and local installs, so for registry consumers it is information.
const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall", "prepare"];

/** Install-time scripts in the package's own package.json: code that runs before anyone reviews it. */
export const installScriptRule: TextRule = {
  id: "install-script",
  category: "install-script",
  appliesTo: (file) => file === "package.json",
  check(_file, { text }, report) {
    let scripts: Record<string, unknown>;
    try {
      scripts = (JSON.parse(text) as { scripts?: Record<string, unknown> }).scripts ?? {};
    } catch {
      return;
    }
    const lines = text.split("\n");
    for (const name of INSTALL_SCRIPTS) {
      const script = scripts[name];
      if (typeof script !== "string") continue;
      const line = lines.findIndex((l) => l.includes(`"${name}"`)) + 1;
      report(line || 1, {
        severity: name === "prepare" ? "info" : "high",
        message: name === "prepare" ? `Has a prepare script (run for git installs, not from the registry): ${script.slice(0, 120)}` : `Runs a ${name} script when installed: ${script.slice(0, 120)}`,
        evidence: `"${name}": ${JSON.stringify(script).slice(0, 140)}`,
      });
    }
  },
};
