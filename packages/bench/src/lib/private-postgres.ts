// A throwaway PostgreSQL cluster of our own (initdb in a temporary directory, its own port and
// socket directory), so a fault run can restart PostgreSQL without touching the machine's shared
// server — other people's tests and apps keep their connections. Needs the PostgreSQL server
// binaries (Debian: postgresql-15); as root the cluster runs as the `postgres` OS user, since
// PostgreSQL refuses to run as root.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivatePostgres {
  /** Superuser URL of the `postgres` database. */
  url: string;
  port: number;
  /** `pg_ctl restart -m fast`: every backend is terminated (57P01), as in a real restart. */
  restart(): Promise<number | null>;
  /**
   * A streaming replica of this cluster (`pg_basebackup -R -X stream`) on its own port, with the
   * same user and password: `url` is its `postgres` database.
   */
  startReplica(port: number): PrivateReplica;
  stop(): void;
}

export interface PrivateReplica {
  url: string;
  port: number;
  /** `pg_ctl stop -m immediate`: gone at once, as a crashed or unreachable replica. */
  kill(): void;
  /** Started again on the same data directory; it catches up from the primary. */
  start(): void;
}

/** The newest installed server's bin directory (Debian layout), or `preferred` if given. */
export function postgresBinDir(preferred?: string): string {
  if (preferred) return preferred;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest)
    throw new Error(`No PostgreSQL server binaries under ${root}; install postgresql or set PG_BIN.`);
  return join(root, newest, 'bin');
}

export function startPrivatePostgres(options: { port: number; binDir: string }): PrivatePostgres {
  const { port, binDir } = options;
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'margins-faults-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  const user = 'margins_faults';
  const password = randomBytes(12).toString('hex');
  writeFileSync(join(dir, 'pwfile'), `${password}\n`, { mode: 0o600 });
  if (asRoot) {
    const pg = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const uid = Number(pg.stdout.trim());
    if (pg.status !== 0 || !Number.isInteger(uid))
      throw new Error('Running as root, but there is no `postgres` OS user to run PostgreSQL as.');
    chownSync(dir, uid, uid);
    chownSync(join(dir, 'pwfile'), uid, uid);
  }
  const run = (bin: string, args: string[]) =>
    (asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(binDir, bin), ...args]]
      : [join(binDir, bin), args]) as [string, string[]];
  const must = (bin: string, args: string[]) => {
    const [command, argv] = run(bin, args);
    const r = spawnSync(command, argv, { encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(`${bin} failed (${r.status}): ${r.stderr || r.stdout}\n(log: ${log})`);
  };
  // Local socket connections are trusted (the directory is ours, mode 0700); TCP needs the password.
  must('initdb', [
    '-D',
    data,
    '-U',
    user,
    `--pwfile=${join(dir, 'pwfile')}`,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-instructions',
  ]);
  const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c max_connections=200`;
  must('pg_ctl', ['-D', data, '-l', log, '-o', serverOptions, '-w', 'start']);
  let stopped = false;
  const replicaStops: (() => void)[] = [];
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${port}/postgres`,
    port,
    restart() {
      // Asynchronous: whatever runs against the app must keep running (and failing) meanwhile.
      const [command, argv] = run('pg_ctl', ['-D', data, '-l', log, '-m', 'fast', '-w', 'restart']);
      return new Promise((resolve) => spawn(command, argv, { stdio: 'inherit' }).once('exit', resolve));
    },
    startReplica(replicaPort: number): PrivateReplica {
      const replicaData = join(dir, `replica-${replicaPort}`);
      const replicaLog = join(dir, `replica-${replicaPort}.log`);
      const [command, argv] = run('pg_basebackup', [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        user,
        '-D',
        replicaData,
        '-R',
        '-X',
        'stream',
        '-c',
        'fast',
      ]);
      // eslint-disable-next-line no-restricted-properties -- the child needs PATH and the rest as given
      const r = spawnSync(command, argv, { encoding: 'utf8', env: { ...process.env, PGPASSWORD: password } });
      if (r.status !== 0) throw new Error(`pg_basebackup failed (${r.status}): ${r.stderr || r.stdout}`);
      const replicaOptions = `-p ${replicaPort} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c max_connections=200 -c hot_standby=on`;
      const start = () =>
        must('pg_ctl', ['-D', replicaData, '-l', replicaLog, '-o', replicaOptions, '-w', 'start']);
      let running = false;
      const kill = () => {
        if (!running) return;
        running = false;
        const [c, a] = run('pg_ctl', ['-D', replicaData, '-m', 'immediate', '-w', 'stop']);
        spawnSync(c, a, { stdio: 'ignore' });
      };
      start();
      running = true;
      replicaStops.push(kill);
      return {
        url: `postgres://${user}:${password}@127.0.0.1:${replicaPort}/postgres`,
        port: replicaPort,
        kill,
        start() {
          start();
          running = true;
        },
      };
    },
    stop() {
      if (stopped) return;
      stopped = true;
      for (const stopReplica of replicaStops) stopReplica();
      const [command, argv] = run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      spawnSync(command, argv, { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
