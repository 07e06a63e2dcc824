// A second reading of the workbench's OB 3.0 files by Digital Bazaar's JavaScript libraries (test-only):
// each file is expanded with jsonld.js in safe mode (a property or type its contexts do not define, a relative
// IRI, anything JSON-LD would silently drop, is an error), and each Verifiable Credential also goes through
// @digitalbazaar/vc's own credential checks (_checkCredential: contexts, type, subject, issuer, dates).
//
//   node conformance.mjs FILE.json… --contexts MAP.json
//       prints one line {"ok": true|false, "error": null|"why"} per file, in order; exit 0 when every file is ok
//
// MAP.json maps each JSON-LD context URL to a local file (the workbench's packaged copies); any other URL
// is refused: nothing is fetched.
import {readFileSync} from 'node:fs';

import jsonld from 'jsonld';
import * as vc from '@digitalbazaar/vc';

const args = process.argv.slice(2);
const at = args.indexOf('--contexts');
if(at < 0) {
  console.error('usage: node conformance.mjs FILE.json… --contexts MAP.json');
  process.exit(2);
}
const contexts = JSON.parse(readFileSync(args[at + 1], 'utf8'));
const files = args.filter((_, i) => i !== at && i !== at + 1);

async function documentLoader(url) {
  if(contexts[url]) {
    return {contextUrl: null, documentUrl: url, document: JSON.parse(readFileSync(contexts[url], 'utf8'))};
  }
  throw new Error(`offline loader: refusing to fetch ${url}`);
}

function types(document) {
  const type = document.type;
  return Array.isArray(type) ? type : [type];
}

let failed = 0;
for(const file of files) {
  let error = null;
  try {
    const document = JSON.parse(readFileSync(file, 'utf8'));
    await jsonld.expand(document, {documentLoader, safe: true});
    if(types(document).includes('VerifiableCredential')) {
      vc._checkCredential({credential: document, mode: 'verify'});
    }
  } catch(e) {
    error = `${e.name}: ${e.message}${e.details ? ' ' + JSON.stringify(e.details).slice(0, 400) : ''}`;
    failed += 1;
  }
  console.log(JSON.stringify({ok: error === null, error}));
}
process.exit(failed ? 1 : 0);
