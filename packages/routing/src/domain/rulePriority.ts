/**
 * A free listener-rule priority in 1..capacity, picked at random among the free
 * ones: concurrent allocators that read the same set of taken priorities then
 * mostly try different slots instead of all racing for the lowest one.
 * Returns null when every priority is taken (the ALB is full).
 */
export function chooseFreePriority(
  taken: ReadonlySet<number>,
  capacity: number,
  random: () => number,
): number | null {
  const free: number[] = [];
  for (let priority = 1; priority <= capacity; priority += 1) if (!taken.has(priority)) free.push(priority);
  // Stryker disable next-line ConditionalExpression: without it, index -1 and `free[-1] ?? null` give null too; it says so plainly.
  if (free.length === 0) return null;
  const index = Math.min(free.length - 1, Math.floor(random() * free.length));
  return free[index] ?? null;
}
