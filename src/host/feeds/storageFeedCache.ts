import * as vscode from 'vscode';
import type { CachedFeed, FeedCache } from '../../core/feeds/feedLoader';

/** Fetched feeds kept in the extension's global storage, one JSON file per source (works on desktop and web). */
export class StorageFeedCache implements FeedCache {
  constructor(private readonly folder: vscode.Uri) {}

  private file(key: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, `${key.replace(/[^\w.-]/g, '_')}.json`);
  }

  async read(key: string): Promise<CachedFeed | undefined> {
    try {
      const bytes = await vscode.workspace.fs.readFile(this.file(key));
      const value = JSON.parse(new TextDecoder().decode(bytes)) as CachedFeed;
      return typeof value?.savedAt === 'number' && Array.isArray(value.result?.papers) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  async write(key: string, feed: CachedFeed): Promise<void> {
    await vscode.workspace.fs.createDirectory(this.folder);
    // Write then rename, so a crash mid-write never leaves a truncated cache file behind.
    const target = this.file(key);
    const temp = vscode.Uri.joinPath(this.folder, `.${key.replace(/[^\w.-]/g, '_')}.${Date.now()}.tmp`);
    await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(JSON.stringify(feed)));
    await vscode.workspace.fs.rename(temp, target, { overwrite: true });
  }
}
