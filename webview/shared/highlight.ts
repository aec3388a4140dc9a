/** Renders text with highlighted ranges as text nodes and `<mark>` elements: never through HTML parsing. */
export function highlighted(text: string, ranges: readonly (readonly [number, number])[] | undefined): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let at = 0;
  const sorted = [...(ranges ?? [])].filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  for (const [start, end] of sorted) {
    const s = Math.max(start, at);
    const e = Math.min(end, text.length);
    if (e <= s) continue;
    if (s > at) fragment.append(text.slice(at, s));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(s, e);
    fragment.append(mark);
    at = e;
  }
  if (at < text.length) fragment.append(text.slice(at));
  return fragment;
}
