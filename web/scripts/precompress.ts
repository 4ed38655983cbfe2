import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Text assets worth compressing; smaller files cost more in headers than they save. */
const COMPRESSIBLE = /\.(js|css|svg|json|txt)$/;
const MIN_BYTES = 1024;

/**
 * After `vite build`, writes `<asset>.br` (brotli, quality 11) and `<asset>.gz` (gzip -9) beside every text
 * asset, once. The server sends whichever the browser accepts (`serveStatic({ precompressed: true })`), so
 * no request pays for compression and the browser downloads the JavaScript at its gzip size.
 */
export function precompress(): Plugin {
  return {
    name: 'precompress-assets',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir;
      if (!dir) return;
      for (const file of Object.keys(bundle)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const full = path.join(dir, file);
        const raw = fs.readFileSync(full);
        if (raw.byteLength < MIN_BYTES) continue;
        fs.writeFileSync(
          `${full}.br`,
          brotliCompressSync(raw, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: raw.byteLength,
            },
          }),
        );
        fs.writeFileSync(`${full}.gz`, gzipSync(raw, { level: 9 }));
      }
    },
  };
}
