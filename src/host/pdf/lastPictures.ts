import * as vscode from 'vscode';
import { errorText } from '../../core/errorText';
import {
  decodePictureRecord,
  encodePictureRecord,
  MAX_PICTURE_BYTES,
  pictureFileName,
  picturesToDrop,
  sameVersion,
  type FileVersion,
  type PictureMeta,
} from '../../core/pdf/lastPicture';

/** A picture to show, with what it shows. */
export interface LastPicture extends PictureMeta {
  readonly image: Uint8Array;
}

/**
 * The reader's last pictures of PDFs (see src/core/pdf/lastPicture.ts), one file each in the extension's own
 * storage, never in the workspace. A picture is kept with the version of the file the reader had opened when it was
 * taken, and shown only for that version. At most `MAX_PICTURES` are kept (the least recently used go), each at most
 * `MAX_PICTURE_BYTES`; one write at a time, the latest picture of a file replacing one still waiting.
 */
export class LastPictures {
  private writing: Promise<void> = Promise.resolve();
  /** Pictures waiting for the write before them, by file: only the latest of each is written. */
  private readonly waiting = new Map<string, { picture: LastPicture; version: FileVersion }>();

  constructor(
    private readonly folder: vscode.Uri,
    private readonly log: (message: string) => void,
  ) {}

  /** The picture of `file` as it is now, if one was kept; showing it makes it the most recently used. */
  async get(file: vscode.Uri): Promise<LastPicture | undefined> {
    const path = this.pathOf(file);
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(path);
    } catch {
      return undefined; // none kept: the usual case, and no need to look at the PDF
    }
    const record = decodePictureRecord(bytes);
    if (!record || record.file !== file.toString()) return undefined;
    try {
      const stat = await vscode.workspace.fs.stat(file);
      if (!sameVersion(record.version, { size: stat.size, mtime: stat.mtime })) return undefined;
    } catch {
      return undefined;
    }
    // Written again as it is: its time says it was used (the least recently used go first).
    this.enqueue(() => vscode.workspace.fs.writeFile(path, bytes));
    const { state, frame, colors, background, image } = record;
    // A plain copy of just the image: the file is read as a Node `Buffer` (posted as JSON, not bytes), and a view
    // would post the whole file under it.
    return { state, frame, colors, background, image: new Uint8Array(image) };
  }

  /** Keeps a picture of `file` at `version` (the one the reader had opened), in place of any earlier one. */
  put(file: vscode.Uri, picture: LastPicture, version: FileVersion): void {
    if (picture.image.length === 0 || picture.image.length > MAX_PICTURE_BYTES) return;
    const key = file.toString();
    const alreadyWaiting = this.waiting.has(key);
    this.waiting.set(key, { picture, version });
    if (alreadyWaiting) return;
    this.enqueue(async () => {
      const latest = this.waiting.get(key);
      this.waiting.delete(key);
      if (latest) await this.write(file, latest.picture, latest.version);
    });
  }

  /** Drops the picture of `file` (it turned out to need a password) and any waiting to be written. */
  forget(file: vscode.Uri): void {
    this.waiting.delete(file.toString());
    this.enqueue(() => vscode.workspace.fs.delete(this.pathOf(file)).then(undefined, () => undefined));
  }

  /** Drops every picture kept, and those waiting to be written (the user turned pictures off). */
  clear(): void {
    this.waiting.clear();
    this.enqueue(() => vscode.workspace.fs.delete(this.folder, { recursive: true, useTrash: false }).then(undefined, () => undefined));
  }

  private enqueue(task: () => Thenable<void> | Promise<void>): void {
    this.writing = this.writing.then(task).then(undefined, (error: unknown) => {
      // A picture is only a head start: without it the reader opens as it always did.
      this.log(`PDF reader: could not keep a picture of a PDF: ${errorText(error)}`);
    });
  }

  private async write(file: vscode.Uri, picture: LastPicture, version: FileVersion): Promise<void> {
    const bytes = encodePictureRecord({ ...picture, file: file.toString(), version });
    if (!bytes) return;
    const path = this.pathOf(file);
    // Written beside it and renamed over it: a reader never sees half a picture.
    const part = vscode.Uri.joinPath(this.folder, `${pictureFileName(file.toString())}.part`);
    await vscode.workspace.fs.createDirectory(this.folder);
    await vscode.workspace.fs.writeFile(part, bytes);
    await vscode.workspace.fs.rename(part, path, { overwrite: true });
    await this.dropOldest();
  }

  private async dropOldest(): Promise<void> {
    const entries = await vscode.workspace.fs.readDirectory(this.folder);
    // Another window may drop a file meanwhile: what is gone is left out.
    const kept = await Promise.all(
      entries
        .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.picture'))
        .map(([name]) =>
          vscode.workspace.fs.stat(vscode.Uri.joinPath(this.folder, name)).then(
            (stat) => ({ name, mtime: stat.mtime }),
            () => undefined,
          ),
        ),
    );
    for (const name of picturesToDrop(kept.filter((k) => k !== undefined))) {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(this.folder, name)).then(undefined, () => undefined);
    }
  }

  private pathOf(file: vscode.Uri): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, pictureFileName(file.toString()));
  }
}
