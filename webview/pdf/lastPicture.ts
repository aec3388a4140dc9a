/**
 * The reader's last picture of a PDF (see src/core/pdf/lastPicture.ts). Opening a PDF again at the position the
 * reader last settled on, the picture of that window is shown at once, over the document, until the pages in view
 * are painted; the reader takes a new picture whenever it settles somewhere else with every page in view painted.
 * The picture is only an image: it takes no clicks, and goes at the first wheel, key or click in the document, when
 * the window changes size, or when the reader opens or is sent elsewhere than the picture shows.
 */
import { MAX_PICTURE_BYTES, sameViewState, type PictureFrame, type PictureMeta } from '../../src/core/pdf/lastPicture';
import type { PdfViewState } from '../../src/protocol/pdf';

/** How long the reader must stay put before it takes a picture (scrolling through takes none). */
const SETTLE_MS = 1_500;
/** A picture still up after this long (the document never came) goes: it could only mislead. */
const SHOWN_AT_MOST_MS = 15_000;

export interface Scene {
  /** Which document: a picture is of one (the host keeps it only for the latest). */
  readonly loadId: number;
  /** Where the reader is, and the page colours and background it paints with. */
  readonly state: PdfViewState;
  readonly colors: string;
  /** Resolves once every page in view is painted. */
  whenPainted(): Promise<void>;
}

export class LastPicture {
  /** The picture on screen (or being decoded). */
  private shown: HTMLCanvasElement | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The last picture taken or shown, so the same window is not taken again. */
  private lastKey = '';
  /** The window and position the picture on screen was taken of. */
  private shownFrame: PictureFrame | undefined;
  private shownState: PdfViewState | undefined;

  constructor(
    private readonly wrap: HTMLElement,
    private readonly viewerEl: HTMLElement,
    private readonly callbacks: { shown(): void; taken(loadId: number, picture: PictureMeta, image: ArrayBuffer): void },
  ) {
    const hide = () => this.hide();
    for (const event of ['wheel', 'keydown', 'pointerdown'] as const) viewerEl.addEventListener(event, hide, { passive: true });
    // A picture of another window size would not match what is under it.
    new ResizeObserver(() => {
      const was = this.shownFrame;
      if (was && (viewerEl.offsetWidth !== was.width || viewerEl.offsetHeight !== was.height)) this.hide();
    }).observe(viewerEl);
  }

  /** Whether a picture is on screen. */
  get showing(): boolean {
    return this.shown?.isConnected === true;
  }

  /** Shows the picture if it was taken of this window, in these colours, at `opening` (or at the start). */
  show(picture: PictureMeta, image: Uint8Array, colors: string, opening: PdfViewState | undefined): void {
    const frame = this.frame();
    const same =
      frame.width === picture.frame.width &&
      frame.height === picture.frame.height &&
      frame.devicePixelRatio === picture.frame.devicePixelRatio &&
      picture.colors === colors &&
      picture.background === this.background() &&
      sameViewState(picture.state, opening);
    if (!same || image.length > MAX_PICTURE_BYTES) return;
    this.hide();
    // Drawn on a canvas: decoded off the page's thread, and no image source for the page's CSP to allow.
    const canvas = document.createElement('canvas');
    canvas.className = 'last-picture';
    canvas.setAttribute('aria-hidden', 'true');
    Object.assign(canvas.style, {
      left: `${this.viewerEl.offsetLeft}px`,
      top: `${this.viewerEl.offsetTop}px`,
      width: `${picture.frame.clientWidth}px`,
      height: `${picture.frame.clientHeight}px`,
    });
    this.shown = canvas;
    this.shownFrame = frame;
    this.shownState = picture.state;
    this.lastKey = keyOf(picture);
    // A copy of the image's own bytes: `image` may be a view into a larger buffer.
    createImageBitmap(new Blob([image.slice()], { type: 'image/webp' })).then(
      (bitmap) => {
        if (this.shown === canvas) {
          canvas.width = bitmap.width;
          canvas.height = bitmap.height;
          canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
          this.wrap.append(canvas);
          this.callbacks.shown();
          setTimeout(() => {
            if (this.shown === canvas) this.hide();
          }, SHOWN_AT_MOST_MS);
        }
        bitmap.close();
      },
      () => {
        if (this.shown === canvas) this.hide();
      },
    );
  }

