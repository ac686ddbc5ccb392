// Runs a command and measures its wall time and peak resident memory, the same way for Airlock and for its peer.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const GNU_TIME = '/usr/bin/time';
const PYTHON = '/usr/bin/python3';

/**
 * Fallback when GNU time is absent: Python's getrusage(RUSAGE_CHILDREN) reports the same kernel figure
 * (ru_maxrss, KiB, the largest process among the waited-for children) that GNU time's %M does.
 */
const RUSAGE_WRAPPER = `
import resource, subprocess, sys, time
t = time.monotonic()
code = subprocess.run(sys.argv[2:]).returncode
wall = time.monotonic() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], 'w').write(f"{wall:.3f} {u.ru_maxrss} {u.ru_utime:.3f} {u.ru_stime:.3f}")
sys.exit(code)
`;

/** How this machine measures: 'gnu-time', 'python-rusage', or null when neither is installed. */
export function measurer() {
  if (fs.existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['--version']).status === 0) return 'gnu-time';
  if (fs.existsSync(PYTHON)) return 'python-rusage';
  return null;
}

/** measurer(), or null after saying why nothing can be measured here and setting a failing exit code. */
export function measurerOrExplain() {
  const how = measurer();
  if (!how) {
    console.error(`Cannot measure here: ${describeMeasurer(null)}`);
    process.exitCode = 1;
  }
  return how;
}

/**
 * The 1-minute load average before a benchmark starts, warned about when other work holds more than half the CPUs:
 * it slows both sides unevenly, so it is recorded and said rather than published silently in a skewed figure.
 */
export function loadBeforeRun() {
  const load = os.loadavg()[0];
  if (load > os.cpus().length / 2) console.warn(`warning: load average ${load.toFixed(1)} on ${os.cpus().length} CPUs: figures will be noisy`);
  return load;
}

export function describeMeasurer(kind) {
  if (kind === 'gnu-time') return "GNU time (/usr/bin/time -f '%e %M %U %S'): wall seconds, peak RSS of the process (wait4 ru_maxrss), user + system CPU seconds";
  if (kind === 'python-rusage') return 'a Python wrapper: wall seconds (time.monotonic), getrusage(RUSAGE_CHILDREN) ru_maxrss, ru_utime + ru_stime';
  return 'not measurable: install GNU time (apt-get install -y time)';
}

/**
 * Runs argv[0] with argv[1..] and returns { seconds, peakRssMb, cpuSeconds, stdout, stderr, status }.
 * All figures include process start-up (Node + tsx, or Python + pandas import): that is what a user waits for.
 * CPU seconds (all threads) stay meaningful when other work on the machine stretches the wall time.
 * `options.stdio: 'inherit'` lets the command print as it goes (stdout and stderr are then null).
 */
export function measure(argv, options = {}) {
  const kind = measurer();
  if (!kind) throw new Error(describeMeasurer(null));
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-bench-')), 'usage');
  const [cmd, args] =
    kind === 'gnu-time' ? [GNU_TIME, ['-o', out, '-f', '%e %M %U %S', ...argv]] : [PYTHON, ['-c', RUSAGE_WRAPPER, out, ...argv]];
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, cwd: options.cwd, env: options.env, stdio: options.stdio });
  let seconds = NaN;
  let peakRssMb = NaN;
  let cpuSeconds = NaN;
  try {
    // GNU time writes "Command exited with non-zero status N" before the figures when the command fails.
    const last = fs.readFileSync(out, 'utf8').trim().split('\n').pop() ?? '';
    const [s, kib, user, sys] = last.split(' ').map(Number);
    seconds = s;
    peakRssMb = kib / 1024;
    cpuSeconds = user + sys;
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
  return { seconds, peakRssMb, cpuSeconds, stdout: res.stdout, stderr: res.stderr, status: res.status };
}

/** The line of a failed run's stderr that says why: an `airlock:` one-line error, a thrown Error, or CODE: message. */
export function failureReason(stderr) {
  const lines = (stderr ?? '').trim().split('\n');
  return (lines.find((l) => /^airlock: |^\w*Error\b|^[A-Z_]+: /.test(l.trim())) ?? lines.at(-1) ?? '').trim();
}

/**
 * One side of a comparison as its own process, measured the same way for both (wall, CPU, peak RSS of the whole
 * process): its last stdout line (a JSON object) with those figures, or `{skipped}` saying why it failed.
 */
export function measureSide(argv, name, cwd) {
  const m = measure(argv, { cwd });
  if (m.status !== 0) return { skipped: `${name} failed: ${failureReason(m.stderr)}` };
  return { ...JSON.parse(m.stdout.trim().split('\n').pop()), processSeconds: m.seconds, processCpuSeconds: m.cpuSeconds, peakRssMb: m.peakRssMb };
}
