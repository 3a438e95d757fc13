// A scripted fake of the two forge REST calls Roo Server makes: GitHub's
// `POST /repos/{owner}/{repo}/pulls` (also under /api/v3 for GitHub Enterprise) and
// GitLab's `POST /projects/:id/merge_requests` (under /api/v4). Every request is kept in
// `requests` ({method, path, headers, body}) so a test can assert head/base/title.
// Plain ESM JavaScript; types in server.d.mts.
import { createServer } from 'node:http';

export class FakeForge {
  /** @param {{ token?: string }} [options] the token a request must carry (401 otherwise) */
  constructor(options = {}) {
    this.token = options.token;
    /** @type {{ method: string, path: string, headers: import('node:http').IncomingHttpHeaders, body: any }[]} */
    this.requests = [];
    /** When set, the next request is answered with this status and message. */
    this.failNext = undefined;
    this.nextNumber = 1;
    this.server = createServer((req, res) => this.handle(req, res));
  }

  send(res, status, body) {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  async handle(req, res) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    let body;
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
    } catch {
      return this.send(res, 400, { message: 'Problems parsing JSON' });
    }
    const path = new URL(req.url, 'http://x').pathname;
    this.requests.push({ method: req.method, path, headers: req.headers, body });
    if (this.failNext) {
      const { status, message } = this.failNext;
      this.failNext = undefined;
      return this.send(res, status, { message });
    }
    const github = /^(?:\/api\/v3)?\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(path);
    const gitlab = /^\/api\/v4\/projects\/([^/]+)\/merge_requests$/.exec(path);
    if (req.method !== 'POST' || (!github && !gitlab)) return this.send(res, 404, { message: 'Not Found' });
    if (github) {
      const auth = req.headers.authorization;
      if (this.token && auth !== `Bearer ${this.token}` && auth !== `token ${this.token}`)
        return this.send(res, 401, { message: 'Bad credentials' });
      if (!body?.head || !body?.base || !body?.title)
        return this.send(res, 422, { message: 'Validation Failed' });
      const number = this.nextNumber++;
      return this.send(res, 201, {
        number,
        html_url: `https://github.example/${github[1]}/${github[2]}/pull/${number}`,
        head: { ref: body.head },
        base: { ref: body.base },
        title: body.title,
      });
    }
    if (this.token && req.headers['private-token'] !== this.token)
      return this.send(res, 401, { message: '401 Unauthorized' });
    if (!body?.source_branch || !body?.target_branch || !body?.title)
      return this.send(res, 400, { message: 'source_branch, target_branch and title are required' });
    const iid = this.nextNumber++;
    const project = decodeURIComponent(gitlab[1]);
    return this.send(res, 201, {
      iid,
      web_url: `https://gitlab.example/${project}/-/merge_requests/${iid}`,
      source_branch: body.source_branch,
      target_branch: body.target_branch,
      title: body.title,
    });
  }

  /** @returns {Promise<string>} the base URL */
  start(port = 0, host = '127.0.0.1') {
    return new Promise((resolve) => {
      this.server.listen(port, host, () => {
        this.url = `http://${host}:${this.server.address().port}`;
        this.hostPort = `${host}:${this.server.address().port}`;
        resolve(this.url);
      });
    });
  }

  close() {
    return new Promise((resolve) => {
      this.server.closeAllConnections?.();
      this.server.close(() => resolve());
    });
  }
}
