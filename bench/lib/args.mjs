// Command-line flags the benches share: a positive integer after a flag, or the fallback when the flag is absent.

/** The integer after `flag` in argv (`--rows 1000`), or `fallback` when the flag is not given; anything else fails. */
export function positiveIntFlag(argv, flag, fallback) {
  const i = argv.indexOf(flag);
  if (i < 0) return fallback;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, got ${argv[i + 1]}`);
  return n;
}
