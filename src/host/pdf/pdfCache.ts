import * as vscode from 'vscode';
import { paperIdOfCacheFile, pdfCacheFileName, pdfDownloadUrl, pickCachedFile, type PdfPaperRef } from '../../core/pdf/cacheName';
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
 */
export class PdfCache {
  private readonly store: WorkspaceFsPdfStore;
  private readonly inFlight = new Map<string, Promise<vscode.Uri | undefined>>();
  private cleaned = false;

  constructor(
    folder: vscode.Uri,
    private readonly arxivBase: () => string,
    private readonly fetchImpl?: typeof fetch,
  ) {
    this.store = new WorkspaceFsPdfStore(folder);
  }

  get folder(): vscode.Uri {
    return this.store.folder;
  }

  /** Whether a URI is a file of this cache. */
  contains(uri: vscode.Uri): boolean {
    const folder = this.store.folder.toString().replace(/\/?$/, '/');
    return uri.toString().startsWith(folder);
  }

  /** The paper id of a cached file, for keying reading state and highlights by paper. */
  paperIdOf(uri: vscode.Uri): string | undefined {
    if (!this.contains(uri)) return undefined;
    return paperIdOfCacheFile(uri.path.slice(uri.path.lastIndexOf('/') + 1));
  }

  async cached(ref: PdfPaperRef, options: { anyVersion?: boolean } = {}): Promise<vscode.Uri | undefined> {
    const name = pickCachedFile(ref, await this.store.list(), options);
    return name ? this.store.uri(name) : undefined;
  }

  /** The local copy of a paper's PDF: cached, or downloaded now. Undefined when the user cancelled. */
  async ensure(ref: PdfPaperRef): Promise<vscode.Uri | undefined> {
    const hit = await this.cached(ref);
    if (hit) return hit;
    const name = pdfCacheFileName(ref);
    // Two clicks on "PDF" share one download.
    let pending = this.inFlight.get(name);
    if (!pending) {
      pending = this.download(ref, name).finally(() => this.inFlight.delete(name));
      this.inFlight.set(name, pending);
    }
    return pending;
  }

  private async download(ref: PdfPaperRef, name: string): Promise<vscode.Uri | undefined> {
    const url = pdfDownloadUrl(ref, this.arxivBase());
    if (!url) throw new Error(`"${ref.title ?? ref.id}" has no PDF link.`);
    if (!this.cleaned) {
      this.cleaned = true;
      await removeStaleParts(this.store);
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
              store: this.store,
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
      return this.store.uri(name);
    } catch (error) {
      if (error instanceof PdfDownloadError && error.kind === 'cancelled') return undefined;
      // Offline or arXiv refusing: another cached version of the paper is better than nothing.
      if (error instanceof PdfDownloadError && error.kind !== 'too-large') {
        const fallback = await this.cached(ref, { anyVersion: true });
        if (fallback) {
          void vscode.window.showWarningMessage(`Could not download this version of the PDF (${error.message}) Showing the cached ${fallback.path.slice(fallback.path.lastIndexOf('/') + 1)}.`);
          return fallback;
        }
      }
      throw error;
    }
  }
}
