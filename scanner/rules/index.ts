import { dynamicCodeRule } from "@/scanner/rules/dynamic-code";
import { envRule } from "@/scanner/rules/env";
import { execRule } from "@/scanner/rules/exec";
import { filesystemRule } from "@/scanner/rules/filesystem";
import { hiddenUnicodeRule } from "@/scanner/rules/hidden-unicode";
import { installScriptRule } from "@/scanner/rules/install-script";
import { networkRule } from "@/scanner/rules/network";
import { obfuscationRule } from "@/scanner/rules/obfuscation";
import { remoteShellRule } from "@/scanner/rules/remote-shell";
import type { CodeRule, TextRule } from "@/scanner/rules/rule";
import { secretRule } from "@/scanner/rules/secret";
import { toolPoisoningRule } from "@/scanner/rules/tool-poisoning";

/** Every rule over source code, in report order. */
export const CODE_RULES: CodeRule[] = [networkRule, filesystemRule, execRule, remoteShellRule, envRule, dynamicCodeRule, obfuscationRule, toolPoisoningRule, hiddenUnicodeRule];

/** Every rule over file text. */
export const TEXT_RULES: TextRule[] = [secretRule, installScriptRule];
