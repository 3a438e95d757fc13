// A real git smart-HTTP server for tests: `git http-backend` run as CGI behind a tiny
// Node HTTP server that demands Basic auth (any user name, the password must be the token).
// `git daemon` has no authentication, so it could not show a refused token.
// Plain ESM JavaScript so plain Node can run it; types in server.d.mts.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const cleanEnv = (extra = {}) => ({
  PATH: process.env.PATH,
  HOME: '/nonexistent',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Upstream',
  GIT_AUTHOR_EMAIL: 'upstream@example.test',
  GIT_COMMITTER_NAME: 'Upstream',
  GIT_COMMITTER_EMAIL: 'upstream@example.test',
  ...extra,
});

const run = (args, cwd, env = {}) =>
  execFileSync('git', args, { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
    .toString()
    .trim();

export class GitServer {
  /** @param {{ token: string }} options */
  constructor({ token }) {
    this.token = token;
    this.root = mkdtempSync(join(tmpdir(), 'roo-git-server-'));
    /** @type {{ method: string, path: string, authorized: boolean, authorization: string | undefined }[]} */
    this.requests = [];
    this.server = createServer((req, res) => this.handle(req, res));
  }

  /** A bare repository `name` whose `branch` holds `files` (path → string | Buffer) in one commit. */
  createRepo(name, files, branch = 'main') {
    const bare = join(this.root, name);
    mkdirSync(dirname(bare), { recursive: true });
    run(['init', '--bare', '-q', `--initial-branch=${branch}`, bare], this.root);
    const work = mkdtempSync(join(tmpdir(), 'roo-git-seed-'));
    try {
      run(['init', '-q', `--initial-branch=${branch}`], work);
      for (const [path, data] of Object.entries(files)) {
        mkdirSync(dirname(join(work, path)), { recursive: true });
        writeFileSync(join(work, path), data);
      }
      run(['add', '-A'], work);
      run(['commit', '-q', '-m', 'initial'], work);
      run(['push', '-q', bare, `HEAD:refs/heads/${branch}`], work);
      return run(['rev-parse', 'HEAD'], work);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  /** Runs git in a bare repository of this server (for assertions). */
  git(name, ...args) {
    return run(args, join(this.root, name));
  }

  authorized(header) {
    if (!header?.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon > 0 && decoded.slice(colon + 1) === this.token;
  }

  handle(req, res) {
    const url = new URL(req.url, 'http://x');
    const authorized = this.authorized(req.headers.authorization);
    this.requests.push({
      method: req.method,
      path: url.pathname,
      authorized,
      authorization: req.headers.authorization,
    });
    if (!authorized) {
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"', 'Content-Type': 'text/plain' });
      return res.end('authentication required\n');
    }
    const child = spawn('git', ['http-backend'], {
      env: cleanEnv({
        GIT_PROJECT_ROOT: this.root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method,
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
        GIT_PROTOCOL: req.headers['git-protocol'] ?? '',
        REMOTE_USER: 'test',
        REMOTE_ADDR: req.socket.remoteAddress ?? '',
      }),
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    req.pipe(child.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (chunk) => {
      if (headersDone) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      let end = head.indexOf('\r\n\r\n');
      let sep = 4;
      if (end === -1) {
        end = head.indexOf('\n\n');
        sep = 2;
      }
      if (end === -1) return;
      headersDone = true;
      let status = 200;
      const headers = {};
      for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
        const i = line.indexOf(':');
        if (i <= 0) continue;
        const key = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (key.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else headers[key] = value;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + sep));
    });
    child.on('close', () => res.end());
  }

  /** @returns {Promise<string>} the base URL, e.g. http://127.0.0.1:12345 */
  start(port = 0, host = '127.0.0.1') {
    return new Promise((resolve) => {
      this.server.listen(port, host, () => {
        const address = this.server.address();
        this.url = `http://${host}:${address.port}`;
        this.hostPort = `${host}:${address.port}`;
        resolve(this.url);
      });
    });
  }

  close() {
    return new Promise((resolve) => {
      this.server.closeAllConnections?.();
      this.server.close(() => {
        rmSync(this.root, { recursive: true, force: true });
        resolve();
      });
    });
  }
}