  /** Takes the picture away (the pages are painted, the reader moved, or the document failed). */
  hide(): void {
    if (this.shown) {
      this.shown.remove();
      this.shown.width = this.shown.height = 0;
    }
    this.shown = undefined;
    this.shownFrame = undefined;
    this.shownState = undefined;
  }

  /** The reader is at `state` (it opened, or was sent somewhere): a picture of another position goes. */
  keepOnlyAt(state: PdfViewState): void {
    if (this.shownState && !sameViewState(this.shownState, state)) this.hide();
  }

  /** The reader settled: once it has stayed put a moment with its pages painted, a picture of the window. */
  settled(scene: () => Scene | undefined): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.take(scene), SETTLE_MS);
  }

  /**
   * No more pictures of this document (a new one loads, or it failed). `another`: the next document replaces one
   * that was on screen (a changed file), so even a picture of the same place is new; the first document of the page
   * is the one whose picture was shown, if any, and that picture needs no retaking.
   */
  cancel(another = true): void {
    clearTimeout(this.timer);
    if (another) this.lastKey = '';
  }

  private async take(sceneOf: () => Scene | undefined): Promise<void> {
    const before = sceneOf();
    if (!before || document.visibilityState !== 'visible' || this.showing) return;
    await before.whenPainted();
    // Still the same document, at the same place, in the same colours, scrolled to the left edge (a reader opens
    // there: a picture scrolled sideways would not match it).
    const unchanged = (scene: Scene | undefined): scene is Scene =>
      scene !== undefined &&
      scene.loadId === before.loadId &&
      sameViewState(scene.state, before.state) &&
      scene.colors === before.colors &&
      this.viewerEl.scrollLeft === 0;
    const scene = sceneOf();
    if (!unchanged(scene)) return;
    const picture: PictureMeta = { state: scene.state, frame: this.frame(), colors: scene.colors, background: this.background() };
    const key = keyOf(picture);
    if (key === this.lastKey) return;
    const image = this.draw(picture.frame, picture.background);
    if (!image) return;
    const blob = await new Promise<Blob | null>((resolve) => image.toBlob(resolve, 'image/webp', 0.8));
    image.width = image.height = 0;
    if (!blob || blob.size === 0 || blob.size > MAX_PICTURE_BYTES || blob.type !== 'image/webp') return;
    const bytes = await blob.arrayBuffer();
    if (!unchanged(sceneOf())) return;
    this.lastKey = key;
    this.callbacks.taken(scene.loadId, picture, bytes);
  }

  /** The page canvases in the window, drawn where they are on screen over the viewer's background. */
  private draw(frame: PictureFrame, background: string): HTMLCanvasElement | undefined {
    const scale = frame.devicePixelRatio;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(frame.clientWidth * scale);
    canvas.height = Math.round(frame.clientHeight * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) return undefined;
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    const view = this.viewerEl.getBoundingClientRect();
    const left = view.left + this.viewerEl.clientLeft;
    const top = view.top + this.viewerEl.clientTop;
    let pages = 0;
    for (const page of this.viewerEl.querySelectorAll<HTMLCanvasElement>('canvas.page-canvas')) {
      const box = page.getBoundingClientRect();
      if (box.bottom <= top || box.top >= top + frame.clientHeight || box.width === 0 || page.width === 0) continue;
      ctx.drawImage(page, (box.left - left) * scale, (box.top - top) * scale, box.width * scale, box.height * scale);
      pages++;
    }
    if (pages === 0) {
      canvas.width = canvas.height = 0;
      return undefined;
    }
    return canvas;
  }

  private frame(): PictureFrame {
    const v = this.viewerEl;
    return {
      width: v.offsetWidth,
      height: v.offsetHeight,
      clientWidth: v.clientWidth,
      clientHeight: v.clientHeight,
      devicePixelRatio: window.devicePixelRatio,
    };
  }

  private background(): string {
    return getComputedStyle(this.viewerEl).backgroundColor;
  }
}

/** What tells one picture from another: the position, the window and the colours. */
function keyOf({ state, frame, colors, background }: PictureMeta): string {
  const { width, height, clientWidth, clientHeight, devicePixelRatio } = frame;
  return [state.page, state.offset, state.zoom, width, height, clientWidth, clientHeight, devicePixelRatio, colors, background].join('|');
}
