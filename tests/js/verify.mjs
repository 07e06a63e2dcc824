// The independent check of the workbench's Data Integrity proofs, with Digital Bazaar's reference
// libraries (@digitalbazaar/vc + data-integrity + eddsa-rdfc-2022-cryptosuite): test-only, never shipped.
//
//   node verify.mjs verify CREDENTIAL.json… --contexts MAP.json [--export FOLDER --base URL]
//       prints one line {"verified": true|false, "error": null|"why"} per file, in order;
//       exit 0 all verified, 1 one or more not verified, 2 unusable input
//   node verify.mjs sign CREDENTIAL.json --contexts MAP.json
//       signs with a fresh did:key (eddsa-rdfc-2022) and prints {"credential": …, "publicKeyMultibase": "z6Mk…"}
//
// MAP.json maps each JSON-LD context URL to a local file (the workbench's packaged copies). The
// documentLoader is offline: contexts come from MAP.json, did:web DID documents from the export
// FOLDER published at URL, did:key documents are derived from the key itself; anything else is refused.
import {readFileSync} from 'node:fs';
import path from 'node:path';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

const DID_CONTEXTS = ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'];

function option(args, name) {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

function didKeyDocument(did) {
  const multikey = did.slice('did:key:'.length);
  const id = `${did}#${multikey}`;
  return {
    '@context': DID_CONTEXTS,
    id: did,
    verificationMethod: [{id, type: 'Multikey', controller: did, publicKeyMultibase: multikey}],
    assertionMethod: [id],
    authentication: [id],
  };
}

function didWebDocument(did, folder, base) {
  // did:web:<host>[:<path>…] → https://<host>/<path>/did.json, then the same path under the export folder
  const [host, ...segments] = did.slice('did:web:'.length).split(':');
  const url = `https://${decodeURIComponent(host)}/${segments.length ? segments.join('/') : '.well-known'}/did.json`;
  const prefix = base.replace(/\/$/, '') + '/';
  if(!folder || !url.startsWith(prefix)) {
    throw new Error(`offline loader: ${url} is not in the export folder (the test never fetches)`);
  }
  const file = path.join(folder, ...url.slice(prefix.length).split('/').map(decodeURIComponent));
  return JSON.parse(readFileSync(file, 'utf8'));
}

function makeLoader({contexts, folder, base}) {
  return async url => {
    if(contexts[url]) {
      return {contextUrl: null, documentUrl: url, document: JSON.parse(readFileSync(contexts[url], 'utf8'))};
    }
    const [did, fragment] = url.split('#');
    let document;
    if(did.startsWith('did:key:')) {
      document = didKeyDocument(did);
    } else if(did.startsWith('did:web:')) {
      document = didWebDocument(did, folder, base);
    } else {
      throw new Error(`offline loader: refusing to fetch ${url}`);
    }
    if(fragment) {
      const method = (document.verificationMethod || []).find(m => m.id === url || m.id === `#${fragment}`);
      if(!method) {
        throw new Error(`${url} is not in the DID document of ${did}`);
      }
      document = {'@context': document['@context'], ...method};
    }
    return {contextUrl: null, documentUrl: url, document};
  };
}

async function verifyOne(credential, documentLoader) {
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  // revocation is checked by the workbench's own verify command, not by this proof check
  const checkStatus = async () => ({verified: true});
  const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
  const errors = [result.error, ...(result.results || []).map(r => r.error)].filter(Boolean)
    .flatMap(e => e.errors || [e]).map(e => e.message || String(e));
  const reasons = [...new Set(errors)];
  return {verified: result.verified, error: result.verified ? null : reasons.join('; ') || 'not verified'};
}

async function main(args) {
  const command = args[0];
  const files = [];
  for(const arg of args.slice(1)) {
    if(arg.startsWith('--')) {
      break;
    }
    files.push(arg);
  }
  const contexts = JSON.parse(readFileSync(option(args, '--contexts'), 'utf8'));
  const documentLoader = makeLoader({contexts, folder: option(args, '--export'), base: option(args, '--base') || ''});
  if(command === 'sign') {
    const credential = JSON.parse(readFileSync(files[0], 'utf8'));
    const keyPair = await Ed25519Multikey.generate();
    const did = `did:key:${keyPair.publicKeyMultibase}`;
    keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
    keyPair.controller = did;
    credential.issuer = typeof credential.issuer === 'object' ? {...credential.issuer, id: did} : did;
    const suite = new DataIntegrityProof({signer: keyPair.signer(), cryptosuite: eddsaRdfc2022});
    const signed = await vc.issue({credential, suite, documentLoader});
    return {lines: [{credential: signed, publicKeyMultibase: keyPair.publicKeyMultibase}], code: 0};
  }
  if(command !== 'verify' || !files.length) {
    return {lines: [{verified: false, error: `usage: verify FILE… --contexts MAP.json (got ${command})`}], code: 2};
  }
  const lines = [];
  for(const file of files) {
    let credential;
    try {
      credential = JSON.parse(readFileSync(file, 'utf8'));
    } catch(error) {
      lines.push({verified: false, error: `${file}: ${error.message}`});
      continue;
    }
    lines.push(await verifyOne(credential, documentLoader));
  }
  return {lines, code: lines.every(line => line.verified) ? 0 : 1};
}

try {
  const {lines, code} = await main(process.argv.slice(2));
  process.stdout.write(lines.map(line => JSON.stringify(line) + '\n').join(''));
  process.exitCode = code;
} catch(error) {
  process.stdout.write(JSON.stringify({verified: false, error: error.message}) + '\n');
  process.exitCode = 2;
}
