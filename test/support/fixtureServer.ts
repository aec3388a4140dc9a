/**
 * A real HTTP server on 127.0.0.1 that replays the recorded feeds in test/fixtures, standing in for Hugging Face
 * and arXiv. Used by the unit tests of the feed loader and by the end-to-end tests (the extension's endpoint
 * settings point at it). Besides the recordings it can answer slowly, drop the connection, or fail.
 *
 *   /hf/api/daily_papers?date=2025-07-22      a recorded HF day (2024-05-27, 2025-07-22, 2026-06-12), [] otherwise;
 *                                             2011-11-08: one recorded entry made 1111.2011 (see hfDayOf1111)
 *   /arxiv/api/query?search_query=…&id_list=…  recorded arXiv answers (see arxivRecording below)
 *   /arxiv-rss/rss/<cats>, /arxiv-rss/atom/<cats>   recorded arXiv listings: cs.CL is a weekend's empty feed,
 *                  combined categories (`cs.LG+cs.AI`) the four-item RSS, anything else in Atom the three-entry one
 *   /oai2?verb=…   arXiv's OAI-PMH answers replayed from the recorded cassettes of test/fixtures/arxiv_oai (a request
 *                  recorded twice gets the recorded answers in turn: a 503 with Retry-After, then the records), and
 *                  the arXivRaw GetRecord of 0804.2273; `badArgument` for anything else
 *   /oai-paged/oai2?verb=ListRecords   the recorded two-record ListRecords cut into two pages joined by a
 *                  resumption token; an unknown token gets `badResumptionToken`
 *   /slow/<ms>/…   the same after a delay      /drop/…   the socket is destroyed before any answer
 *   /status/<code>/…   that HTTP status        /garbage/…   200 with a truncated body
 *   /hostile/api/daily_papers   a HF day whose titles and abstracts are HTML/script payloads
 *   /pdf/<file or arXiv id>   a PDF of test/fixtures/pdf (`/pdf/1706.03762v5` finds arxiv_1706.03762v5_attention.pdf);
 *                             `?chunked=1` sends it without content-length
 *   /pdf-captcha/…   200 with an HTML "are you a robot" page, as arXiv answers some clients
 *   /pdf-drop/<…>    content-length of the whole PDF, half the body, then the connection is destroyed
 *   /pdf-short/<…>   half the PDF, chunked (no length), ended cleanly: only the missing %%EOF tells
 *   /pdf-trickle/<…> the PDF in 16 KB pieces every 50 ms (to cancel a download half way)
 *   /pdf-stall/<…>   content-length of the whole PDF, its first 64 KB, then nothing (the connection stays open)
 *   /endless/…       200 JSON without a length that never ends (as fast as the client reads)
 *   /too-long/…      200 JSON announcing 400 MB, then the same endless body
 * `streamed` counts the bytes the endless bodies sent, so a test can see that a client stopped reading.
 *   /s2/graph/v1/paper/<id>/citations|references   recorded Semantic Scholar answers (see s2Recording below)
 *   /hf/api/papers/<id>   HF's recorded paper page of 2608.09888 (linked models, datasets, Spaces), for any id
 *   /__requests      the requests served so far, as JSON `RecordedRequest[]` (not itself recorded): for code that
 *                    cannot see `requests`, like tests inside the extension host
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const fixturesDir = join(__dirname, '..', 'fixtures');

export interface RecordedRequest {
  readonly path: string;
  readonly at: number;
}

/** Where the server lists the requests it served (see the header). */
export const requestLogPath = '/__requests';

export interface FixtureServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Bytes sent so far by `/endless/` and `/too-long/` answers. */
  readonly streamed: () => number;
  /**
   * What `/pdf-live/…` answers as: a PDF route (`pdf`, `pdf-drop`, `pdf-trickle`…) or `status/503`. A test changes
   * it to change how "arXiv" behaves without changing settings (the arXiv base is a user setting).
   */
  pdfLive: string;
  close(): Promise<void>;
}

const hfDays: Record<string, string> = {
  '2024-05-27': 'hf/hf_daily_2024-05-27.json',
  '2025-07-22': 'hf/hf_daily_2025-07-22.json',
  '2026-06-12': 'hf/hf_daily_2026-06-12_verbatim.json',
};

