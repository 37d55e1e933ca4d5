// What a wall shows of a board: its top, never its bottom. At most `n` rows, nobody with nothing
// logged, and not the people tied for last place when the board has more than one place: the
// sales floor's TV celebrates the leaders and the movers, it does not shame the last.
export function wallRows(rows, n) {
  const scoring = rows.filter((r) => r.count > 0);
  if (!scoring.length) return [];
  const last = scoring[scoring.length - 1].rank;
  const top = last > 1 ? scoring.filter((r) => r.rank < last) : scoring;
  return top.slice(0, n);
}
