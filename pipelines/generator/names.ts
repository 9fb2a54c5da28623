import type { Rng } from './random.js';

/** Word lists for fake but plausible customer records (no commas or pipes: they stay plain in CSV and FEC). */
// prettier-ignore
const FAMILY = [
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
  'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier',
  'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Legrand',
  'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Nicolas', 'Perrin',
];
// prettier-ignore
const TRADE = [
  'Transports', 'Logistique', 'Bâtiment', 'Électricité', 'Menuiserie', 'Imprimerie', 'Distribution',
  'Boulangerie', 'Pharmacie', 'Informatique', 'Conseil', 'Métallerie', 'Plomberie', 'Agencement',
  'Restauration', 'Textile', 'Emballages', 'Paysages', 'Automobiles', 'Énergies', 'Négoce', 'Chimie',
];
// prettier-ignore
const PLACE = [
  'du Nord', 'de l’Ouest', 'Alpes', 'Provence', 'Atlantique', 'Bretagne', 'Normandie', 'Rhône',
  'Océan', 'Centre', 'Aquitaine', 'Lorraine', 'Vendée', 'Savoie', 'Loire',
];
const FORMS = ['SAS', 'SARL', 'SA', 'SASU', 'EURL', 'SNC'];
const OWNERS = ['alice.morel', 'bruno.petit', 'chloe.garnier', 'david.roux', 'emma.faure', 'farid.benali'];
const AGENCIES = ['Paris', 'Lyon', 'Lille', 'Nantes', 'Bordeaux', 'Marseille', 'Toulouse', 'Strasbourg'];

export function drawCompanyName(rng: Rng): string {
  const family = rng.pick(FAMILY);
  const trade = rng.pick(TRADE);
  const style = rng.int(0, 2);
  const base =
    style === 0 ? `${family} ${trade}` : style === 1 ? `${trade} ${rng.pick(PLACE)}` : `${family} et Fils`;
  return `${base} ${rng.pick(FORMS)}`;
}

export function drawOwner(rng: Rng): string {
  return rng.pick(OWNERS);
}

export function drawAgency(rng: Rng): string {
  return rng.pick(AGENCIES);
}

/** ASCII slug of a name for e-mail domains: "Lefèvre Bâtiment SAS" → "lefevre-batiment". */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\b(sas|sarl|sa|sasu|eurl|snc)\b/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const DIAL_CODES: Record<string, number> = {
  FR: 33,
  BE: 32,
  DE: 49,
  ES: 34,
  IT: 39,
  GB: 44,
  US: 1,
  CH: 41,
  JP: 81,
};

export function drawPhone(rng: Rng, country: string): string {
  const pairs = Array.from({ length: 4 }, () => String(rng.int(0, 99)).padStart(2, '0')).join(' ');
  return `+${DIAL_CODES[country] ?? rng.int(20, 99)} ${rng.int(1, 9)} ${pairs}`;
}

/** A fake SIREN: 8 digits and a Luhn check digit, as real ones carry. */
export function drawSiren(rng: Rng): string {
  const digits = [rng.int(1, 9), ...Array.from({ length: 7 }, () => rng.int(0, 9))];
  for (let check = 0; check <= 9; check++) {
    if (isLuhnValid([...digits, check])) return [...digits, check].join('');
  }
  throw new Error('unreachable: a Luhn check digit always exists');
}

function isLuhnValid(digits: number[]): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const fromRight = digits.length - 1 - i;
    let d = digits[i]!;
    if (fromRight % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}