function fixture(path: string): Buffer {
  return readFileSync(join(fixturesDir, path));
}

/** The recording of arXiv's answer for one id, for the ids recorded alone. */
function arxivIdRecording(id: string): string | undefined {
  if (id === '1111.2011v2' || id === '1111.2011') return 'arxiv/arxiv_classic_2016_idlist_1111.2011v2.xml';
  // arXiv's answer to an id it has no paper for (an empty feed), for 2501.99999 too.
  if (id === '0000.0000' || id === '2501.99999') return 'arxiv/arxiv_newapi_2026_idlist_0000.0000_empty.xml';
  return undefined;
}

/**
 * arXiv's answer for several recorded ids at once (a hover asks for a file's other ids in one request): one feed with
 * each id's entries, as arXiv answers an `id_list`, none for an id it has no paper for.
 */
function arxivIdListAnswer(ids: readonly string[]): Buffer | undefined {
  const files = ids.map(arxivIdRecording);
  if (ids.length < 2 || files.some((f) => f === undefined)) return undefined;
  const entries = files.flatMap(
    (f) =>
      fixture(f!)
        .toString('utf8')
        .match(/<entry>[\s\S]*?<\/entry>/g) ?? [],
  );
  const shell = fixture('arxiv/arxiv_newapi_2026_idlist_0000.0000_empty.xml').toString('utf8');
  const feed = shell.replace(/(<opensearch:totalResults[^>]*>)\d+/, `$1${entries.length}`).replace('</feed>', `${entries.join('\n')}\n</feed>`);
  return Buffer.from(feed, 'utf8');
}

/** Which recording answers an arXiv API request, with its recorded HTTP status. */
function arxivRecording(params: URLSearchParams): { status: number; file: string } | { status: number; body: Buffer } {
  const idList = params.get('id_list') ?? '';
  const query = params.get('search_query') ?? '';
  const single = arxivIdRecording(idList);
  if (single) return { status: 200, file: single };
  const several = arxivIdListAnswer(idList.split(','));
  if (several) return { status: 200, body: several };
  if (idList === 'INVALIDID') return { status: 200, file: 'arxiv/arxiv_idlist_INVALIDID_classic_error.xml' };
  if (idList === 'abc') return { status: 400, file: 'arxiv/arxiv_newapi_2026_idlist_abc_error_http400.xml' };
  if (/del_maestro/.test(query)) return { status: 200, file: 'arxiv/arxiv_classic_2016_search_au_del_maestro.xml' };
  return { status: 200, file: 'arxiv/arxiv_newapi_2026_search_testing_100.xml' };
}

/** The response a vcrpy cassette recorded for the request whose URI ends as given. */
function cassetteResponse(file: string, uriEnd: string): { status: number; body: string } {
  const { interactions } = parseYaml(fixture(file).toString('utf8')) as {
    interactions: { request: { uri: string }; response: { status: { code: number }; body: { string: string } } }[];
  };
  const found = interactions.find((i) => i.request.uri.endsWith(uriEnd));
  if (!found) throw new Error(`${file} has no request ending ${uriEnd}`);
  return { status: found.response.status.code, body: found.response.body.string };
}

/**
 * Which recording answers a Semantic Scholar graph request `paper/<id>/<direction>`: S2's 404 for `arXiv:0000.0000`
 * (and `0`), the paged references cassette for `DOI:10.2139/ssrn.2250500`, else the recorded citations or references.
 */
function s2Recording(id: string, direction: string, params: URLSearchParams): { status: number; body: string | Buffer } {
  if (id === '0' || id === 'arXiv:0000.0000') return cassetteResponse('semantic_scholar/s2_404_not_found_vcr.yaml', '/paper/0?fields=t%2Ci%2Ct%2Cl%2Ce');
  if (direction === 'references' && id === 'DOI:10.2139/ssrn.2250500') {
    const offset = params.get('offset') ?? '0';
    return cassetteResponse('semantic_scholar/s2_paper_references_vcr.yaml', `offset=${offset === '50' ? 50 : 0}&limit=50`);
  }
  return { status: 200, body: fixture(direction === 'citations' ? 'semantic_scholar/s2_citations_limit3.json' : 'semantic_scholar/s2_references.json') };
}

