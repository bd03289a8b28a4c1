const MS_PER_HOUR = 3_600_000;

/** Hours from one ISO time to another; negative when `to` comes first. */
export function hoursBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / MS_PER_HOUR;
}

/** An age in the unit a person reads it in: minutes, hours, then days. */
export function formatAge(hours: number): string {
  if (hours < 1) return `${Math.max(0, Math.round(hours * 60))} minutes`;
  if (hours < 48) return `${Math.round(hours)} hours`;
  return `${Math.round(hours / 24)} days`;
}
