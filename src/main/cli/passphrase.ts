// Gets the passphrase of a signing key: AIRLOCK_PASSPHRASE in scripts and CI, else a prompt on the terminal that
// echoes nothing; with neither, a clear refusal rather than a hang on a stdin nobody types into.
import { AppFailure, fail } from '../../shared/errors';

export async function readPassphrase(prompt: string, options: { confirm?: boolean } = {}): Promise<string> {
  const fromEnv = process.env.AIRLOCK_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    fail('PASSPHRASE_REQUIRED', 'A passphrase is needed and there is no terminal to ask on.', { hint: 'Set AIRLOCK_PASSPHRASE in scripts and CI.' });
  }
  const first = await promptHidden(prompt);
  if (options.confirm && (await promptHidden('Type it again: ')) !== first) fail('BAD_INPUT', 'The two passphrases differ: nothing was created.');
  return first;
}

/** Reads one line in raw mode, so the terminal shows nothing of what is typed; Ctrl-C cancels. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    const finish = (error?: AppFailure): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed.join(''));
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new AppFailure({ code: 'BAD_INPUT', message: 'Cancelled: nothing was changed.' }));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else if (ch >= ' ') typed.push(ch);
      }
    };
    // raw mode before the prompt: whatever is typed once the prompt shows is never echoed
    stdin.setRawMode(true);
    process.stderr.write(prompt);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}
