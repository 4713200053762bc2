// Where `margins login` keeps the server and token: $MARGINS_CONFIG, else
// $XDG_CONFIG_HOME/margins/config.json, else ~/.config/margins/config.json; mode 0600, since
// the token is a password.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Config {
  server: string;
  token: string;
  /** Per `server story`, when `margins feedback` last listed it: the next run shows what is newer. */
  feedbackSeen?: Record<string, string>;
}

export function configPath(env: Record<string, string | undefined>): string {
  if (env.MARGINS_CONFIG) return env.MARGINS_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'margins', 'config.json');
}

export async function readConfig(path: string): Promise<Config | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  const parsed = JSON.parse(text) as Partial<Config>;
  if (typeof parsed.server !== 'string' || typeof parsed.token !== 'string') return null;
  return parsed as Config;
}

export async function writeConfig(path: string, config: Config): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  // writeFile's mode only applies when it creates the file.
  await chmod(path, 0o600);
}
