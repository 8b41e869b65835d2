// The y/N question before a user's existing file changes. Asked only when stdin and stderr are
// terminals; scripts and CI (no terminal) never see a prompt. --force answers yes.
import { createInterface } from 'node:readline';

export interface ConfirmOptions {
  force: boolean;
  dryRun: boolean;
}

/** True when a change may go ahead without asking. */
export function mustAsk(o: ConfirmOptions): boolean {
  return !o.force && !o.dryRun && process.stdin.isTTY === true && process.stderr.isTTY === true;
}

/** Shows `diff` on stderr and asks; resolves true only for an explicit y/yes. */
export async function confirmChange(path: string, diff: string): Promise<boolean> {
  process.stderr.write(diff);
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.question(`Apply this change to ${path}? [y/N] `, resolve);
      rl.once('close', () => resolve(''));
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
