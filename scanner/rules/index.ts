import { dynamicCodeRule } from "@/scanner/rules/dynamic-code";
import { envRule } from "@/scanner/rules/env";
import { execRule } from "@/scanner/rules/exec";
import { filesystemRule } from "@/scanner/rules/filesystem";
import { networkRule } from "@/scanner/rules/network";
import type { CodeRule } from "@/scanner/rules/rule";

/** Every rule over source code, in report order. */
export const CODE_RULES: CodeRule[] = [networkRule, filesystemRule, execRule, envRule, dynamicCodeRule];