const hostileDay = JSON.stringify([
  {
    paper: {
      id: '2401.00001',
      authors: [{ name: '<img src=x onerror="document.body.dataset.pwned=1">Mallory' }],
      publishedAt: '2024-01-01T00:00:00.000Z',
      submittedOnDailyAt: '2024-01-02T00:00:00.000Z',
      title: '<script>document.body.dataset.pwned=1</script>Hostile <b>title</b>',
      summary: 'An abstract with <iframe src="javascript:alert(1)"></iframe> and <a href="javascript:alert(1)">a link</a> & $x<y$.',
      upvotes: 1,
      ai_keywords: ['<svg onload=alert(1)>'],
    },
    title: '<script>document.body.dataset.pwned=1</script>Hostile <b>title</b>',
    publishedAt: '2024-01-01T00:00:00.000Z',
    numComments: 0,
  },
]);

/** A fixture PDF by file name, or by an arXiv id its file name contains. */
function fixturePdf(name: string): Buffer | undefined {
  const dir = join(fixturesDir, 'pdf');
  const files = readdirSync(dir).filter((f) => f.endsWith('.pdf'));
  const wanted = decodeURIComponent(name).replace(/\.pdf$/, '');
  const file = files.find((f) => f === `${wanted}.pdf`) ?? files.find((f) => wanted.length >= 9 && f.includes(`_${wanted}`));
  return file ? readFileSync(join(dir, file)) : undefined;
}

const captchaPage =
  '<!DOCTYPE html><html><head><title>arXiv: are you a robot?</title></head><body><h1>Please confirm you are human</h1><form><div class="captcha"></div></form></body></html>';

function routePdf(head: string, name: string, url: URL, res: ServerResponse): boolean {
  if (head === 'pdf-captcha') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(captchaPage);
    return true;
  }
  if (!['pdf', 'pdf-drop', 'pdf-short', 'pdf-trickle', 'pdf-stall'].includes(head)) return false;
  const pdf = fixturePdf(name);
  if (!pdf) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('no such PDF');
    return true;
  }
  const half = pdf.subarray(0, Math.floor(pdf.length / 2));
  switch (head) {
    case 'pdf':
      res.writeHead(
        200,
        url.searchParams.has('chunked') ? { 'content-type': 'application/pdf' } : { 'content-type': 'application/pdf', 'content-length': pdf.length },
      );
      res.end(pdf);
      return true;
    case 'pdf-drop':
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length });
      res.write(half, () => setTimeout(() => res.socket?.destroy(), 20));
      return true;
    case 'pdf-short':
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end(half);
      return true;
    case 'pdf-stall':
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length });
      res.write(pdf.subarray(0, 65_536));
      return true;
    default: {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length });
      let offset = 0;
      const timer = setInterval(() => {
        if (offset >= pdf.length) {
          clearInterval(timer);
          res.end();
          return;
        }
        res.write(pdf.subarray(offset, offset + 16_384));
        offset += 16_384;
      }, 50);
      res.on('close', () => clearInterval(timer));
      return true;
    }
  }
}

interface OaiRecording {
  readonly params: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Query parameters as one comparable string, whatever their order. */
function paramKey(params: URLSearchParams): string {
  return [...params.entries()]
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('&');
}

const oaiRecordings: OaiRecording[] = readdirSync(join(fixturesDir, 'arxiv_oai'))
  .filter((name) => name.startsWith('nock_') && name.endsWith('.json'))
  .flatMap((name) => JSON.parse(fixture(`arxiv_oai/${name}`).toString('utf8')) as { path: string; status: number; rawHeaders: string[]; response: string }[])
  .map((call) => {
    const headers: Record<string, string> = {};
    for (let i = 0; i + 1 < call.rawHeaders.length; i += 2) {
      const name = call.rawHeaders[i]!.toLowerCase();
      if (name === 'content-type' || name === 'retry-after') headers[name] = call.rawHeaders[i + 1]!;
    }
    return { params: paramKey(new URL(call.path, 'http://x').searchParams), status: call.status, headers, body: call.response };
  });
const oaiCalls = new Map<string, number>();

function oaiError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2018-06-21T14:30:12Z</responseDate><request>http://export.arxiv.org/oai2</request><error code="${code}">${message}</error></OAI-PMH>`;
}

