import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export type Tool = 'ferretdb' | 'k6';

const installed = new Map<Tool, string>();

/**
 * The binary of a tool built once into ~/.cache/notify-tools (or NOTIFY_TOOLS_DIR) by
 * scripts/tools/install-<tool>.sh, which builds it on first use, saying so and how long it
 * took; afterwards it only checks the cached build (a few milliseconds).
 */
export function ensureTool(tool: Tool): string {
  const known = installed.get(tool);
  if (known) return known;
  const script = resolve(import.meta.dirname, `install-${tool}.sh`);
  // Progress (and any build error) goes straight to the terminal; stdout is the binary's path.
  const binary = execFileSync('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'] })
    .toString()
    .trim();
  installed.set(tool, binary);
  return binary;
}
