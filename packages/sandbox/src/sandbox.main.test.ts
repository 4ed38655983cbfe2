import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
let child: ChildProcess | undefined;

afterAll(() => {
  // pnpm runs the script in a child shell: end the whole process group it leads.
  if (child?.pid) process.kill(-child.pid, 'SIGTERM');
});

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

describe('pnpm sandbox --port N', () => {
  it('prints one JSON line first, then serves the v3 API on 127.0.0.1:N', async () => {
    const port = await freePort();
    // --silent keeps pnpm's own "> script" banner off stdout; the sandbox prints nothing before its line.
    child = spawn('pnpm', ['--silent', 'sandbox', '--port', String(port)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    const firstLine = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line on stdout; got "${out}"`)), 40_000);
      child!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const nl = out.indexOf('\n');
        if (nl >= 0) {
          clearTimeout(timer);
          resolve(out.slice(0, nl));
        }
      });
      child!.on('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    const info = JSON.parse(firstLine);
    expect(info.base_url).toBe(`http://127.0.0.1:${port}`);
    expect(info.applications.map((a: any) => a.name)).toEqual(expect.arrayContaining(['console', 'partner']));
    for (const a of info.applications) {
      expect(Object.keys(a)).toEqual(
        expect.arrayContaining(['name', 'application_id', 'api_key', 'workflows']),
      );
      expect(a.workflows.map((w: any) => w.session_kind).sort()).toEqual(['business', 'user']);
    }
    const consoleApp = info.applications.find((a: any) => a.name === 'console');
    const res = await fetch(`${info.base_url}/v3/session/`, {
      method: 'POST',
      headers: { 'x-api-key': consoleApp.api_key, 'content-type': 'application/json' },
      body: JSON.stringify({ workflow_id: consoleApp.workflows[0].workflow_id, sandbox_scenario: 'approve' }),
    });
    expect(res.status).toBe(201);
    const denied = await fetch(`${info.base_url}/v3/sessions/`, { headers: { 'x-api-key': 'nope' } });
    expect(denied.status).toBe(403);
  }, 60_000);
});
