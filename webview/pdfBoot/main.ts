/** The PDF reader's boot script (see webview/pdf/bootChannel.ts): says `ready` before the main bundle has loaded. */
import type { PdfToHost } from '../../src/protocol/pdf';
import { bootEarly } from '../pdf/bootChannel';
import { vscodeApi } from '../shared/vscodeApi';

bootEarly(() => vscodeApi<PdfToHost, unknown>().post({ type: 'ready' }));
