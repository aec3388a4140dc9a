import * as vscode from 'vscode';
import { errorText } from '../../core/errorText';
import {
  decodePictureRecord,
  encodePictureRecord,
  MAX_PICTURE_BYTES,
  pictureFileName,
  picturesToDrop,
  type PictureMeta,
  type PictureRecord,
} from '../../core/pdf/lastPicture';

/** A picture to show, with what it shows. */
export interface LastPicture extends PictureMeta {
  readonly image: Uint8Array;
}

/**
 * The reader's last pictures of PDFs (see src/core/pdf/lastPicture.ts), one file each in the extension's own
 * storage, never in the workspace. A picture belongs to one version of one file: a PDF rebuilt or replaced since has
 * none. At most `MAX_PICTURES` are kept, each at most `MAX_PICTURE_BYTES`.
 */
export class LastPictures {
  /** One write at a time, so that dropping the oldest never races a write. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly folder: vscode.Uri,
    private readonly log: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The picture of this version of `file`, if one was kept. */
  async get(file: vscode.Uri): Promise<LastPicture | undefined> {
    try {
      const [stat, bytes] = await Promise.all([vscode.workspace.fs.stat(file), vscode.workspace.fs.readFile(this.pathOf(file))]);
      const record = decodePictureRecord(bytes);
      if (!record || record.file !== file.toString() || record.fileSize !== stat.size || record.fileMtime !== stat.mtime) return undefined;
      const { state, frame, colors, background, image } = record;
      // A plain copy of just the image: the file is read as a Node `Buffer` (posted as JSON, not bytes), and a view
      // would post the whole file under it.
      return { state, frame, colors, background, image: new Uint8Array(image) };
    } catch {
      // None kept (the usual case), or the file is gone.
      return undefined;
    }
  }

  /** Keeps a picture of `file` as it is now, in place of any earlier one; the oldest go beyond the limit. */
  put(file: vscode.Uri, picture: LastPicture): Promise<void> {
    const next = this.writing.then(() => this.write(file, picture));
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async write(file: vscode.Uri, picture: LastPicture): Promise<void> {
    if (picture.image.length === 0 || picture.image.length > MAX_PICTURE_BYTES) return;
    try {
      const stat = await vscode.workspace.fs.stat(file);
      const record: PictureRecord = { ...picture, file: file.toString(), fileSize: stat.size, fileMtime: stat.mtime, at: this.now() };
      await vscode.workspace.fs.createDirectory(this.folder);
      await vscode.workspace.fs.writeFile(this.pathOf(file), encodePictureRecord(record));
      const entries = await vscode.workspace.fs.readDirectory(this.folder);
      const kept = await Promise.all(
        entries
          .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.picture'))
          .map(async ([name]) => ({ name, mtime: (await vscode.workspace.fs.stat(vscode.Uri.joinPath(this.folder, name))).mtime })),
      );
      for (const name of picturesToDrop(kept)) await vscode.workspace.fs.delete(vscode.Uri.joinPath(this.folder, name));
    } catch (error) {
      // A picture is only a head start: without it the reader opens as it always did.
      this.log(`PDF reader: could not keep a picture of ${file.toString()}: ${errorText(error)}`);
    }
  }

  private pathOf(file: vscode.Uri): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, pictureFileName(file.toString()));
  }
}
