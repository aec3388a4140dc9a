import * as vscode from 'vscode';
import { paperIdOfCacheFile, pdfCacheFileName, pdfDownloadUrl, pdfOriginFolder, pickCachedFile, type PdfPaperRef } from '../../core/pdf/cacheName';
import { downloadPdf, PdfDownloadError, removeStaleParts, type PdfStore } from '../../core/pdf/pdfDownload';

/** The cache folder through `workspace.fs`, so it works on desktop, remote and web alike. */
export class WorkspaceFsPdfStore implements PdfStore {
  constructor(readonly folder: vscode.Uri) {}

  async list(): Promise<string[]> {
    try {
      const entries = await vscode.workspace.fs.readDirectory(this.folder);
      return entries.filter(([, type]) => type === vscode.FileType.File).map(([name]) => name);
    } catch {
      return [];
    }
  }

  async write(name: string, data: Uint8Array): Promise<void> {
    await vscode.workspace.fs.createDirectory(this.folder);
    await vscode.workspace.fs.writeFile(this.uri(name), data);
  }

  async rename(from: string, to: string): Promise<void> {
    await vscode.workspace.fs.rename(this.uri(from), this.uri(to), { overwrite: true });
  }

  async delete(name: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(this.uri(name), { useTrash: false });
    } catch (error) {
      if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) throw error;
    }
  }

  uri(name: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, name);
  }
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/**
 * Papers' PDFs in `globalStorageUri/pdf/`: the cached copy when there is one, else a download with progress and
 * cancel. Offline, a paper whose exact version is not cached opens any cached version, with a warning.
 * Kept by origin: arXiv's PDFs at the top, a mirror's (or any other server's) in a folder of its own, so a file
 * from elsewhere never opens as arXiv's.
 */
export class PdfCache {
  private readonly root: vscode.Uri;
  private readonly inFlight = new Map<string, Promise<vscode.Uri | undefined>>();
  private readonly cleaned = new Set<string>();

  constructor(
    folder: vscode.Uri,
    private readonly arxivBase: () => string,
    private readonly fetchImpl?: typeof fetch,
  ) {
    this.root = folder;
  }

  get folder(): vscode.Uri {
    return this.root;
  }

  /** The store of the origin a paper's PDF is downloaded from (undefined when it has no PDF link). */
  private storeFor(url: string): WorkspaceFsPdfStore {
    const sub = pdfOriginFolder(url);
    return new WorkspaceFsPdfStore(sub ? vscode.Uri.joinPath(this.root, sub) : this.root);
  }

  /** Whether a URI is a file of this cache. */
  contains(uri: vscode.Uri): boolean {
    const folder = this.root.toString().replace(/\/?$/, '/');
    return uri.toString().startsWith(folder);
  }

  /** The paper id of a cached file, for keying reading state and highlights by paper. */
  paperIdOf(uri: vscode.Uri): string | undefined {
    if (!this.contains(uri)) return undefined;
    return paperIdOfCacheFile(uri.path.slice(uri.path.lastIndexOf('/') + 1));
  }

  /** The cached copy of a paper's PDF from where it is downloaded from now (the arXiv base setting, or its link). */
  async cached(ref: PdfPaperRef, options: { anyVersion?: boolean } = {}): Promise<vscode.Uri | undefined> {
    const url = pdfDownloadUrl(ref, this.arxivBase());
    return url ? this.cachedIn(this.storeFor(url), ref, options) : undefined;
  }

  private async cachedIn(store: WorkspaceFsPdfStore, ref: PdfPaperRef, options: { anyVersion?: boolean } = {}): Promise<vscode.Uri | undefined> {
    const name = pickCachedFile(ref, await store.list(), options);
    return name ? store.uri(name) : undefined;
  }

  /** The local copy of a paper's PDF: cached, or downloaded now. Undefined when the user cancelled. */
  async ensure(ref: PdfPaperRef): Promise<vscode.Uri | undefined> {
    const url = pdfDownloadUrl(ref, this.arxivBase());
    if (!url) throw new Error(`"${ref.title ?? ref.id}" has no PDF link.`);
    const store = this.storeFor(url);
    const hit = await this.cachedIn(store, ref);
    if (hit) return hit;
    const name = pdfCacheFileName(ref);
    // Two clicks on "PDF" share one download.
    const key = store.uri(name).toString();
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.download(ref, url, store, name).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async download(ref: PdfPaperRef, url: string, store: WorkspaceFsPdfStore, name: string): Promise<vscode.Uri | undefined> {
    const folderKey = store.folder.toString();
    if (!this.cleaned.has(folderKey)) {
      this.cleaned.add(folderKey);
      await removeStaleParts(store);
    }
    const title = ref.title ? (ref.title.length > 60 ? `${ref.title.slice(0, 58)}…` : ref.title) : ref.id;
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Downloading the PDF of "${title}"`, cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          const subscription = token.onCancellationRequested(() => controller.abort());
          let reported = 0;
          try {
            await downloadPdf({
              url,
              store,
              name,
              signal: controller.signal,
              fetch: this.fetchImpl,
              onProgress: ({ received, total }) => {
                if (total) {
                  const percent = Math.floor((100 * received) / total);
                  progress.report({ increment: percent - reported, message: `${megabytes(received)} of ${megabytes(total)} MB` });
                  reported = percent;
                } else progress.report({ message: `${megabytes(received)} MB` });
              },
            });
          } finally {
            subscription.dispose();
          }
        },
      );
      return store.uri(name);
    } catch (error) {
      if (error instanceof PdfDownloadError && error.kind === 'cancelled') return undefined;
      // Offline or arXiv refusing: another cached version of the paper is better than nothing.
      if (error instanceof PdfDownloadError && error.kind !== 'too-large') {
        const fallback = await this.cachedIn(store, ref, { anyVersion: true });
        if (fallback) {
          void vscode.window.showWarningMessage(
            `Could not download this version of the PDF (${error.message}) Showing the cached ${fallback.path.slice(fallback.path.lastIndexOf('/') + 1)}.`,
          );
          return fallback;
        }
      }
      throw error;
    }
  }
}
