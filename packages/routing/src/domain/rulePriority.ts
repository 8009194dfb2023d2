import type { PriorityRange } from "./priorityRange.ts";

/**
 * A free listener-rule priority in the ALB's range (priorityRange.ts), picked at random among
 * the free ones: concurrent allocators that read the same set of taken priorities then
 * mostly try different slots instead of all racing for the lowest one.
 * Returns null when every priority of the range is taken (the ALB is full).
 */
export function chooseFreePriority(
  taken: ReadonlySet<number>,
  range: Pick<PriorityRange, "first" | "last">,
  random: () => number,
): number | null {
  const free: number[] = [];
  for (let priority = range.first; priority <= range.last; priority += 1)
    if (!taken.has(priority)) free.push(priority);
  // Stryker disable next-line ConditionalExpression: without it, index -1 and `free[-1] ?? null` give null too; it says so plainly.
  if (free.length === 0) return null;
  const index = Math.min(free.length - 1, Math.floor(random() * free.length));
  return free[index] ?? null;
}
