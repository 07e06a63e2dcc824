// "Vérifier un badge" on the static badge site (verify.html): no server, no third-party code.
//
// A person drops a baked badge (PNG or SVG), a credential file (.json, .jwt), or pastes a credential or
// its link. The page reads the credential hidden in the image (PNG iTXt chunk "openbadgecredential" for
// Open Badges 3.0, "openbadges" for 2.0; SVG element
// openbadges:assertion / openbadges:credential), explains it for an employer, and checks what a static
// page can check honestly:
//   - that this site published it: the hosted copy at the same place on this site is identical;
//   - the dates (not yet valid, expired);
//   - revocation: the bit in the published Bitstring Status List (gzip, DecompressionStream), or the
//     hosted OB 2.0 assertion marked revoked;
//   - a VC-JWT signature (Ed25519 or RS256) with WebCrypto, with the issuer's published key.
// A Data Integrity proof needs RDF canonicalisation: the page says it is checked by
// `badgeworkbench verify` or the notebook 08-verify, and does not pretend to check it.
// Every text from a badge is put into the page with textContent, never as HTML.
"use strict";

(function () {
  const root = document.getElementById("bw-verify");
  if (!root) return;
  const LANG = root.dataset.lang === "en" ? "en" : "fr";
  const BASE = root.dataset.base || "";

  const WORDS = {
    fr: {
      reading: "Lecture du badge…",
      genuine: "✔ Badge authentique : « {n} » délivré par {i} le {d} (publié par ce site, valable, non révoqué).",
      tampered: "✖ Badge modifié : il ne correspond pas à celui que l'émetteur a publié.",
      revoked: "✖ Badge révoqué par son émetteur",
      expired: "✖ Badge expiré le ",
      notyet: "✖ Badge pas encore valable : il ne l'est qu'à partir du ",
      foreign: "✖ Ce badge n'a pas été publié par ce site : vérifiez-le avec la commande « badgeworkbench verify » ou le carnet 08-verify.",
      unverifiable: "✖ Impossible de confirmer ce badge : ",
      unreadable: "✖ Illisible : ",
      noBadge: "ce fichier ne contient pas d'Open Badge (image non « cuite » ou autre fichier).",
      notOB: "ce contenu n'est ni une assertion Open Badges 2.0 ni un certificat Open Badges 3.0.",
      fetchFailed: "le site n'a pas pu être interrogé (ouvrez cette page depuis le site publié, pas depuis le disque).",
      emptyInput: "déposez l'image du badge ou collez son contenu ou son lien.",
      certifies: "Ce badge certifie",
      claims: "Ce badge affirme certifier",
      unconfirmed: "⚠ Ce badge n'est pas confirmé (voir ci-dessus) : voici ce qu'il affirme, à ne pas prendre pour acquis.",
      issuedBy: "Délivré par",
      issuedOn: "Délivré le",
      validUntil: "Valable jusqu'au",
      noEnd: "Sans date de fin de validité",
      recipient: "Le nom de la personne n'est pas écrit dans le badge (il est protégé) ; « badgeworkbench verify --identity COURRIEL » ou le carnet 08-verify vérifient qu'il est bien à elle.",
      criteria: "Ce qu'il a fallu montrer pour l'obtenir",
      competencies: "Compétences reconnues",
      endorsers: "Partenaires et employeurs qui soutiennent ce badge",
      signed: "soutien signé",
      unsigned: "soutien non signé",
      about: "Open Badges {v} : une norme ouverte (1EdTech) ; les références ROME (France Travail), ESCO (Commission européenne) et CléA sont des référentiels publics de métiers et de compétences.",
      check_hosted: "Copie publiée par l'émetteur",
      check_proof: "Signature du badge",
      check_dates: "Dates de validité",
      check_status: "Révocation",
      hostedSame: "identique à la copie publiée sur ce site ({p}).",
      hostedDiffers: "différente de la copie publiée sur ce site ({p}).",
      hostedMissing: "ce site ne publie pas ce badge ({p}).",
      notThisSite: "émis ailleurs que sur ce site ({u}).",
      hostedProof: "badge hébergé (Open Badges 2.0) : sa preuve est la copie publiée par l'émetteur.",
      signedOb2: "badge signé (Open Badges 2.0, JWS) : sa signature se vérifie avec « badgeworkbench verify » ou le carnet 08-verify.",
      jwtOk: "signature {a} vérifiée avec la clé publiée par l'émetteur ({k}).",
      jwtBad: "la signature {a} ne correspond pas au contenu : le badge a été modifié.",
      jwtKeyForeign: "la clé de signature ({k}) n'est pas une clé que l'émetteur déclare : le badge n'est pas de lui.",
      jwtKeyElsewhere: "la clé de signature ({k}) n'est pas publiée sur ce site : vérifiez la signature avec « badgeworkbench verify » ou le carnet 08-verify.",
      jwtNoCrypto: "ce navigateur ne sait pas vérifier une signature {a} : vérifiez-la avec « badgeworkbench verify » ou le carnet 08-verify.",
      diProof: "preuve Data Integrity ({c}) : elle se vérifie avec « badgeworkbench verify » ou le carnet 08-verify (une page statique ne peut pas la vérifier honnêtement) ; la copie publiée sur ce site, elle, est vérifiée ci-dessus.",
      noProof: "badge non signé : seule la copie publiée par l'émetteur en atteste.",
      datesOk: "valable depuis le {f}{u}.",
      datesUntil: " jusqu'au {u}",
      datesExpired: "expiré le {u}.",
      datesNotYet: "valable seulement à partir du {f}.",
      statusOk: "non révoqué (liste publiée {p}).",
      statusRevoked: "révoqué (liste publiée {p}).",
      statusNone: "l'émetteur ne publie pas de liste de révocation pour ce badge.",
      statusFailed: "la liste de révocation ({p}) n'a pas pu être lue.",
      reason: " : ",
      months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    },
    en: {
      reading: "Reading the badge…",
      genuine: "✔ Genuine badge: “{n}” issued by {i} on {d} (published by this site, valid, not revoked).",
      tampered: "✖ Tampered badge: it does not match the one its issuer published.",
      revoked: "✖ Badge revoked by its issuer",
      expired: "✖ Badge expired on ",
      notyet: "✖ Badge not valid yet: it is only valid from ",
      foreign: "✖ This badge was not published by this site: verify it with the command 'badgeworkbench verify' or the notebook 08-verify.",
      unverifiable: "✖ This badge cannot be confirmed: ",
      unreadable: "✖ Unreadable: ",
      noBadge: "this file holds no Open Badge (an image that was not baked, or another file).",
      notOB: "this is neither an Open Badges 2.0 assertion nor an Open Badges 3.0 credential.",
      fetchFailed: "the site could not be asked (open this page from the published site, not from disk).",
      emptyInput: "drop the badge image, or paste its content or its link.",
      certifies: "This badge certifies",
      claims: "This badge claims to certify",
      unconfirmed: "⚠ This badge is not confirmed (see above): here is what it claims, not to be taken for granted.",
      issuedBy: "Issued by",
      issuedOn: "Issued on",
      validUntil: "Valid until",
      noEnd: "No end of validity",
      recipient: "The person's name is not written in the badge (it is protected); 'badgeworkbench verify --identity EMAIL' or the notebook 08-verify check that it is theirs.",
      criteria: "What had to be shown to earn it",
      competencies: "Competencies recognised",
      endorsers: "Partners and employers who endorse this badge",
      signed: "signed endorsement",
      unsigned: "unsigned endorsement",
      about: "Open Badges {v}: an open standard (1EdTech); the ROME (France Travail), ESCO (European Commission) and CléA references are public catalogues of jobs and skills.",
      check_hosted: "Copy published by the issuer",
      check_proof: "The badge's signature",
      check_dates: "Validity dates",
      check_status: "Revocation",
      hostedSame: "identical to the copy published on this site ({p}).",
      hostedDiffers: "different from the copy published on this site ({p}).",
      hostedMissing: "this site does not publish this badge ({p}).",
      notThisSite: "issued elsewhere than on this site ({u}).",
      hostedProof: "hosted badge (Open Badges 2.0): its proof is the copy its issuer publishes.",
      signedOb2: "signed badge (Open Badges 2.0, JWS): its signature is verified by 'badgeworkbench verify' or the notebook 08-verify.",
      jwtOk: "{a} signature verified with the key the issuer publishes ({k}).",
      jwtBad: "the {a} signature does not match the content: the badge was changed.",
      jwtKeyForeign: "the signing key ({k}) is not one the issuer declares: the badge is not theirs.",
      jwtKeyElsewhere: "the signing key ({k}) is not published on this site: verify the signature with 'badgeworkbench verify' or the notebook 08-verify.",
      jwtNoCrypto: "this browser cannot verify a {a} signature: verify it with 'badgeworkbench verify' or the notebook 08-verify.",
      diProof: "Data Integrity proof ({c}): it is verified by 'badgeworkbench verify' or the notebook 08-verify (a static page cannot honestly verify it); the copy published on this site is checked above.",
      noProof: "unsigned badge: only the copy its issuer publishes vouches for it.",
      datesOk: "valid since {f}{u}.",
      datesUntil: " until {u}",
      datesExpired: "expired on {u}.",
      datesNotYet: "only valid from {f}.",
      statusOk: "not revoked (published list {p}).",
      statusRevoked: "revoked (published list {p}).",
      statusNone: "the issuer publishes no revocation list for this badge.",
      statusFailed: "the revocation list ({p}) could not be read.",
      reason: ": ",
      months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    },
  };
  // French typography, as the workbench's labels: a narrow no-break space before ; : ! ? and inside « ».
  for (const [key, text] of Object.entries(WORDS.fr)) {
    if (typeof text === "string") {
      WORDS.fr[key] = text.replace(/ ([;:!?])(?!\/\/)/g, "\u202f$1").replace(/« /g, "«\u202f").replace(/ »/g, "\u202f»");
    }
  }
  const W = WORDS[LANG];
  const fill = (text, values) => text.replace(/\{(\w)\}/g, (_, k) => (values && values[k] !== undefined ? values[k] : ""));

  class Unreadable extends Error {}

  // --- reading what a person gives ---------------------------------------------------------------

  const utf8 = new TextDecoder("utf-8");
  const latin1 = new TextDecoder("latin1");

  async function inflate(bytes, format) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream(format));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  async function pngPayload(bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 8;
    while (at + 8 <= bytes.length) {
      const length = view.getUint32(at);
      const kind = latin1.decode(bytes.subarray(at + 4, at + 8));
      const body = bytes.subarray(at + 8, at + 8 + length);
      if (kind === "iTXt" || kind === "tEXt" || kind === "zTXt") {
        const nul = body.indexOf(0);
        const keyword = nul > 0 ? latin1.decode(body.subarray(0, nul)) : "";
        if (keyword === "openbadgecredential" || keyword === "openbadges") {
          const rest = body.subarray(nul + 1);
          if (kind === "tEXt") return latin1.decode(rest);
          if (kind === "zTXt") return latin1.decode(await inflate(rest.subarray(1), "deflate"));
          const compressed = rest[0] === 1;
          const langEnd = rest.indexOf(0, 2);
          const translatedEnd = rest.indexOf(0, langEnd + 1);
          const raw = rest.subarray(translatedEnd + 1);
          return utf8.decode(compressed ? await inflate(raw, "deflate") : raw);
        }
      }
      if (kind === "IEND") break;
      at += 12 + length;
    }
    throw new Unreadable(W.noBadge);
  }

  function svgPayload(text) {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    for (const name of ["openbadges:credential", "openbadges:assertion"]) {
      const element = doc.getElementsByTagName(name)[0];
      // the JSON baked in the element first: an OB 2.0 badge also names its hosted URL in "verify", and
      // reading only that would compare the hosted copy with itself
      if (element) return element.textContent.trim() || element.getAttribute("verify") || "";
    }
    throw new Unreadable(W.noBadge);
  }

  async function payloadOf(bytes) {
    if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return pngPayload(bytes);
    const text = utf8.decode(bytes).replace(/^\uFEFF/, "").trim();
    if (text.startsWith("<")) return svgPayload(text);
    return text;
  }

  function b64urlBytes(text) {
    const plain = text.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(plain + "=".repeat((4 - (plain.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  }

  // A badge as text: a compact JWS (VC-JWT), JSON, or a link to a hosted assertion.
  async function parsePayload(text, depth) {
    text = text.trim();
    if (/^[\w-]+\.[\w-]+\.[\w-]*$/.test(text)) {
      const [head, body] = text.split(".");
      const payload = JSON.parse(utf8.decode(b64urlBytes(body)));
      return { jwt: text, header: JSON.parse(utf8.decode(b64urlBytes(head))), credential: payload.vc || payload };
    }
    if (text.startsWith("{")) return { credential: JSON.parse(text) };
    if (/^https?:\/\//.test(text) && !depth) {
      const answer = await fetchText(here(text) || text);
      if (answer === null) throw new Unreadable(W.fetchFailed);
      return parsePayload(answer, 1);
    }
    throw new Unreadable(W.noBadge);
  }

  // --- this site's published files -----------------------------------------------------------------

  // The place on this site of a URL under the site's published address (works served locally too).
  function here(url) {
    if (!BASE || typeof url !== "string" || !url.startsWith(BASE)) return null;
    return new URL(url.slice(BASE.length), document.baseURI).href;
  }
  const shown = (url) => (BASE && url.startsWith(BASE) ? url.slice(BASE.length) : url);

  async function fetchText(url) {
    try {
      const answer = await fetch(url, { cache: "no-store" });
      return answer.ok ? await answer.text() : null;
    } catch (error) {
      return null;
    }
  }
  async function fetchJson(url) {
    const local = here(url);
    const text = local ? await fetchText(local) : null;
    try {
      return text === null ? null : JSON.parse(text);
    } catch (error) {
      return null;
    }
  }

  function sameJson(a, b) {
    if (a === b) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson(a[k], b[k]));
  }

  const types = (value) => [].concat((value && value.type) || []);
  const idOf = (value) => (typeof value === "string" ? value : (value && value.id) || "");

  // --- the checks ------------------------------------------------------------------------------------

  function datesCheck(from, until) {
    const now = Date.now();
    const f = readable(from), u = readable(until);
    if (from && Date.parse(from) > now) return { name: "dates", outcome: "failed", message: fill(W.datesNotYet, { f }), status: "notyet", when: f };
    if (until && Date.parse(until) < now) return { name: "dates", outcome: "failed", message: fill(W.datesExpired, { u }), status: "expired", when: u };
    return { name: "dates", outcome: "ok", message: fill(W.datesOk, { f, u: until ? fill(W.datesUntil, { u }) : "" }) };
  }

  async function statusCheck(entry, id) {
    if (!entry) return { name: "status", outcome: "not-checked", message: W.statusNone };
    const listUrl = entry.statusListCredential || entry.id || "";
    const p = shown(listUrl.split("#")[0]);
    const list = await fetchJson(listUrl.split("#")[0]);
    if (!list) return { name: "status", outcome: "not-checked", message: fill(W.statusFailed, { p }) };
    let revoked = false;
    if (types(entry).includes("BitstringStatusListEntry")) {
      const encoded = (list.credentialSubject || {}).encodedList || "";
      try {
        const bits = await inflate(b64urlBytes(encoded.replace(/^u/, "")), "gzip");
        const index = Number(entry.statusListIndex);
        revoked = ((bits[index >> 3] >> (7 - (index & 7))) & 1) === 1; // bit 0 is the left-most bit
      } catch (error) {
        return { name: "status", outcome: "not-checked", message: fill(W.statusFailed, { p }) };
      }
    } else {
      revoked = (list.revokedCredentials || []).some((item) => item.id === id);
    }
    return { name: "status", outcome: revoked ? "failed" : "ok", message: fill(revoked ? W.statusRevoked : W.statusOk, { p }), revoked };
  }

  // A did:web identifier's document: did:web:host:a:b → https://host/a/b/did.json (W3C did:web).
  function didWebUrl(did) {
    const parts = did.slice("did:web:".length).split("#")[0].split(":").map(decodeURIComponent);
    return parts.length > 1 ? `https://${parts[0]}/${parts.slice(1).join("/")}/did.json` : `https://${parts[0]}/.well-known/did.json`;
  }

  const B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  // The raw Ed25519 key of a Multikey "z6Mk…" (base58btc, multicodec 0xed 0x01), or null.
  function multikeyRaw(multikey) {
    if (!/^z[1-9A-HJ-NP-Za-km-z]+$/.test(multikey || "")) return null;
    let number = 0n;
    for (const char of multikey.slice(1)) number = number * 58n + BigInt(B58.indexOf(char));
    const bytes = [];
    for (; number > 0n; number >>= 8n) bytes.unshift(Number(number & 255n));
    return bytes.length === 34 && bytes[0] === 0xed && bytes[1] === 0x01 ? new Uint8Array(bytes.slice(2)) : null;
  }

  // The key a VC-JWT names (kid), as published on this site by the issuer: the issuer's did:web document's
  // verification method, or a key file served from the issuer profile's origin (a profile names no key: no
  // JSON-LD context defines verificationMethod). null when this site does not publish it.
  async function publishedKey(kid, issuer) {
    if (kid.startsWith("did:web:")) {
      const doc = await fetchJson(didWebUrl(kid));
      const method = [].concat((doc && doc.verificationMethod) || []).find((m) => m.id === kid);
      if (!method || kid.split("#")[0] !== idOf(issuer)) return method ? { listed: false } : null;
      return { listed: true, jwk: method.publicKeyJwk, raw: multikeyRaw(method.publicKeyMultibase) };
    }
    const jwk = await fetchJson(kid);
    if (!jwk) return null;
    let listed = false;
    try {
      listed = new URL(kid).origin === new URL(idOf(issuer)).origin;
    } catch (error) {
      listed = false;
    }
    return { listed, jwk: jwk.publicKeyJwk || jwk };
  }

  async function jwtCheck(jwt, header, issuer) {
    const a = header.alg === "EdDSA" ? "Ed25519" : header.alg;
    const k = shown(header.kid || "");
    const key = await publishedKey(header.kid || "", issuer);
    if (!key) return { name: "proof", outcome: "not-checked", message: fill(W.jwtKeyElsewhere, { k }) };
    if (!key.listed) return { name: "proof", outcome: "failed", message: fill(W.jwtKeyForeign, { k }) };
    const algorithm = header.alg === "EdDSA" ? { name: "Ed25519" } : header.alg === "RS256" ? { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } : null;
    let cryptoKey;
    try {
      if (key.raw && header.alg === "EdDSA") {
        cryptoKey = await crypto.subtle.importKey("raw", key.raw, algorithm, false, ["verify"]);
      } else {
        const { kty, crv, x, n, e } = key.jwk || {};
        cryptoKey = await crypto.subtle.importKey("jwk", { kty, crv, x, n, e }, algorithm, false, ["verify"]);
      }
    } catch (error) {
      return { name: "proof", outcome: "not-checked", message: fill(W.jwtNoCrypto, { a }) };
    }
    const [head, body, signature] = jwt.split(".");
    const ok = await crypto.subtle.verify(algorithm, cryptoKey, b64urlBytes(signature), new TextEncoder().encode(`${head}.${body}`));
    return { name: "proof", outcome: ok ? "ok" : "failed", message: fill(ok ? W.jwtOk : W.jwtBad, { a, k }) };
  }

  async function hostedCheck(url, credential, jwt) {
    const p = shown(url);
    const local = here(url);
    if (!local) return { name: "hosted", outcome: "failed", message: fill(W.notThisSite, { u: url }), foreign: true };
    const text = await fetchText(local);
    // not published here (or withdrawn): this site cannot vouch for it, the command-line verifier can try further
    if (text === null) return { name: "hosted", outcome: "failed", message: fill(W.hostedMissing, { p }), foreign: true };
    let same;
    if (jwt) {
      same = text.trim() === jwt;
    } else {
      let hosted;
      try {
        hosted = JSON.parse(text);
      } catch (error) {
        hosted = null;
      }
      // A revoked OB 2.0 assertion is re-published with "revoked" and its reason: the rest must be identical.
      const rest = hosted && Object.fromEntries(Object.entries(hosted).filter(([k]) => k !== "revoked" && k !== "revocationReason"));
      same = sameJson(rest, credential);
      if (same && hosted.revoked) return { name: "hosted", outcome: "ok", message: fill(W.hostedSame, { p }), revoked: hosted.revocationReason || true };
    }
    return { name: "hosted", outcome: same ? "ok" : "failed", message: fill(same ? W.hostedSame : W.hostedDiffers, { p }), tampered: !same };
  }

  // --- what the badge means -------------------------------------------------------------------------

  async function ob2Meaning(assertion) {
    const badge = typeof assertion.badge === "object" ? assertion.badge : (await fetchJson(assertion.badge)) || {};
    const issuer = typeof badge.issuer === "object" ? badge.issuer : (await fetchJson(badge.issuer)) || {};
    const endorsers = [];
    for (const url of [].concat(badge.endorsement || [])) {
      const endorsement = typeof url === "object" ? url : await fetchJson(url);
      if (!endorsement) continue;
      const who = typeof endorsement.issuer === "object" ? endorsement.issuer : (await fetchJson(endorsement.issuer)) || {};
      endorsers.push({ name: who.name || idOf(endorsement.issuer), comment: (endorsement.claim || {}).endorsementComment || "", signed: false });
    }
    return {
      version: "2.0", name: badge.name || "", description: badge.description || "",
      criteria: (badge.criteria || {}).narrative || "", issuerName: issuer.name || idOf(badge.issuer), issuerUrl: issuer.url || "",
      issued: assertion.issuedOn, until: assertion.expires, competencies: [].concat(badge.alignment || []), endorsers,
    };
  }

  function ob3Meaning(credential) {
    const achievement = (credential.credentialSubject || {}).achievement || {};
    const issuer = typeof credential.issuer === "object" ? credential.issuer : { id: credential.issuer };
    const endorsers = [].concat(achievement.endorsement || credential.endorsement || []).map((e) => ({
      name: (e.issuer && e.issuer.name) || idOf(e.issuer), comment: (e.credentialSubject || {}).endorsementComment || "", signed: Boolean(e.proof),
    }));
    return {
      version: "3.0", name: achievement.name || credential.name || "", description: achievement.description || credential.description || "",
      criteria: (achievement.criteria || {}).narrative || "", issuerName: issuer.name || issuer.id || "", issuerUrl: issuer.url || "",
      issued: credential.awardedDate || credential.validFrom || credential.issuanceDate, until: credential.validUntil || credential.expirationDate,
      competencies: [].concat(achievement.alignment || []), endorsers,
    };
  }

  // --- the verdict ---------------------------------------------------------------------------------

  async function verify(given) {
    const checks = [];
    const credential = given.credential;
    const kinds = types(credential);
    let meaning, status;
    if (kinds.includes("Assertion")) {
      const hosted = await hostedCheck(idOf(credential), credential, null);
      checks.push(hosted);
      if (given.jwt || types(credential.verification).includes("SignedBadge")) {
        checks.push({ name: "proof", outcome: "not-checked", message: W.signedOb2 });
      } else {
        checks.push({ name: "proof", outcome: hosted.outcome === "ok" ? "ok" : "failed", message: W.hostedProof });
      }
      checks.push(datesCheck(credential.issuedOn, credential.expires));
      if (hosted.outcome === "ok") {
        checks.push({ name: "status", outcome: hosted.revoked ? "failed" : "ok", message: fill(hosted.revoked ? W.statusRevoked : W.statusOk, { p: shown(idOf(credential)) }), revoked: hosted.revoked });
      }
      meaning = await ob2Meaning(credential);
    } else if (kinds.includes("OpenBadgeCredential") || kinds.includes("AchievementCredential")) {
      // The awards this site publishes are at ob3/credentials/<award>.json (and .jwt), the award being the
      // credential's urn:uuid: whatever the issuer's identifier (https profile, did:web, did:key).
      const award = /^urn:uuid:[0-9a-f-]{36}$/i.test(credential.id || "") ? credential.id.slice(9).replace(/-/g, "").toLowerCase() : "";
      if (!award) checks.push({ name: "hosted", outcome: "failed", message: fill(W.notThisSite, { u: credential.id || "?" }), foreign: true });
      else checks.push(await hostedCheck(`${BASE}ob3/credentials/${award}.${given.jwt ? "jwt" : "json"}`, credential, given.jwt));
      if (given.jwt) checks.push(await jwtCheck(given.jwt, given.header, credential.issuer));
      else if (credential.proof) checks.push({ name: "proof", outcome: "not-checked", message: fill(W.diProof, { c: [].concat(credential.proof)[0].cryptosuite || [].concat(credential.proof)[0].type }) });
      else checks.push({ name: "proof", outcome: "not-checked", message: W.noProof });
      checks.push(datesCheck(credential.validFrom, credential.validUntil));
      checks.push(await statusCheck(credential.credentialStatus, credential.id));
      meaning = ob3Meaning(credential);
    } else {
      throw new Unreadable(W.notOB);
    }
    const failed = (name) => checks.find((c) => c.name === name && c.outcome === "failed");
    if (checks.some((c) => c.tampered) || failed("proof")) status = W.tampered;
    else if (checks.some((c) => c.foreign)) status = W.foreign;
    else if (checks.some((c) => c.revoked)) {
      const reason = checks.map((c) => c.revoked).find((r) => typeof r === "string");
      status = W.revoked + (reason ? W.reason + reason : ".");
    } else if (failed("dates")) status = failed("dates").status === "expired" ? W.expired + failed("dates").when + "." : W.notyet + failed("dates").when + ".";
    else if (failed("hosted")) status = W.unverifiable + failed("hosted").message;
    else return { sentence: fill(W.genuine, { n: meaning.name, i: meaning.issuerName, d: readable(meaning.issued) }), genuine: true, checks, meaning };
    return { sentence: status, genuine: false, checks, meaning };
  }

  // --- showing it ---------------------------------------------------------------------------------------

  function readable(value) {
    if (!value) return "";
    const moment = new Date(value);
    if (Number.isNaN(moment.getTime())) return String(value);
    return `${moment.getUTCDate()} ${W.months[moment.getUTCMonth()]} ${moment.getUTCFullYear()}`;
  }

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }
  function link(url, text) {
    return /^https?:\/\//.test(url || "") ? el("a", text, { href: url, rel: "noopener" }) : el("span", text);
  }

  // The narrative's small Markdown (paragraphs, "- " lists, **bold**), built as nodes: no HTML from the badge.
  function narrative(md) {
    const box = el("div", "", { class: "criteria" });
    const inline = (parent, line) => {
      line.split(/\*\*(.+?)\*\*/).forEach((part, i) => parent.append(i % 2 ? el("strong", part) : document.createTextNode(part)));
    };
    for (const block of md.trim().split(/\n\s*\n/)) {
      const lines = block.split("\n").filter((l) => l.trim());
      if (lines.length && lines.every((l) => l.trim().startsWith("- "))) {
        const list = el("ul");
        lines.forEach((l) => { const item = el("li"); inline(item, l.trim().slice(2)); list.append(item); });
        box.append(list);
      } else if (lines.length) {
        const p = el("p");
        lines.forEach((l, i) => { if (i) p.append(el("br")); inline(p, l); });
        box.append(p);
      }
    }
    return box;
  }

  function show(result, imageUrl) {
    const verdict = document.getElementById("bw-verdict");
    verdict.textContent = result.sentence;
    verdict.className = result.genuine ? "verdict ok" : "verdict failed";
    const box = document.getElementById("bw-meaning");
    box.replaceChildren();
    const m = result.meaning;
    if (m) {
      // a badge that is not confirmed is shown as what it claims: a forged name must not read as a certification
      if (!result.genuine) box.append(el("p", W.unconfirmed, { class: "caution" }));
      if (imageUrl) box.append(el("img", "", { src: imageUrl, alt: m.name, class: "badge-image" }));
      const head = el("p", `${result.genuine ? W.certifies : W.claims}${LANG === "fr" ? "\u202f" : ""}: `);
      head.append(el("strong", m.name, { class: "badge-name" }));
      box.append(head);
      if (m.description) box.append(el("p", m.description, { class: "meta" }));
      const issuer = el("p", `${W.issuedBy}${LANG === "fr" ? "\u202f" : ""}: `);
      issuer.append(link(m.issuerUrl, m.issuerName));
      box.append(issuer);
      const colon = LANG === "fr" ? "\u202f: " : ": ";
      box.append(el("p", `${W.issuedOn} ${readable(m.issued)} · ${m.until ? `${W.validUntil} ${readable(m.until)}` : W.noEnd}`));
      box.append(el("p", W.recipient, { class: "meta" }));
      if (m.criteria) { box.append(el("h3", W.criteria)); box.append(narrative(m.criteria)); }
      if (m.competencies.length) {
        box.append(el("h3", W.competencies));
        const list = el("ul", "", { class: "competencies" });
        for (const a of m.competencies) {
          const item = el("li", a.targetName || a.targetCode || "");
          const reference = [a.targetFramework, a.targetCode].filter(Boolean).join(" ");
          if (reference || a.targetUrl) { item.append(" — "); item.append(link(a.targetUrl, reference || a.targetUrl)); }
          list.append(item);
        }
        box.append(list);
      }
      if (m.endorsers.length) {
        box.append(el("h3", W.endorsers));
        const list = el("ul", "", { class: "endorsers" });
        for (const e of m.endorsers) {
          const item = el("li");
          item.append(el("strong", e.name), ` (${e.signed ? W.signed : W.unsigned})`, e.comment ? colon + e.comment : "");
          list.append(item);
        }
        box.append(list);
      }
      box.append(el("p", fill(W.about, { v: m.version }), { class: "meta" }));
    }
    const checks = document.getElementById("bw-checks");
    checks.replaceChildren();
    for (const c of result.checks) {
      const icon = { ok: "✔", failed: "✖", "not-checked": "○" }[c.outcome];
      const item = el("li", `${icon} `, { class: `check ${c.outcome}`, "data-check": c.name });
      item.append(el("strong", W[`check_${c.name}`] || c.name), `${LANG === "fr" ? "\u202f: " : ": "}${c.message}`);
      checks.append(item);
    }
    document.getElementById("bw-details").hidden = !result.checks.length;
  }

  async function run(bytesOrText, imageUrl) {
    document.getElementById("bw-verdict").textContent = W.reading;
    try {
      const text = typeof bytesOrText === "string" ? bytesOrText : await payloadOf(bytesOrText);
      if (!text.trim()) throw new Unreadable(W.emptyInput);
      show(await verify(await parsePayload(text, 0)), imageUrl);
    } catch (error) {
      const message = error instanceof Unreadable ? error.message : `${W.notOB} (${error.message})`;
      show({ sentence: W.unreadable + message, genuine: false, checks: [], meaning: null }, null);
    }
  }

  async function readFile(file) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const image = /\.(png|svg)$/i.test(file.name) || /^image\//.test(file.type) ? URL.createObjectURL(file) : null;
    await run(bytes, image);
  }

  const input = document.getElementById("bw-file");
  input.addEventListener("change", () => input.files[0] && readFile(input.files[0]));
  const drop = document.getElementById("bw-drop");
  drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    if (event.dataTransfer.files[0]) readFile(event.dataTransfer.files[0]);
  });
  document.getElementById("bw-check").addEventListener("click", () => run(document.getElementById("bw-paste").value, null));
  root.dataset.ready = "yes";
})();
