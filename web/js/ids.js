// Ids (teams, reps, metrics: 1-32 characters of [a-z0-9_-]) made from the names people type,
// so nobody has to invent one: "Forward appointments" -> forward_appointments.
const MAX = 32;

export function slug(name, separator = '_') {
  return String(name).normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, separator).replace(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '')
    .slice(0, MAX).replace(new RegExp(`\\${separator}+$`), '');
}

// A slug not in `taken` (a Set or array of ids): name, name_2, name_3…; `fallback` when the name
// has no letters or digits of [a-z0-9] (say, all in another script).
export function idFrom(name, taken = [], { separator = '_', fallback = 'id' } = {}) {
  const used = taken instanceof Set ? taken : new Set(taken);
  const base = slug(name, separator) || fallback;
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `${separator}${n}`;
    const id = base.slice(0, MAX - suffix.length) + suffix;
    if (!used.has(id)) return id;
  }
}
