// Startup and footprint of the built app (`npx electron-vite build` first), real processes only:
//   - first start: `serve` on an empty data folder, time until it prints its URL;
//   - restart: `serve` again on that (now existing) folder, time to URL, then the resident memory of
//     the whole process tree (VmRSS of the process and every descendant) once it has settled idle;
//   - `agents list` with nothing running: wall time until the process exits;
//   - `servers call` of a real stdio server: how long the process lives on after printing its result.
// Each figure is the median of --runs runs (default 5); CPU time (user+sys) is printed beside wall time
// because on a loaded machine wall time mostly measures the queue for a core.
// Run: npm run bench -- startup   Options: --runs <n> (or STARTUP_RUNS=<n>). AGENT_FACTORY_ROOT=<dir> measures another build.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root =
  process.env.AGENT_FACTORY_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  console.error(`No build at ${cli}: run \`npx electron-vite build\` first.`);
  process.exit(1);
}
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg('runs', Number(process.env.STARTUP_RUNS ?? 5));
const TICK_MS = 10; // /proc times are in clock ticks of 1/100 s on Linux

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Proc {
  pid: number;
  rssKb: number;
  cpuMs: number;
  name: string;
}

/** The process and all its descendants, from /proc. */
function tree(rootPid: number): Proc[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const pids = [rootPid];
  for (let i = 0; i < pids.length; i++)
    for (const [pid, ppid] of parent) if (ppid === pids[i]) pids.push(pid);
  const out: Proc[] = [];
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      out.push({
        pid,
        rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0),
        cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
        name:
          cmd
            .slice(1)
            .map((a) => a.replace(/^.*\/(node_modules|out)\//, ''))
            .join(' ')
            .slice(0, 70) ||
          cmd[0] ||
          '?',
      });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}
const sumRss = (procs: Proc[]) => procs.reduce((s, p) => s + p.rssKb, 0) / 1024;

interface ServeRun {
  urlMs: number;
  urlCpuMs: number;
  idleMb: number;
  procs: Proc[];
}

/** Starts `serve`, times its URL line, waits until the tree's memory settles, stops it. */
async function serveOnce(dataDir: string): Promise<ServeRun> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [cli, '--data-dir', dataDir, 'serve', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const urlMs = await new Promise<number>((resolveUrl, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^https?:\/\/\S+\n/m.test(out)) resolveUrl(performance.now() - t0);
    });
    child.once('exit', (code) =>
      reject(new Error(`serve exited (${code}) before its URL: ${stderr}`)),
    );
  });
  const urlCpuMs = tree(child.pid!).reduce((s, p) => s + p.cpuMs, 0);
  // Settled: three samples 500 ms apart within 2 MB of each other (at most 30 s).
  const samples: number[] = [];
  let procs = tree(child.pid!);
  for (let i = 0; i < 60; i++) {
    await sleep(500);
    procs = tree(child.pid!);
    samples.push(sumRss(procs));
    const last = samples.slice(-3);
    if (last.length === 3 && Math.max(...last) - Math.min(...last) < 2) break;
  }
  child.kill('SIGTERM');
  await exited;
  return { urlMs, urlCpuMs, idleMb: sumRss(procs), procs };
}

/** Runs a CLI command to its exit; wall time and the CPU time of the process and its children. */
function command(dataDir: string, ...args: string[]): { wallMs: number; cpuMs: number } {
  const quoted = [process.execPath, cli, '--data-dir', dataDir, ...args]
    .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  // bash's `times` prints the children's user and system time on its second line.
  const t0 = performance.now();
  const run = spawnSync('bash', ['-c', `${quoted} >/dev/null || exit 1; times`], {
    encoding: 'utf8',
  });
  const wallMs = performance.now() - t0;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  const [user, sys] = [
    ...(run.stdout.trim().split('\n')[1] ?? '').matchAll(/(\d+)m([\d.]+)s/g),
  ].map((m) => (Number(m[1]) * 60 + Number(m[2])) * 1000);
  return { wallMs, cpuMs: (user ?? 0) + (sys ?? 0) };
}

