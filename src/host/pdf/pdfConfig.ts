import * as vscode from 'vscode';
import type { PageColorSetting } from '../../core/pdf/pageTheme';
import type { PdfReaderSettings } from '../../protocol/pdf';
import { trustedSetting, userSetting } from '../config';

/** Settings under `marginalia.pdf.*`, read fresh each time so changes apply without a reload. */
const section = () => vscode.workspace.getConfiguration('marginalia.pdf');

export const defaultArxivPdfBase = 'https://arxiv.org/pdf';

/** Where arXiv PDFs are downloaded from (a mirror, or the test server). */
export function arxivPdfBase(): string {
  return userSetting<string>('pdf.arxivBase')?.trim() || defaultArxivPdfBase;
}

const pageColorSettings: readonly PageColorSetting[] = ['auto', 'original', 'dark', 'sepia'];

export function readerSettings(): PdfReaderSettings {
  const value = section().get<string>('pageColors', 'auto');
  return {
    pageColors: (pageColorSettings as readonly string[]).includes(value) ? (value as PageColorSetting) : 'auto',
    keepPictures: keepPdfPictures(),
  };
}

/**
 * Whether the reader keeps pictures of PDFs in the extension's global storage. The user's choice only: a workspace
 * cannot turn it back on (the manifest's `application` scope, and read here from the user's settings).
 */
export function keepPdfPictures(): boolean {
  return userSetting<boolean>('pdf.keepPictures') !== false;
}

/** The settings the reader's page follows while it is open. */
export const pageSettingKeys = ['marginalia.pdf.pageColors', 'marginalia.pdf.keepPictures'] as const;

/**
 * How the PDF reaches the webview. `bytes` (the default) reads it with `workspace.fs` and posts it: works for every
 * file system, remote and virtual ones too. `uri` lets pdf.js fetch it as a webview resource. Not contributed as a
 * setting: it exists so `npm run bench:pdf` can compare the two.
 */
export function transferMode(): 'bytes' | 'uri' {
  return trustedSetting<string>('pdf.transfer') === 'uri' ? 'uri' : 'bytes';
}

/** Where pdf.js's worker runs: a thread of the extension host (where it can run one), or the reader's page. */
export function pdfWorkerPlace(): 'extensionHost' | 'webview' {
  return trustedSetting<string>('pdf.worker') === 'webview' ? 'webview' : 'extensionHost';
}

/**
 * How long pdf.js's thread outlives the last open reader, in ms. Not contributed as a setting: `npm run bench:pdf`
 * sets `marginalia.pdf.workerIdleSeconds` to 0 to measure a thread started for each PDF (the first of a session).
 */
export function pdfThreadIdleMs(fallback: number): number {
  const seconds = trustedSetting<number>('pdf.workerIdleSeconds');
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : fallback;
}
