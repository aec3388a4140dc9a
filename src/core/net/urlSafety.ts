/**
 * URLs from feeds, notes and webviews that are refused before they are shown or opened.
 *
 * Invisible formatting characters make a URL read as something it is not: a right-to-left override shows
 * `https://github.com/evil/‮gnp.txt` as `…txt.png`, a zero-width space hides inside a look-alike host or path.
 * No real link needs one, so a URL carrying any of them (as is, or percent-encoded) is refused, never cleaned.
 */

/**
 * Bidirectional controls (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), zero-width and invisible
 * characters (U+00AD, U+034F, U+115F–U+1160, U+17B4–U+17B5, U+180E, U+200B–U+200D, U+2060–U+2064, U+3164, U+FEFF,
 * U+FFA0), interlinear annotations (U+FFF9–U+FFFB), variation selectors and tag characters: every one is
 * Unicode `Default_Ignorable_Code_Point` or bidi control, invisible when shown.
 */
const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class -- the combining and joining characters are the point
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDDEF]/;

/** Whether a text holds an invisible formatting character (see `INVISIBLE`). */
export function hasInvisibleFormatting(text: string): boolean {
  return INVISIBLE.test(text);
}

/** Percent-decodes as far as it can (a malformed escape leaves the text as it was from there). */
function decodedForms(url: string): string[] {
  const forms = [url];
  let current = url;
  // Twice: `%25E2%2580%25AE` is an override encoded twice, which a second decoder along the way would restore.
  for (let i = 0; i < 2 && /%[0-9a-f]{2}/i.test(current); i++) {
    try {
      current = decodeURIComponent(current);
    } catch {
      current = current.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
        try {
          return decodeURIComponent(run);
        } catch {
          return run;
        }
      });
    }
    forms.push(current);
  }
  return forms;
}

/** Whether a URL carries an invisible formatting character, written as is or percent-encoded. */
export function urlHasInvisibleFormatting(url: string): boolean {
  return decodedForms(url).some(hasInvisibleFormatting);
}

/**
 * An http(s) URL that may be shown as a link and opened: parses, has a host, carries no user name or password
 * (`https://github.com@evil.example/` reads as GitHub) and no invisible formatting character.
 */
export function isSafeWebUrl(url: string, options: { httpsOnly?: boolean } = {}): boolean {
  if (urlHasInvisibleFormatting(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && (options.httpsOnly || parsed.protocol !== 'http:')) return false;
  return parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}
