/** Checksums and shape checks that keep the built-in detectors from flagging ordinary numbers. */

/** Luhn (mod 10) over the digits of `text`. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** A payment card number: 13–19 digits, one kind of separator at most, Luhn-valid, not all one digit. */
export function creditCardValid(match: string): boolean {
  const digits = match.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  if (/ /.test(match) && /-/.test(match)) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  return luhnValid(digits);
}

/** IBAN lengths per country (ISO 13616 registry), for the common ones; others need 15–34. */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18,
  FR: 27, GB: 22, GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27,
  MT: 31, NL: 18, NO: 15, PL: 28, PT: 25, RO: 24, SE: 24, SI: 19, SK: 24, SM: 27, TR: 26, UA: 29,
};

/** An IBAN: known length for its country, and the ISO 7064 mod-97 check equals 1. */
export function ibanValid(match: string): boolean {
  const iban = match.replace(/ /g, '').toUpperCase();
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined ? iban.length !== expected : iban.length < 15 || iban.length > 34) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

/** A phone number: 10–15 digits (8–15 with a leading +), not a date or a dotted quad. */
export function phoneValid(match: string): boolean {
  const digits = match.replace(/\D/g, '');
  const international = match.trimStart().startsWith('+');
  if (digits.length > 15 || digits.length < (international ? 8 : 10)) return false;
  if (/^\d{4}[-/.]\d{2}[-/.]\d{2}/.test(match) || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(match)) return false;
  // Plain digit runs are more often ids and amounts than phone numbers.
  if (!international && /^\d+$/.test(match)) return false;
  return true;
}

/** An IPv6 address, as the URL parser accepts it (compressed forms included). */
export function ipv6Valid(match: string): boolean {
  if (!match.includes('::') && match.split(':').length !== 8) return false;
  if (!/[0-9a-f]/i.test(match)) return false;
  try {
    new URL(`http://[${match}]/`);
    return true;
  } catch {
    return false;
  }
}