/** `servers call` of server-everything's echo: from its printed result to the process's exit. */
async function callLinger(dataDir: string): Promise<number> {
  const child = spawn(
    process.execPath,
    [
      cli,
      '--data-dir',
      dataDir,
      'servers',
      'call',
      'everything',
      'echo',
      '{"message":"hi"}',
      '--yes',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let printed: number | undefined;
  child.stdout.on('data', () => (printed ??= performance.now()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0 || printed === undefined) throw new Error(`servers call exited with ${code}`);
  return performance.now() - printed;
}

/** server-everything (a dev dependency) imported into the data folder as "everything". */
function importEverything(dataDir: string): void {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('@modelcontextprotocol/server-everything/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    bin: string | Record<string, string>;
  };
  const script = join(dirname(manifest), typeof bin === 'string' ? bin : Object.values(bin)[0]!);
  const config = join(dataDir, '..', 'everything.json');
  writeFileSync(
    config,
    JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [script] } } }),
  );
  command(dataDir, 'servers', 'import', config);
}

const work = mkdtempSync(join(tmpdir(), 'af-bench-startup-'));
const load = () => loadavg()[0]!.toFixed(1);
const loadBefore = load();
try {
  const first: ServeRun[] = [];
  for (let i = 0; i < runs; i++) first.push(await serveOnce(mkdtempSync(join(work, 'empty-'))));
  const existing = mkdtempSync(join(work, 'existing-'));
  await serveOnce(existing);
  for (let i = 0; i < 3; i++)
    command(existing, 'agents', 'create', '--name', `Agent ${i}`, '--model', 'ollama:llama3.2');
  const restart: ServeRun[] = [];
  for (let i = 0; i < runs; i++) restart.push(await serveOnce(existing));
  const list: { wallMs: number; cpuMs: number }[] = [];
  for (let i = 0; i < runs; i++) list.push(command(existing, 'agents', 'list'));
  importEverything(existing);
  const linger: number[] = [];
  for (let i = 0; i < runs; i++) linger.push(await callLinger(existing));

  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const mb = (x: number) => `${x.toFixed(0)} MB`;
  const rows: [string, string, string, string, boolean][] = [
    [
      'first start (empty folder) to URL',
      s(median(first.map((r) => r.urlMs))),
      s(median(first.map((r) => r.urlCpuMs))),
      '≤ 3 s',
      median(first.map((r) => r.urlMs)) <= 3000,
    ],
    [
      'restart (existing folder) to URL',
      s(median(restart.map((r) => r.urlMs))),
      s(median(restart.map((r) => r.urlCpuMs))),
      '≤ 1.5 s',
      median(restart.map((r) => r.urlMs)) <= 1500,
    ],
    [
      'idle RSS of the serve tree, existing folder',
      mb(median(restart.map((r) => r.idleMb))),
      '',
      '≤ 250 MB',
      median(restart.map((r) => r.idleMb)) <= 250,
    ],
    [
      'idle RSS of the serve tree, after a first start',
      mb(median(first.map((r) => r.idleMb))),
      '',
      '',
      true,
    ],
    [
      '`agents list`, nothing running',
      s(median(list.map((r) => r.wallMs))),
      s(median(list.map((r) => r.cpuMs))),
      '≤ 1 s',
      median(list.map((r) => r.wallMs)) <= 1000,
    ],
    [
      '`servers call` (server-everything echo): from its result to its exit',
      s(median(linger)),
      '',
      '',
      true,
    ],
  ];
  console.log(
    `Medians of ${runs} runs; load average ${loadBefore} before, ${load()} after (${process.env.CI ? 'CI' : 'this machine'}).\n`,
  );
  console.log(
    '| measure | wall | CPU (user+sys) | target | met |\n| --- | --- | --- | --- | --- |',
  );
  for (const [name, wall, cpu, target, met] of rows)
    console.log(
      `| ${name} | ${wall} | ${cpu} | ${target} | ${target ? (met ? 'yes' : 'no') : ''} |`,
    );
  const last = restart.at(-1)!;
  console.log('\nResident memory per process of the last restart, idle:\n');
  console.log('| pid | process | RSS |\n| --- | --- | --- |');
  for (const p of last.procs) console.log(`| ${p.pid} | ${p.name} | ${mb(p.rssKb / 1024)} |`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