function routeOai(url: URL, res: ServerResponse, paged: boolean): void {
  const key = paramKey(url.searchParams);
  const listRecords = oaiRecordings.filter((r) => r.status === 200 && r.params.includes('verb=ListRecords')).at(-1)!;
  if (paged) {
    const token = url.searchParams.get('resumptionToken');
    const records = listRecords.body.split(/(?=<record>)|(?<=<\/record>)/);
    const [before, first, second, after] = [records[0]!, records[1]!, records.slice(2, -1).join(''), records.at(-1)!];
    let body: string;
    if (!token) body = `${before}${first}<resumptionToken completeListSize="2" cursor="0">page-2</resumptionToken>${after}`;
    else if (token === 'page-2') body = `${before}${second}<resumptionToken completeListSize="2" cursor="1"/>${after}`;
    else body = oaiError('badResumptionToken', `The value of the resumptionToken argument is invalid or expired.`);
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(body);
    return;
  }
  if (
    url.searchParams.get('verb') === 'GetRecord' &&
    url.searchParams.get('metadataPrefix') === 'arXivRaw' &&
    url.searchParams.get('identifier') === 'oai:arXiv.org:0804.2273'
  ) {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(fixture('arxiv_oai/getrecord_arXivRaw_0804.2273_2016_reindented.xml'));
    return;
  }
  const matches = oaiRecordings.filter((r) => r.params === key);
  if (matches.length === 0) {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(oaiError('badArgument', 'Illegal or missing arguments.'));
    return;
  }
  // Counted per server (its port), so each test's server replays from the first answer.
  const callKey = `${res.socket?.localPort ?? 0}|${key}`;
  const n = oaiCalls.get(callKey) ?? 0;
  oaiCalls.set(callKey, n + 1);
  const answer = matches[Math.min(n, matches.length - 1)]!;
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

/**
 * A Hugging Face day whose one paper is 1111.2011: the recorded 2024-05-27 day's first entry, given the id, title and
 * abstract of the recorded arXiv answer for it. A feed paper as Hugging Face gives it, without a version, that arXiv
 * knows at v2.
 */
function hfDayOf1111(): Buffer {
  const [entry] = JSON.parse(fixture('hf/hf_daily_2024-05-27.json').toString('utf8')) as { paper: Record<string, unknown>; title?: string }[];
  const atom = fixture('arxiv/arxiv_classic_2016_idlist_1111.2011v2.xml').toString('utf8');
  const field = (tag: string) => (new RegExp(`<entry>[\\s\\S]*?<${tag}>([\\s\\S]*?)</${tag}>`).exec(atom)?.[1] ?? '').replace(/\s+/g, ' ').trim();
  const title = field('title');
  const authors = [...atom.matchAll(/<name>([^<]+)<\/name>/g)].map((m) => ({ name: m[1]!.trim() }));
  // Meteor's own fields go: what is left is Hugging Face's record format with arXiv's paper in it.
  const { ai_summary: _summary, ai_keywords: _keywords, githubRepo: _repo, projectPage: _page, ...rest } = entry!.paper;
  const paper = { ...rest, id: '1111.2011', title, summary: field('summary'), authors };
  return Buffer.from(JSON.stringify([{ ...entry!, title, paper }]), 'utf8');
}

function route(url: URL, res: ServerResponse): void {
  const parts = url.pathname.split('/').filter(Boolean);
  const head = parts[0];
  if (head === 'hf' && parts.slice(1).join('/') === 'api/daily_papers') {
    const date = url.searchParams.get('date') ?? '';
    const file = hfDays[date];
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(date === '2011-11-08' ? hfDayOf1111() : file ? fixture(file) : '[]');
    return;
  }
  if (head === 'hf' && parts[1] === 'api' && parts[2] === 'papers' && parts[3] && parts.length === 4) {
    // HF's paper page of 2608.09888 (one linked dataset), whatever the id, as the S2 routes answer for any paper.
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(fixture('hf_paper/hf_api_papers_2608.09888.json'));
    return;
  }
  if (head === 'hostile') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(hostileDay);
    return;
  }
  if (head && parts[1] && routePdf(head, parts.slice(1).join('/'), url, res)) return;
  if (head === 'oai2' || (head === 'oai-paged' && parts[1] === 'oai2')) {
    routeOai(url, res, head === 'oai-paged');
    return;
  }
  if (head === 'arxiv-rss' && (parts[1] === 'rss' || parts[1] === 'atom') && parts[2]) {
    const cats = decodeURIComponent(parts[2]);
    const file =
      cats === 'cs.CL'
        ? 'arxiv_rss/rss2_cs.CL_weekend_empty_2026-08-01.xml'
        : parts[1] === 'atom'
          ? 'arxiv_rss/atom_cs.LG_2026-09-25_trimmed3entries.xml'
          : 'arxiv_rss/rss2_multicat_cs.LG+cs.AI+cs.CL+stat.ML_2026-09-24_trimmed4items.xml';
    res.writeHead(200, { 'content-type': `application/${parts[1] === 'rss' ? 'rss' : 'atom'}+xml; charset=utf-8` });
    res.end(fixture(file));
    return;
  }
  if (head === 'arxiv' && parts.slice(1).join('/') === 'api/query') {
    const answer = arxivRecording(url.searchParams);
    res.writeHead(answer.status, { 'content-type': 'application/atom+xml; charset=utf-8' });
    res.end('file' in answer ? fixture(answer.file) : answer.body);
    return;
  }
  const s2 = /^\/s2\/graph\/v1\/paper\/(.+)\/(citations|references)$/.exec(url.pathname);
  if (s2) {
    const { status, body } = s2Recording(decodeURIComponent(s2[1]!), s2[2]!, url.searchParams);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
}

/** Writes a JSON-looking body for as long as the client reads it, respecting backpressure. */
function endless(res: ServerResponse, headers: Record<string, string | number>, count: (bytes: number) => void): void {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  const piece = Buffer.from(`${JSON.stringify({ title: 'x'.repeat(1000) })},`.repeat(64));
  let open = true;
  res.on('close', () => (open = false));
  const pump = () => {
    while (open) {
      count(piece.length);
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  res.write('[');
  pump();
}

function handle(req: IncomingMessage, res: ServerResponse, count: (bytes: number) => void = () => undefined): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const parts = url.pathname.split('/').filter(Boolean);
  const rest = (n: number) => new URL(`/${parts.slice(n).join('/')}${url.search}`, url);
  switch (parts[0]) {
    case 'slow': {
      const ms = Number(parts[1]);
      const timer = setTimeout(() => route(rest(2), res), Number.isFinite(ms) ? ms : 5000);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case 'drop':
      req.socket.destroy();
      return;
    case 'endless':
      endless(res, {}, count);
      return;
    case 'too-long':
      endless(res, { 'content-length': 400_000_000 }, count);
      return;
    case 'status':
      res.writeHead(Number(parts[1]) || 500, { 'content-type': 'text/html' });
      res.end('<html><body>Service Unavailable</body></html>');
      return;
    case 'garbage': {
      const file = hfDays['2025-07-22']!;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(fixture(file).subarray(0, 5000));
      return;
    }
    default:
      route(url, res);
  }
}

export async function startFixtureServer(port = 0): Promise<FixtureServer> {
  const requests: RecordedRequest[] = [];
  let streamed = 0;
  const state = { pdfLive: 'pdf' };
  const server = createServer((req, res) => {
    if (req.url === requestLogPath) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(requests));
      return;
    }
    requests.push({ path: req.url ?? '/', at: Date.now() });
    if (req.url?.startsWith('/pdf-live/')) req.url = `/${state.pdfLive}/${req.url.slice('/pdf-live/'.length)}`;
    handle(req, res, (bytes) => (streamed += bytes));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    requests,
    streamed: () => streamed,
    get pdfLive() {
      return state.pdfLive;
    },
    set pdfLive(value: string) {
      state.pdfLive = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
