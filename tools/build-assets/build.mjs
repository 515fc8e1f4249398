// Reproducible front-end builds for Payesh (run from this folder: `npm ci && node build.mjs`).
// 1. wwwroot/lib/echarts/echarts.payesh.min.js: ECharts with only the chart types and components the pages use.
// 2. wwwroot/lib/vazirmatn/fonts/*.woff2: the two Vazirmatn faces the style sheets use (400, 700), subset to the
//    Persian/Arabic and Latin characters a page can show (OFL 1.1 allows modification; no Reserved Font Name).
import { build } from 'esbuild';
import subsetFont from 'subset-font';
import { readFile, writeFile, copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const lib = path.resolve(here, '../../src/Payesh.Web/wwwroot/lib');

await build({
  entryPoints: [path.join(here, 'echarts.payesh.entry.js')],
  outfile: path.join(lib, 'echarts/echarts.payesh.min.js'),
  bundle: true, minify: true, format: 'iife', target: 'es2020', legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' },
  banner: { js: '/*! Apache ECharts 6.1.0 (Apache-2.0, see LICENSE and NOTICE): Payesh build, tools/build-assets */' },
});
await copyFile(path.join(here, 'node_modules/echarts/LICENSE'), path.join(lib, 'echarts/LICENSE'));
await copyFile(path.join(here, 'node_modules/echarts/NOTICE'), path.join(lib, 'echarts/NOTICE'));

// Every character a page can show: Basic Latin and Latin-1, Arabic and its Persian letters, Arabic presentation
// forms, general punctuation (ZWNJ, bidi marks, dashes, quotes), the arrows and a few symbols used in the layout.
const ranges = [[0x20, 0x7e], [0xa0, 0xff], [0x600, 0x6ff], [0x750, 0x77f], [0xfb50, 0xfdff], [0xfe70, 0xfeff],
  [0x2000, 0x206f], [0x2190, 0x21ff], [0x2212, 0x2212], [0x25a0, 0x25ff], [0x2713, 0x2717]];
const text = ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => String.fromCodePoint(a + i))).join('');
await mkdir(path.join(lib, 'vazirmatn/fonts'), { recursive: true });
for (const face of ['Regular', 'Bold']) {
  const font = await readFile(path.join(here, `node_modules/vazirmatn/fonts/webfonts/Vazirmatn-${face}.woff2`));
  const subset = await subsetFont(font, text, { targetFormat: 'woff2' });
  await writeFile(path.join(lib, `vazirmatn/fonts/Vazirmatn-${face}.woff2`), subset);
  console.log(`Vazirmatn-${face}.woff2: ${font.length} → ${subset.length} bytes`);
}
for (const f of ['OFL.txt', 'AUTHORS.txt']) await copyFile(path.join(here, `node_modules/vazirmatn/${f}`), path.join(lib, `vazirmatn/${f}`));
